"""Table rows from any block: the same label-then-values stream for grids and for flattened text.

A PDF ruled table, a DOCX or HTML table and a table flattened into text lines (the seeds) all become
:class:`Row` items: the label text of the row and the run of values at its end. A label broken over
several lines, a value run on a line of its own, or labels of two rows followed by their two value
runs (vertical cells) are then matched by :func:`groups`, which pairs label text with the runs that
follow it.

A grid's values are read by column position, never by counting cells: the value columns are those that
hold a number in some row and those its header names between them, so a column printed all blank still
gives blank values, and a value printed past the header's last column is a row's ``extra`` value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from parsers.document import Block, Table, TextLine
from parsers.numbers import glue_units, is_blank, is_value, normalize, read_number

# Page furniture between the rows of a table split over pages: 「- 3 -」, 「第 3 页 共 5 页」, 「3/5」.
_PAGE_MARK = re.compile(r"^(?:[-—－]\s*\d+\s*[-—－]|第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_SPACE = re.compile(r"\s+")
# In a line printed without separators: where a row's item number (「3.」 before its label) follows the
# digits of the row before, and a label with the run of digits that ends it.
_DIGIT = re.compile(r"\d")
_ITEM_START = re.compile(r"(?<=\d)(?=\d[.、][^\d\W])")
_TRAILING_RUN = re.compile(r"(?P<label>.*?[^\d+\-.,])?(?P<run>[+\-]?\d(?:[\d+\-]|\.(?=\d))*(?:万元|元)?)?$")


@dataclass(frozen=True)
class Row:
    """One line of a table region: label text (white space removed) and its trailing values as printed."""

    label: str
    values: tuple[str, ...]
    page: int | None
    printed_label: str = ""
    # Values printed beyond the last column the table's header names (a row with a value too many).
    extra: tuple[str, ...] = ()
    # OCR only: the engine's confidence in each value (parallel to ``values``); empty for text.
    confidence: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class Group:
    """Label text accumulated since the previous values, and the value runs that follow it."""

    label: str
    runs: tuple[Row, ...]


def is_page_mark(text: str) -> bool:
    return bool(_PAGE_MARK.match(normalize(text).strip()))


def compact(text: str) -> str:
    """Label text as matched: NFKC, no white space."""
    return _SPACE.sub("", normalize(text))


def _split_run(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split tokens into leading label tokens and the maximal trailing run of values."""
    start = len(tokens)
    while start > 0 and is_value(tokens[start - 1]):
        start -= 1
    return tokens[:start], tokens[start:]


def _text_rows(line: TextLine) -> list[Row]:
    text = line.text.strip()
    if not text or is_page_mark(text):
        return []
    tokens = [t for t in re.split(r"[\s\u3000]+", glue_units(normalize(text))) if t]
    label, values = _split_run(tokens)
    together = [] if values or not _DIGIT.search(text) else _run_together(compact(text), line.page)
    if any(row.values for row in together):
        return together
    # In flattened text an empty token cannot be told from spacing: only printed marks count as blank.
    return [Row(compact("".join(label)), tuple(values), line.page, " ".join(label))]


def _run_together(text: str, page: int | None) -> list[Row]:
    """Rows of a line printed without separators: each label with the run of digits after it.

    「2.重复申请10000013.要求提供公开出版物0000000」 is two rows: the digit before 「.要求」 is the next row's
    item number, so the run before it ends one digit earlier. A line ending in no digits is one label.
    """
    out = []
    for piece in _ITEM_START.split(text):
        match = _TRAILING_RUN.match(piece)
        if match and match["run"]:
            out.append(Row(match["label"] or "", (match["run"],), page, match["label"] or ""))
        elif piece:
            out.append(Row(piece, (), page, piece))
    return out


@dataclass(frozen=True)
class _Columns:
    """Where a grid's values sit: the first value column, the value columns, and the last one its header
    covers (values beyond it are a row's extra values); ``None`` when the grid has no numbers."""

    first: int
    values: tuple[int, ...]
    header_end: int


def _is_number(cell: str | None) -> bool:
    return bool(cell) and read_number(cell.strip()) is not None  # type: ignore[union-attr]


