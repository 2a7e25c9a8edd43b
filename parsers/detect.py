"""Format detection from the bytes of a file (never from its name).

``detect_format`` answers ``"pdf"``, ``"docx"``, ``"html"``, ``"image"`` (a scan, read by OCR), ``"text"``,
or for an OLE2 file ``"doc"`` (old Word/WPS) or ``"xls"`` (old Excel/ET), or raises ``ParseError`` with the
reason the file cannot be read (another ZIP or OLE2 file, random bytes).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Literal

from parsers.document import ParseError
from parsers.ole import OLE_MAGIC, ole_kind
from parsers.text import bom_encoding, decode_text

Format = Literal["pdf", "docx", "html", "text", "image", "doc", "xls"]

PDF_MAGIC = b"%PDF-"
# Acrobat accepts up to 1 KB of junk before the header; so do we.
PDF_HEADER_WINDOW = 1024
_SNIFF_BYTES = 1024
_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_UNSUPPORTED = (
    (b"{\\rtf", "不支持的文件格式（RTF）"),
)
_IMAGE_MAGICS = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*")
_HTML_START = re.compile(r"<(!doctype\s+html|html|head|body|meta|title|table|div|p|h[1-6]|!--)[\s>/]", re.I)
_HTML_ANYWHERE = re.compile(r"<(html|body)[\s>]", re.I)


def pdf_offset(data: bytes) -> int:
    """Where the ``%PDF-`` header starts within the first KB, or -1."""
    return data.find(PDF_MAGIC, 0, PDF_HEADER_WINDOW + len(PDF_MAGIC))


def detect_format(data: bytes) -> Format:
    """The format of ``data``; ``ParseError`` for empty, unsupported or unrecognisable bytes."""
    if not data.strip():
        raise ParseError("文件为空")
    if pdf_offset(data) >= 0:
        return "pdf"
    if data.startswith(_ZIP_MAGICS):
        return _zip_kind(data)
    if data.startswith(OLE_MAGIC):
        return ole_kind(data)
    if data.startswith(_IMAGE_MAGICS):
        return "image"
    for magic, reason in _UNSUPPORTED:
        if data.startswith(magic):
            raise ParseError(reason)
    if _looks_like_html(data[:_SNIFF_BYTES]):
        return "html"
    if decode_text(data) is not None:
        return "text"
    raise ParseError("无法识别的文件格式")


def _zip_kind(data: bytes) -> Format:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ParseError("ZIP/DOCX 文件已损坏或被截断") from exc
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names:
        raise ParseError("不支持的文件格式（OFD 版式文件）")
    raise ParseError("不支持的文件格式（ZIP 压缩包，不是 Word .docx 文件）")


def _looks_like_html(head: bytes) -> bool:
    encoding = bom_encoding(head) or "latin-1"
    text = head.decode(encoding, errors="ignore").lstrip()
    if text.startswith("<?xml"):
        text = text[text.find("?>") + 2 :].lstrip()
    return bool(_HTML_START.match(text) or _HTML_ANYWHERE.search(text))
