"""XLSX reader, for old Excel/ET reports once LibreOffice has converted them: sheets to ``Document`` blocks.

A report kept in a spreadsheet has its title, headings and paragraphs in rows of their own and its tables
in ruled cells. So each visible sheet is cut into runs of rows: rows with a bordered cell make a table,
the other rows are lines of text. In a sheet with no borders at all, rows with two or more filled cells
make the tables. Tables follow the readers' grid convention (a merged range's text in its top-left
position, ``None`` over the rest); columns of a table that are empty and unruled throughout are dropped.
Cells are read as last computed (``data_only``), a number as Excel's General format shows it (15
significant digits), so a formula's float noise never reaches the extractor.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

import openpyxl
from lxml import etree
from openpyxl.worksheet.worksheet import Worksheet

from parsers.document import Block, Document, ParseError, Table, TextLine
from parsers.docx import check_zip
from parsers.limits import Deadline, Limits

_BORDER_SIDES = ("left", "right", "top", "bottom")


@dataclass(frozen=True)
class _Cell:
    text: str | None  # None: covered by a merged range that starts above or to the left
    ruled: bool


def read_xlsx(data: bytes, limits: Limits) -> Document:
    """Read an Excel .xlsx workbook (the result of converting an .xls or .et file)."""
    deadline = limits.deadline()
    check_zip(data, limits.max_decompressed_bytes, deadline)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise ParseError("Excel 工作簿已损坏，无法读取") from exc
    blocks = [block for sheet in book.worksheets if sheet.sheet_state == "visible"
              for block in _sheet_blocks(sheet, deadline)]
    if not blocks:
        raise ParseError("文件为空")
    return Document(format="xls", blocks=blocks)


def cell_text(value: object) -> str:
    """A cell's value as the sheet shows it in General format."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.15g}"
    if isinstance(value, datetime) and value.time() == time():
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _sheet_blocks(sheet: Worksheet, deadline: Deadline) -> Iterator[Block]:
    grid = _grid(sheet, deadline)
    ruled_anywhere = any(cell.ruled for row in grid for cell in row)
    run: list[list[_Cell]] = []
    for row in grid:
        filled = [cell.text for cell in row if cell.text]
        if any(cell.ruled for cell in row) if ruled_anywhere else len(filled) > 1:
            run.append(row)
            continue
        if run:
            yield _table(run)
            run = []
        for text in filled:
            yield from (TextLine(line, kind="paragraph") for line in text.splitlines() if line.strip())
    if run:
        yield _table(run)


def _grid(sheet: Worksheet, deadline: Deadline) -> list[list[_Cell]]:
    covered = {(row, column) for merged in sheet.merged_cells.ranges for row, column in merged.cells
               if (row, column) != (merged.min_row, merged.min_col)}
    grid: list[list[_Cell]] = []
    for row in sheet.iter_rows(min_row=1, min_col=1, max_row=sheet.max_row, max_col=sheet.max_column):
        deadline.check()
        grid.append([_Cell(None if (cell.row, cell.column) in covered else cell_text(cell.value),
                           any(getattr(cell.border, side).style for side in _BORDER_SIDES)) for cell in row])
    return grid


def _table(run: list[list[_Cell]]) -> Table:
    keep = [c for c in range(len(run[0])) if any(row[c].text != "" or row[c].ruled for row in run)]
    return Table([[row[c].text for c in keep] for row in run])
