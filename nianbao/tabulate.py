"""Plain-text tables for the terminal, aligned for Chinese (full-width) characters."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def cell_text(value: object) -> str:
    """NULL prints as empty, a whole float as an integer."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[cell_text(v) for v in row] for row in rows]
    widths = [max([width(c)] + [width(row[i]) for row in cells]) for i, c in enumerate(columns)]

    def line(values: Sequence[str]) -> str:
        return " | ".join(v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True)).rstrip()

    rule = "-+-".join("-" * w for w in widths)
    return "\n".join([line(columns), rule, *(line(row) for row in cells)])
