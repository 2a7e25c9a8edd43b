"""Which reports have values OCR read with doubt (``uncertain`` on the cell tables, see
:class:`nianbao.warehouse.schema.ApplicationCell`, and on the counts stated in prose, ``narrative_claim``):
how many, and on which pages of the original, for the dashboard and the digests. Read-only; one plain
query over those four tables that SQLite and PostgreSQL run alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, text

# report ids per IN list, repeated in each of the four tables' branches: well under SQLite's and
# psycopg's parameter limits
CHUNK = 300
VALUE_TABLES = ("application_cell", "active_disclosure_cell", "review_litigation_cell", "narrative_claim")


@dataclass(frozen=True)
class UncertainCells:
    """A report's uncertain cells: how many, and the pages they are printed on (sorted; a cell whose
    page is not known counts but names no page)."""

    count: int
    pages: tuple[int, ...]


def _sql(filtered: bool) -> str:
    where = " AND report_id IN :ids" if filtered else ""
    cells = " UNION ALL ".join(f"SELECT report_id, page FROM {table} WHERE uncertain{where}" for table in VALUE_TABLES)
    return f"SELECT report_id, page, COUNT(*) AS cells FROM ({cells}) c GROUP BY report_id, page"


def uncertain_cells(connection: Connection, report_ids: Collection[int] | None = None) -> dict[int, UncertainCells]:
    """Report id → its uncertain cells, for the reports that have any: of every report, or of
    ``report_ids`` only."""
    if report_ids is None:
        batches: list[dict] = [{}]
        query = text(_sql(filtered=False))
    else:
        ids = sorted(set(report_ids))
        batches = [{"ids": ids[start:start + CHUNK]} for start in range(0, len(ids), CHUNK)]
        query = text(_sql(filtered=True)).bindparams(bindparam("ids", expanding=True))
    counts: dict[int, int] = defaultdict(int)
    pages: dict[int, set[int]] = defaultdict(set)
    for batch in batches:
        for report_id, page, cells in connection.execute(query, batch):
            counts[report_id] += int(cells)
            if page is not None:
                pages[report_id].add(int(page))
    return {report_id: UncertainCells(count, tuple(sorted(pages[report_id]))) for report_id, count in counts.items()}
