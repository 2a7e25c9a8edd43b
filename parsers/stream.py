"""Table rows from any block: the same label-then-values stream for grids and for flattened text.

A PDF ruled table, a DOCX or HTML table and a table flattened into text lines (the seeds) all become
:class:`Row` items: the label text of the row and the run of values at its end. A label broken over
several lines, a value run on a line of its own, or labels of two rows followed by their two value
runs (vertical cells) are then matched by :func:`groups`, which pairs label text with the runs that
follow it.
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


@dataclass(frozen=True)
class Row:
    """One line of a table region: label text (white space removed) and its trailing values as printed."""

    label: str
    values: tuple[str, ...]
    page: int | None
    printed_label: str = ""
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


def _text_row(line: TextLine) -> Row | None:
    text = line.text.strip()
    if not text or is_page_mark(text):
        return None
    tokens = [t for t in re.split(r"[\s\u3000]+", glue_units(normalize(text))) if t]
    label, values = _split_run(tokens)
    # In flattened text an empty token cannot be told from spacing: only printed marks count as blank.
    return Row(compact("".join(label)), tuple(values), line.page, " ".join(label))


def _grid_rows(table: Table) -> Iterator[Row]:
    # An empty cell in a column that never holds a number is an unused label cell, not a blank value.
    numeric = {j for cells in table.rows for j, c in enumerate(cells) if c and read_number(c.strip()) is not None}
    for i, cells in enumerate(table.rows):
        present = [(c, table.confidence[i][j] if table.confidence else None)
                   for j, c in enumerate(cells) if c is not None and (c.strip() or j in numeric)]
        while present and not present[0][0].strip():
            present.pop(0)
        if not present:
            continue
        tokens: list[str] = []
        scores: list[float | None] = []
        for cell, score in present:
            parts = _SPACE.split(glue_units(normalize(cell)).strip())
            # A cell holding several numbers (a missing ruling) gives each of them.
            if len(parts) > 1 and all(is_value(p) for p in parts):
                tokens.extend(parts)
                scores.extend([score] * len(parts))
            else:
                tokens.append(cell.strip())
                scores.append(score)
        label, values = _split_run(tokens)
        if values and all(not v for v in values) and not label:
            continue
        confidence = tuple(scores[len(label):]) if table.confidence else ()
        yield Row(compact("".join(label)), tuple(values), table.page, " ".join(_SPACE.sub("", x) for x in label),
                  confidence)


def rows(blocks: Iterable[Block]) -> list[Row]:
    """Every table row of a region, in order, from grids and from text lines alike."""
    out: list[Row] = []
    for block in blocks:
        if isinstance(block, Table):
            out.extend(_grid_rows(block))
        else:
            row = _text_row(block)
            if row:
                out.append(row)
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
