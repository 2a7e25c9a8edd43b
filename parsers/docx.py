"""DOCX reader: paragraphs and tables in body order to ``Document`` blocks.

The ZIP container is checked before python-docx touches it: declared and actual uncompressed sizes
must stay under ``Limits.max_decompressed_bytes`` (zip bombs). Heading styles become
``TextLine(kind="heading")``; line breaks inside a paragraph split it into lines. Table grids follow
pdfplumber's convention: a merged cell's text sits in its first position and the positions it spans
(``gridSpan`` across, ``vMerge`` down) are ``None``; tables nested in a cell are flattened into that
cell's text.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

import docx
from docx.document import Document as WordDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from parsers.document import Block, Document, ParseError, Table, TextLine
from parsers.limits import Deadline, Limits, format_bytes

_CHUNK = 1024 * 1024
_HEADING_STYLE_PREFIXES = ("heading", "title", "标题")
_STYLE_DEPTH = 5  # how far up a style's base styles a heading style is looked for
_BODY_LEVEL_OUTLINE = 9  # w:outlineLvl 9 means "body text", 0-8 are heading levels
_CORRUPT = "DOCX 文件已损坏或不是 Word 文档"


def read_docx(data: bytes, limits: Limits) -> Document:
    """Read a Word .docx file."""
    deadline = limits.deadline()
    check_zip(data, limits.max_decompressed_bytes, deadline)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise ParseError(_CORRUPT) from exc
    blocks = list(_blocks(document.element.body, document, deadline))
    if not blocks:
        raise ParseError("文件为空")
    return Document(format="docx", blocks=blocks, metadata=_metadata(document))


def check_zip(data: bytes, max_bytes: int, deadline: Deadline) -> None:
    """Refuse a ZIP whose members declare, or actually inflate to, more than ``max_bytes`` in total."""
    bomb = f"DOCX 解压后大小超过上限（{format_bytes(max_bytes)}，疑似压缩炸弹）"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if sum(m.file_size for m in members) > max_bytes:
                raise ParseError(bomb)
            total = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(_CHUNK):
                        total += len(chunk)
                        if total > max_bytes:
                            raise ParseError(bomb)
                        deadline.check()
    except (zipfile.BadZipFile, RuntimeError, ValueError, EOFError, NotImplementedError) as exc:
        raise ParseError(_CORRUPT) from exc


def _blocks(container: etree._Element, document: WordDocument, deadline: Deadline) -> Iterator[Block]:
    for child in container.iterchildren():
        deadline.check()
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            kind = "heading" if _is_heading(paragraph) else "paragraph"
            yield from (TextLine(line, kind=kind) for line in _lines(paragraph.text))
        elif child.tag == qn("w:tbl"):
            rows = _grid(child, document)
            if rows:
                yield Table(rows)
        elif child.tag in (qn("w:sdt"), qn("w:customXml")):
            content = child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child
            if content is not None:
                yield from _blocks(content, document, deadline)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _is_heading(paragraph: Paragraph) -> bool:
    if _outline_level(paragraph._p.pPr) is not None:
        return True
    style = paragraph.style
    for _ in range(_STYLE_DEPTH):
        if style is None:
            return False
        if (style.name or "").lower().startswith(_HEADING_STYLE_PREFIXES):
            return True
        if _outline_level(style.element.pPr) is not None:
            return True
        style = style.base_style
    return False


def _outline_level(ppr: etree._Element | None) -> int | None:
    """A heading outline level (0-8) set in paragraph properties, if any."""
    element = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if element is None:
        return None
    try:
        level = int(element.get(qn("w:val"), ""))
    except ValueError:
        return None
    return level if 0 <= level < _BODY_LEVEL_OUTLINE else None


def _grid(tbl: etree._Element, document: WordDocument) -> list[list[str | None]]:
    """The table as a rectangular grid, merged positions ``None``."""
    rows: list[list[str | None]] = []
    for tr in tbl.iterchildren(qn("w:tr")):
        row: list[str | None] = [""] * tr.grid_before
        for tc in tr.iterchildren(qn("w:tc")):
            span = max(tc.grid_span, 1)
            if tc.vMerge == "continue":
                row += [None] * span
            else:
                row += [_cell_text(tc, document)] + [None] * (span - 1)
        row += [""] * tr.grid_after
        rows.append(row)
    width = max((len(row) for row in rows), default=0)
    return [row + [""] * (width - len(row)) for row in rows] if width else []


def _cell_text(tc: etree._Element, document: WordDocument) -> str:
    """A cell's paragraphs one per line; a nested table contributes one line per row."""
    lines: list[str] = []
    for child in tc.iterchildren(qn("w:p"), qn("w:tbl")):
        if child.tag == qn("w:p"):
            lines += _lines(Paragraph(child, document).text)
        else:
            for row in _grid(child, document):
                lines += _lines(" ".join(cell for cell in row if cell))
    return "\n".join(lines)


def _metadata(document: WordDocument) -> dict[str, str]:
    props = document.core_properties
    values = {"title": props.title, "author": props.author}
    dates = {"created": props.created, "modified": props.modified}
    return {key: v.strip() for key, v in values.items() if v and v.strip()} | {
        key: d.isoformat() for key, d in dates.items() if d
    }
