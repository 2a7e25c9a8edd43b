"""Entry point of the readers: bytes of any supported report file to a ``Document``.

The format is detected from the bytes; every failure is a ``ParseError`` with a one-line Chinese reason
(the caller adds the file name).
"""

from __future__ import annotations

from parsers.detect import detect_format
from parsers.document import Document, ParseError
from parsers.docx import read_docx
from parsers.html import read_html
from parsers.limits import Limits, format_bytes
from parsers.pdf import read_pdf
from parsers.scan import read_image
from parsers.text import read_text


def read_document(data: bytes, *, limits: Limits | None = None) -> Document:
    """Read a PDF, DOCX, HTML, plain-text, scanned (image) or old Word/WPS/Excel/ET report within ``limits``
    (default: from the environment)."""
    limits = limits or Limits.from_env()
    if len(data) > limits.max_bytes:
        raise ParseError(f"文件大小超过上限（{format_bytes(limits.max_bytes)}）")
    kind = detect_format(data)
    if kind == "pdf":
        return read_pdf(data, limits)
    if kind == "docx":
        return read_docx(data, limits)
    if kind == "html":
        return read_html(data, limits)
    if kind in ("doc", "xls"):
        from parsers.office import read_legacy  # imported here: openpyxl is only needed for these files

        return read_legacy(data, kind, limits)
    if kind == "image":
        return read_image(data, limits)
    return read_text(data)
