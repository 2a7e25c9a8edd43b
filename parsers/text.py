"""Plain-text reader: one ``TextLine`` per non-empty line, tabs kept (the extractor splits on them).

Text is UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030 (which covers GBK and GB2312).
"""

from __future__ import annotations

import codecs

from parsers.document import Document, ParseError, TextLine

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Characters that do not occur in real text: C0 controls other than tab, newlines and form feed.
_CONTROL = frozenset(chr(c) for c in range(32)) - set("\t\n\r\f\x0b")
_MAX_CONTROL_SHARE = 0.01
# Whitespace stripped from both ends of a line; tabs stay because they separate table cells.
_LINE_STRIP = " \r\n\x0b\x0c\u3000\xa0"


def bom_encoding(data: bytes) -> str | None:
    """The codec named by a leading byte-order mark, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def decode_text(data: bytes) -> str | None:
    """Decode by BOM, else strict UTF-8, else strict GB18030; ``None`` if it does not look like text."""
    bom = bom_encoding(data)
    for encoding in (bom,) if bom else ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if looks_like_text(text):
            return text
    return None


def looks_like_text(text: str) -> bool:
    """Few control characters, as in any human-written text."""
    controls = sum(1 for ch in text if ch in _CONTROL)
    return controls <= _MAX_CONTROL_SHARE * max(len(text), 1)


def read_text(data: bytes) -> Document:
    """Read a plain-text document."""
    text = decode_text(data)
    if text is None:
        raise ParseError("无法识别的文件格式")
    lines = (raw.strip(_LINE_STRIP) for raw in text.splitlines())
    blocks = [TextLine(line) for line in lines if line.strip("\t")]
    if not blocks:
        raise ParseError("文件为空")
    return Document(format="text", blocks=blocks)
