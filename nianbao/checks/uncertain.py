"""Findings that rest on values OCR read with doubt: a warning asking for the original, never a fault;
and the words staff see for such values, wherever they see them.

A cell of a scanned report is ``uncertain`` in the warehouse when the engine was unsure of it or the
table's own sums point at it, a count stated in its prose (a narrative claim) when the engine was unsure
of the line it is printed on (:mod:`parsers.confidence`). :data:`INPUTS` says, per rule, which values a
failing row of its query used (the rule's location gives the row or column; a claim is placed in the
pseudo-table :data:`CLAIMS` at the row of table 三 it states, in the column of its text); when one of them
is uncertain the finding becomes a warning whose message starts 「识别存疑，请人工核对原件第 N 页」 with
the pages of those values. Rules whose inputs are not table values or claims (sections, dates, shapes)
are not affected.

:func:`mark` writes those pages into each failing row (:data:`PAGES`) as the rule runs, so the finding
(:mod:`nianbao.checks.report`) and the row's line in the Data Docs (:mod:`nianbao.checks.evidence`) are
made from the same row and say the same. :func:`doubtful` (a finding's message) and :func:`scan_note`
(a report's uncertain cells, on the dashboard and in the digests) hold the wording.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from nianbao.checks.results import Violation
from nianbao.model import CLAIM_ROWS, REVIEW_LITIGATION_KEYS, REVIEW_ROW
from nianbao.warehouse.readings import UncertainCells
from nianbao.warehouse.schema import (
    ActiveDisclosureCell,
    ApplicationCell,
    NarrativeClaimRecord,
    Report,
    ReviewLitigationCell,
)

Keys = frozenset[str] | None  # row or column keys; None: any
Input = tuple[bool, str, Keys, Keys]  # (of the previous year's report, table key, rows, columns)
Place = tuple[str, str, str, int | None]  # an uncertain value: table key, row, column, page

# Where the uncertain narrative claims are placed: row is the row of table 三 the claim states, column its text.
CLAIMS = "narrative_claim"

_FLOW = frozenset({"new", "carried_in", "carried_out"})
_BALANCE = frozenset({"new", "carried_in", "total", "carried_out"})
_STOCK = frozenset({"issued", "repealed", "in_force"})
# The key of a failing row that holds the pages of the uncertain cells among its inputs (see mark).
PAGES = "uncertain_pages"
DOUBT = "识别存疑"


def _one(value: str | None) -> Keys:
    return frozenset({value}) if value is not None else None


def _total_row(row: dict) -> list[Input]:
    return [(False, "applications", None, _one(row["col_key"]))]  # outcome rows and （七）总计, see _excluded


def _review_block(row: dict) -> list[Input]:
    block = row["col_key"] or ""
    keys = frozenset(k for k in REVIEW_LITIGATION_KEYS if k.startswith(f"{block}_"))
    return [(False, "review_litigation", _one(REVIEW_ROW), keys)]


def _same_cell(row: dict) -> list[Input]:
    if row["other"] == "position":  # a value of a row of the wrong count: not a cell
        return []
    table = row["table_key"]
    row_key = REVIEW_ROW if table == "review_litigation" else row["row_key"]
    return [(False, table, _one(row_key), _one(row["col_key"]))]


INPUTS: dict[str, Callable[[dict], list[Input]]] = {
    "applications_total_row": _total_row,
    "applications_total_column": lambda row: [(False, "applications", _one(row["row_key"]), None)],
    "applications_balance": lambda row: [(False, "applications", _BALANCE, _one(row["col_key"]))],
    "review_litigation_totals": _review_block,
    "non_negative_integers": _same_cell,
    "carryover_matches_last_year": lambda row: [
        (False, "applications", _one("carried_in"), _one(row["col_key"])),
        (True, "applications", _one("carried_out"), _one(row["col_key"])),
    ],
    "narrative_matches_table": lambda row: [
        (False, "applications", _one(row["row_key"]), _one("total")),
        (False, CLAIMS, _one(row["row_key"]), _one(row["other"])),
    ],
    "document_stock_continuity": lambda row: [
        (False, "active_disclosure", _one(row["row_key"]), _STOCK),
        (True, "active_disclosure", _one(row["row_key"]), _one("in_force")),
    ],
}
# Rows a rule's inputs leave out although its location names the column.
_EXCLUDED: dict[str, frozenset[str]] = {"applications_total_row": _FLOW}


@dataclass
class Doubts:
    """The uncertain values of the reports under check (and of their previous year's reports)."""

    values: dict[int, list[Place]] = field(default_factory=dict)
    previous: dict[int, int] = field(default_factory=dict)

    def pages(self, rule_id: str, row: dict) -> list[int] | None:
        """The pages of the uncertain values a failing row used, sorted; None when it used none."""
        inputs = INPUTS.get(rule_id)
        report_id = row.get("report_id")
        if inputs is None or report_id is None:
            return None
        excluded = _EXCLUDED.get(rule_id, frozenset())
        pages: set[int] = set()
        found = False
        for of_previous, table, rows, columns in inputs(row):
            target = self.previous.get(report_id) if of_previous else report_id
            for t, r, c, page in self.values.get(target, []) if target is not None else []:
                if t == table and (rows is None or r in rows) and r not in excluded and (columns is None or c in columns):
                    found = True
                    if page is not None:
                        pages.add(page)
        return sorted(pages) if found else None


_CELLS = (("applications", ApplicationCell), ("active_disclosure", ActiveDisclosureCell))


def doubts(connection: Connection, violations: Iterable[Violation]) -> Doubts:
    """The uncertain values of the reports the failing rows name, and of those reports' previous years."""
    report_ids = {v.row["report_id"] for v in violations
                  if v.row.get("outcome") == "fail" and v.row.get("report_id") is not None and v.rule.id in INPUTS}
    found = Doubts()
    if not report_ids:
        return found
    current = connection.execute(select(Report.id, Report.agency_id, Report.year).where(Report.id.in_(report_ids)))
    wanted = {(agency, year - 1): report for report, agency, year in current}
    if wanted:
        earlier = connection.execute(select(Report.id, Report.agency_id, Report.year).where(
            Report.is_current, Report.agency_id.in_({a for a, _ in wanted})))
        found.previous = {wanted[(a, y)]: r for r, a, y in earlier if (a, y) in wanted}
    ids = report_ids | set(found.previous.values())
    values: dict[int, list[Place]] = defaultdict(list)
    for table, model in _CELLS:
        query = select(model.report_id, model.row_key, model.col_key, model.page).where(
            model.uncertain, model.report_id.in_(ids))
        for report_id, row_key, col_key, page in connection.execute(query):
            values[report_id].append((table, row_key, col_key, page))
    review = select(ReviewLitigationCell.report_id, ReviewLitigationCell.col_key, ReviewLitigationCell.page).where(
        ReviewLitigationCell.uncertain, ReviewLitigationCell.report_id.in_(ids))
    for report_id, col_key, page in connection.execute(review):
        values[report_id].append(("review_litigation", REVIEW_ROW, col_key, page))
    claims = select(NarrativeClaimRecord.report_id, NarrativeClaimRecord.metric, NarrativeClaimRecord.claim_text,
                    NarrativeClaimRecord.page).where(NarrativeClaimRecord.uncertain,
                                                     NarrativeClaimRecord.report_id.in_(ids))
    for report_id, metric, text, page in connection.execute(claims):
        values[report_id].append((CLAIMS, CLAIM_ROWS[metric], text, page))
    found.values = dict(values)
    return found


def mark(connection: Connection, violations: list[Violation]) -> None:
    """Write into each failing row the pages of the uncertain values among its inputs (``row[PAGES]``,
    sorted, empty when no page is known), or None when its inputs include none."""
    found = doubts(connection, violations)
    for v in violations:
        v.row[PAGES] = found.pages(v.rule.id, v.row) if v.row.get("outcome") == "fail" else None


def _pages(pages: Sequence[int]) -> str:
    return f"第 {'、'.join(str(p) for p in pages)} 页"


def check_original(pages: Sequence[int]) -> str:
    """请人工核对原件第 3、5 页 (请人工核对原件 when no page is known)."""
    return f"请人工核对原件{_pages(pages)}" if pages else "请人工核对原件"


def doubtful(message: str, pages: Sequence[int]) -> str:
    """A finding's message when its inputs include uncertain values on ``pages``."""
    return f"{DOUBT}，{check_original(pages)}：{message}"


def scan_note(cells: UncertainCells, subject: str = "本报告") -> str:
    """A report's uncertain cells in a sentence, e.g. 「本报告为扫描件，2 处数字识别存疑，请人工核对原件第 3、5 页。」
    (``subject`` names the report)."""
    return f"{subject}为扫描件，{cells.count} 处数字{DOUBT}，{check_original(cells.pages)}。"


def badge(cells: UncertainCells) -> str:
    """A report's uncertain cells in a few words, for a table cell: 「识别存疑 2 处（第 3、5 页）」."""
    return f"{DOUBT} {cells.count} 处" + (f"（{_pages(cells.pages)}）" if cells.pages else "")
