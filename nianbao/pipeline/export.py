"""The auditors' export of a year (``nianbao export``): tables 二, 三 and 四 in their printed wide shape,
the open findings and the publication status, read from the warehouse and written as an Excel workbook or
as one CSV file per sheet."""

from __future__ import annotations

from pathlib import Path

from nianbao.pipeline.settings import Settings
from nianbao.pipeline.warehouse import engine_for
from nianbao.warehouse.migrate import require_ready


def export_year(settings: Settings, year: int, jurisdiction: str | None, out: Path, *,
                as_csv: bool = False) -> tuple[list[tuple[str, int]], list[Path]]:
    """Write the year's sheets (of one jurisdiction, by name, or all) to the workbook ``out``, or with
    ``as_csv`` as one CSV file per sheet into the folder ``out``. Returns each sheet's name and row count,
    and the files written; a warehouse not ready to read is a
    :class:`~nianbao.pipeline.errors.WarehouseNotReady`, and nothing is written."""
    from nianbao.export.workbook import write_csv, write_xlsx  # imported here: openpyxl only for this command
    from nianbao.export.year import year_sheets

    with engine_for(settings) as engine:
        require_ready(engine)
        sheets = year_sheets(engine, year, jurisdiction)
    files = write_csv(sheets, out) if as_csv else [write_xlsx(sheets, out)]
    return [(sheet.name, len(sheet.rows)) for sheet in sheets], files
