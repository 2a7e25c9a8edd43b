"""Sheets written out: an Excel workbook for auditors (Chinese headers, the printed tables' row labels
above their columns, frozen headers, numbers as numbers, dates as dates, blank cells empty) or one CSV
file per sheet (column identifiers, UTF-8 with a byte-order mark so Excel reads the Chinese)."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from nianbao.checks.labels import value_word
from nianbao.export.year import Sheet

# Sheet name → CSV file name (stable identifiers, like the columns).
CSV_NAMES = {"表二": "active_disclosure", "表三": "applications", "表四": "review_litigation",
             "问题清单": "findings", "发布情况": "compliance"}
FROZEN_COLUMNS = 2  # every sheet opens with 辖区 and 机关, kept in view while scrolling right
BOLD = Font(bold=True)
CENTERED = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _write_sheet(workbook: Workbook, sheet: Sheet) -> None:
    ws = workbook.create_sheet(sheet.name)
    header_rows = 2 if sheet.groups else 1
    grouped = {i for _, first, last in sheet.groups for i in range(first, last + 1)}
    for label, first, last in sheet.groups:
        ws.cell(1, first + 1, label)
        ws.merge_cells(start_row=1, start_column=first + 1, end_row=1, end_column=last + 1)
    for index, header in enumerate(sheet.headers):
        if header_rows == 2 and index not in grouped:
            ws.cell(1, index + 1, header)
            ws.merge_cells(start_row=1, start_column=index + 1, end_row=2, end_column=index + 1)
        else:
            ws.cell(header_rows, index + 1, header)
    for row in ws.iter_rows(min_row=1, max_row=header_rows):
        for cell in row:
            cell.font, cell.alignment = BOLD, CENTERED
    for values in sheet.rows:
        ws.append([value_word(column, value) for column, value in zip(sheet.columns, values, strict=True)])
    for row in ws.iter_rows(min_row=header_rows + 1):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    for index, header in enumerate(sheet.headers):
        widest = max([len(header) * 2] + [len(str(r[index])) * 2 for r in sheet.rows[:200] if r[index] is not None])
        ws.column_dimensions[get_column_letter(index + 1)].width = min(max(widest, 8), 60)
    ws.freeze_panes = ws.cell(header_rows + 1, FROZEN_COLUMNS + 1)


def write_xlsx(sheets: list[Sheet], path: Path) -> Path:
    """Write the sheets to one workbook at ``path`` (its folder is created)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        _write_sheet(workbook, sheet)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def write_csv(sheets: list[Sheet], folder: Path) -> list[Path]:
    """Write one CSV file per sheet into ``folder``; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in sheets:
        path = folder / f"{CSV_NAMES[sheet.name]}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(sheet.columns)
            writer.writerows(sheet.rows)
        written.append(path)
    return written
