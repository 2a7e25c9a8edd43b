"""File names from hostile sources: ``Content-Disposition`` decoding and the only part we ever use.

A site's file name (from a link or a GBK ``Content-Disposition``) is kept as information only; the raw
store addresses files by sha256, and from the name only a known suffix is taken, so ``../`` or an
absolute path in a name can never choose where bytes are written.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import unquote

DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps", ".xls", ".et", ".html", ".htm")
_RFC5987 = re.compile(rb"filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)", re.I)
_PLAIN = re.compile(rb"filename\s*=\s*(\"([^\"]*)\"|[^;]+)", re.I)


def suffix_of(name: str | None) -> str | None:
    """The document suffix of ``name`` (lower case), or None when it has none we collect."""
    if not name:
        return None
    suffix = PurePosixPath(name.strip().strip('"')).suffix.lower()
    return suffix if suffix in DOCUMENT_SUFFIXES else None


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def disposition_filename(header: bytes | None) -> str | None:
    """The file name in a ``Content-Disposition`` header (RFC 5987, UTF-8, GBK or %-escaped), base name only."""
    if not header:
        return None
    if match := _RFC5987.search(header):
        name = unquote(match.group(2).strip().decode("latin-1"), encoding=match.group(1).decode(), errors="replace")
    elif match := _PLAIN.search(header):
        name = _decode(match.group(2) if match.group(2) is not None else match.group(1).strip())
        name = unquote(name) if "%" in name else name
    else:
        return None
    return base_name(name)


def base_name(name: str) -> str | None:
    """The last path component of ``name`` under POSIX and Windows rules; None when nothing is left."""
    last = PureWindowsPath(PurePosixPath(name.replace("\x00", "")).name).name.strip()
    return last if last not in ("", ".", "..") else None