def _columns(table: Table) -> _Columns | None:
    """The value columns of a grid, by position: columns holding a number in some row, and columns a
    header cell names between them (a column printed all blank is still a column)."""
    numeric = {j for cells in table.rows for j, c in enumerate(cells) if _is_number(c)}
    if not numeric:
        return None
    headers = [cells for cells in table.rows if not any(_is_number(c) for c in cells)]
    named = {j for cells in headers for j, c in enumerate(cells) if c is not None and c.strip()}
    covered = [max((j for j, c in enumerate(cells) if c is None or c.strip()), default=-1) for cells in headers]
    header_end = max(covered, default=-1)
    if header_end < min(numeric):
        header_end = max(numeric)
    first = min(numeric)
    values = sorted(numeric | {j for j in named if first <= j <= header_end})
    return _Columns(first, tuple(values), header_end)


def _cell_tokens(cell: str) -> list[str]:
    """A cell's tokens: each number of a cell holding several (a missing ruling), else the cell."""
    parts = _SPACE.split(glue_units(normalize(cell)).strip())
    return parts if len(parts) > 1 and all(is_value(p) for p in parts) else [cell.strip()]


def _positioned_row(cells: list[str | None], columns: _Columns, page: int | None,
                    scores: list[float | None] | None = None) -> Row | None:
    """A row read by the grid's columns, or ``None`` when its value columns hold text (a header row);
    ``scores``: the OCR engine's confidence in each cell, when the grid was read from a picture."""
    value_cells = [(j, cells[j]) for j in columns.values if j < len(cells) and cells[j] is not None]
    if not all(is_value(c) or not c.strip() for _, c in value_cells):  # type: ignore[union-attr]
        return None
    wanted = set(columns.values)
    label = [c.strip() for j, c in enumerate(cells) if j not in wanted and c is not None and c.strip()]
    values: list[str] = []
    confidence: list[float | None] = []
    for j, c in value_cells:
        if j <= columns.header_end:
            tokens = _cell_tokens(c)  # type: ignore[arg-type]
            values += tokens
            confidence += [scores[j] if scores else None] * len(tokens)
    extra = [t for j, c in value_cells if j > columns.header_end and c.strip() for t in _cell_tokens(c)]  # type: ignore[union-attr]
    printed = " ".join(_SPACE.sub("", x) for x in label)
    return Row(compact("".join(label)), tuple(values), page, printed, tuple(extra),
               tuple(confidence) if scores else ())


def _grid_rows(table: Table) -> Iterator[Row]:
    columns = _columns(table)
    # An empty cell outside the value columns (or past the header's last) is an unused cell, not a blank value.
    numeric = {j for j in columns.values if j <= columns.header_end} if columns else set()
    for i, cells in enumerate(table.rows):
        scores = table.confidence[i] if table.confidence else None
        positioned = _positioned_row(cells, columns, table.page, scores) if columns else None
        if positioned is not None:
            if positioned.label or any(v for v in positioned.values + positioned.extra):
                yield positioned
            continue
        # A header row, or a row whose value columns hold text: label then the trailing run of values.
        present = [(c, scores[j] if scores else None)
                   for j, c in enumerate(cells) if c is not None and (c.strip() or j in numeric)]
        while present and not present[0][0].strip():
            present.pop(0)
        if not present:
            continue
        tokens: list[str] = []
        token_scores: list[float | None] = []
        for cell, score in present:
            parts = _cell_tokens(cell)
            tokens += parts
            token_scores += [score] * len(parts)
        label, values = _split_run(tokens)
        if values and all(not v for v in values) and not label:
            continue
        confidence = tuple(token_scores[len(label):]) if scores else ()
        yield Row(compact("".join(label)), tuple(values), table.page, " ".join(_SPACE.sub("", x) for x in label),
                  confidence=confidence)


def rows(blocks: Iterable[Block]) -> list[Row]:
    """Every table row of a region, in order, from grids and from text lines alike."""
    out: list[Row] = []
    for block in blocks:
        if isinstance(block, Table):
            out.extend(_grid_rows(block))
        else:
            out.extend(_text_rows(block))
    return out


def groups(region: Iterable[Row]) -> list[Group]:
    """Pair label text with the value runs that follow it.

    Label text accumulates until values come; the values of that row and of the value-only rows after
    it form the group's runs; the next label text starts a new group.
    """
    out: list[Group] = []
    label = ""
    runs: list[Row] = []
    for row in region:
        if row.label and runs:
            out.append(Group(label, tuple(runs)))
            label, runs = "", []
        label += row.label
        if row.values:
            runs.append(row)
    if runs or label:
        out.append(Group(label, tuple(runs)))
    return out


def values_of(row: Row) -> list[str]:
    """The values of a run with blank cells kept as blank marks."""
    return ["" if is_blank(v) else v for v in row.values]
