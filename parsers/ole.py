"""Which application wrote an OLE2 compound file (old Word/WPS, Excel/ET): the names of its streams.

Word 97–2003 and Kingsoft WPS Writer files hold a ``WordDocument`` stream; Excel 97–2003 and Kingsoft ET
files a ``Workbook`` (or, before Excel 97, ``Book``) stream; a password-protected DOCX/XLSX is an OLE2 file
with an ``EncryptedPackage``. Only the header, the FAT and the directory are read (MS-CFB), every sector
number checked, so a truncated or looping file is a ``ParseError``, never an exception or a hang.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import Literal

from parsers.document import ParseError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OleKind = Literal["doc", "xls"]

_BROKEN = "旧版 Office/WPS 文件已损坏或被截断"
_LAST_REGULAR_SECTOR = 0xFFFFFFFA  # higher numbers mark free sectors and chain ends
_HEADER_DIFAT = 109  # FAT sector numbers held in the header itself
_ENTRY = 128  # bytes per directory entry
_STREAM_TYPES = (1, 2)  # storage, stream


def ole_kind(data: bytes) -> OleKind:
    """``"doc"`` for a Word/WPS document, ``"xls"`` for an Excel/ET workbook; ``ParseError`` otherwise."""
    names = _directory_names(data)
    if "WordDocument" in names:
        return "doc"
    if names & {"Workbook", "Book"}:
        return "xls"
    if "EncryptedPackage" in names:
        raise ParseError("文件已加密（设有打开密码），无法读取")
    raise ParseError("不支持的文件格式（OLE 复合文档，不是 Word、WPS、Excel 或 ET 文件）")


def _directory_names(data: bytes) -> set[str]:
    if len(data) < 512 or not data.startswith(OLE_MAGIC):
        raise ParseError(_BROKEN)
    shift, = struct.unpack_from("<H", data, 0x1E)
    if shift not in (9, 12):
        raise ParseError(_BROKEN)
    size = 1 << shift
    fat_count, directory_start = struct.unpack_from("<II", data, 0x2C)
    difat_next, difat_count = struct.unpack_from("<II", data, 0x44)
    fat_sectors = list(struct.unpack_from(f"<{_HEADER_DIFAT}I", data, 0x4C))
    for sector in _chain(lambda s: _sector_ints(data, s, size)[-1], difat_next, limit=difat_count):
        fat_sectors += _sector_ints(data, sector, size)[:-1]
    fat = [n for sector in fat_sectors[:fat_count] for n in _sector_ints(data, sector, size)]
    names: set[str] = set()
    for sector in _chain(fat.__getitem__, directory_start, limit=len(fat)):
        block = _sector(data, sector, size)
        for offset in range(0, size, _ENTRY):
            length, kind = struct.unpack_from("<HB", block, offset + 64)
            if kind in _STREAM_TYPES and 2 <= length <= 64 and length % 2 == 0:
                names.add(block[offset : offset + length - 2].decode("utf-16-le", errors="replace"))
    return names


def _chain(following: Callable[[int], int], start: int, *, limit: int) -> list[int]:
    """The sector numbers of a chain from ``start``; a chain longer than ``limit`` sectors is a loop."""
    chain: list[int] = []
    sector = start
    while sector < _LAST_REGULAR_SECTOR:
        if len(chain) >= limit:
            raise ParseError(_BROKEN)
        chain.append(sector)
        try:
            sector = following(sector)
        except IndexError as exc:
            raise ParseError(_BROKEN) from exc
    return chain


def _sector(data: bytes, number: int, size: int) -> bytes:
    start = (number + 1) * size
    if number >= _LAST_REGULAR_SECTOR or start + size > len(data):
        raise ParseError(_BROKEN)
    return data[start : start + size]


def _sector_ints(data: bytes, number: int, size: int) -> tuple[int, ...]:
    return struct.unpack(f"<{size // 4}I", _sector(data, number, size))
