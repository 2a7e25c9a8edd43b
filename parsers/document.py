"""The intermediate document every format reader produces and the one extractor reads.

A document is a flat sequence of blocks in reading order: lines of text (a heading, a paragraph or a
line as extracted) and tables as cell grids. A grid cell is a string (``""`` for a real but empty cell)
or ``None`` where a merged cell spans over that position, so readers of PDF, DOCX and HTML agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal


class ParseError(Exception):
    """A document could not be read; the message is a one-line Chinese reason for 公开办 staff."""


@dataclass(frozen=True)
class TextLine:
    """A line or paragraph of text; ``kind`` is a hint from markup (HTML ``<h2>``, a DOCX heading style).

    ``confidence`` is set for lines read by OCR: the engine's confidence (0–1) in the whole line (its
    least sure stretch); ``None`` for text read from a text layer or markup.
    """

    text: str
    page: int | None = None
    kind: Literal["heading", "paragraph", "line"] = "line"
    confidence: float | None = None


def lowest_confidence(lines: Iterable[TextLine]) -> float | None:
    """The OCR confidence of text made of these lines: the lowest of theirs; ``None`` when none was read
    by OCR."""
    return min((line.confidence for line in lines if line.confidence is not None), default=None)


@dataclass(frozen=True)
class Table:
    """A table as a grid of cells; a table continued over a page break may arrive as two tables.

    ``confidence`` is set for tables read by OCR: the engine's confidence (0–1) per cell, same shape
    as ``rows`` (``None`` where ``rows`` is); ``None`` for tables read from text.
    """

    rows: list[list[str | None]]
    page: int | None = None
    confidence: list[list[float | None]] | None = None


Block = TextLine | Table


@dataclass
class Document:
    """What a reader extracted from one file."""

    format: Literal["pdf", "docx", "html", "text", "image", "doc", "xls"]  # doc: Word/WPS 97–2003, xls: Excel/ET
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    # Dates or titles the container itself carries (PDF metadata, HTML <meta>), keyed by name.
    metadata: dict[str, str] = field(default_factory=dict)
    # Parts read in a lesser way, in Chinese (「第 4 页无法读取表格，已按文字读取」); empty when read whole.
    read_notes: list[str] = field(default_factory=list)
