"""Bad input to the readers: every case is a ParseError with a one-line Chinese reason, never a crash."""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from pathlib import Path

import docx
import pytest

from parsers.document import ParseError
from parsers.limits import Limits
from parsers.read import read_document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REAL_PDF = SHARED / "real" / "hongze-district-2024.pdf"
BAD = Path(__file__).resolve().parent / "fixtures" / "bad"


def reason(data: bytes, limits: Limits | None = None) -> str:
    with pytest.raises(ParseError) as caught:
        read_document(data, limits=limits or Limits())
    message = str(caught.value)
    assert "\n" not in message
    return message


def docx_bytes() -> bytes:
    word = docx.Document()
    word.add_paragraph("一、总体情况")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


@pytest.mark.parametrize("data", [b"", b"  \r\n\t "])
def test_empty_file(data: bytes) -> None:
    assert reason(data) == "文件为空"


def test_truncated_pdf() -> None:
    data = REAL_PDF.read_bytes()
    assert reason(data[: len(data) // 2]) == "PDF 文件已损坏或被截断"


def test_corrupt_pdf_body() -> None:
    data = bytearray(REAL_PDF.read_bytes())
    data[20:-2000] = random.Random(20).randbytes(len(data) - 2020)  # seeded: the same garbage every run
    assert reason(bytes(data)) == "PDF 文件已损坏或被截断"


def test_encrypted_pdf() -> None:
    assert reason((BAD / "encrypted.pdf").read_bytes()) == "PDF 已加密，无法读取"


def test_pdf_with_permissions_only_is_read() -> None:
    document = read_document((BAD / "permissions_only.pdf").read_bytes())
    assert [b.text for b in document.blocks] == ["Annual report sample page"]


def test_image_only_pdf() -> None:
    # Scanned pages are read by OCR now; this one is a picture of bars, in which there is no text.
    assert reason((BAD / "image_only.pdf").read_bytes()) == "扫描件中未识别出文字，无法读取"


def test_page_limit_on_real_pdf_and_many_page_pdf() -> None:
    assert reason(REAL_PDF.read_bytes(), Limits(max_pages=4)) == "页数超过上限 4 页"
    many = (BAD / "many_pages.pdf").read_bytes()
    assert reason(many) == "页数超过上限 500 页"
    assert read_document(many, limits=Limits(max_pages=501)).pages == 501


def test_time_limit() -> None:
    assert reason(REAL_PDF.read_bytes(), Limits(max_seconds=1e-9)).startswith("解析超时")


def test_file_size_limit() -> None:
    assert reason(REAL_PDF.read_bytes(), Limits(max_bytes=100_000)) == "文件大小超过上限（97.6562 KB）"


def test_random_bytes() -> None:
    assert reason(random.Random(86).randbytes(4096)) == "无法识别的文件格式"


def test_broken_old_word_and_wps() -> None:
    """Old Word/WPS files are read now (tests/test_legacy_formats.py); one with no directory is broken."""
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert reason(ole2) == "旧版 Office/WPS 文件已损坏或被截断"


def test_zip_that_is_not_docx() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert reason(out.getvalue()) == "不支持的文件格式（ZIP 压缩包，不是 Word .docx 文件）"


def test_truncated_docx() -> None:
    data = docx_bytes()
    assert reason(data[: len(data) // 2]) == "ZIP/DOCX 文件已损坏或被截断"


def test_docx_with_broken_document_xml() -> None:
    source, out = zipfile.ZipFile(io.BytesIO(docx_bytes())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            body = b"<w:document><unclosed" if item.filename == "word/document.xml" else source.read(item)
            archive.writestr(item, body)
    assert reason(out.getvalue()) == "DOCX 文件已损坏或不是 Word 文档"


BOMB_MEMBER = "word/media/padding.bin"


def zip_bomb(declared_size: int | None = None) -> bytes:
    """A docx with a member inflating to 64 MB of zeros; ``declared_size`` forges that member's sizes."""
    source, out = zipfile.ZipFile(io.BytesIO(docx_bytes())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            archive.writestr(item.filename, source.read(item))
        archive.writestr(BOMB_MEMBER, bytes(64 * 1024 * 1024))
    data = bytearray(out.getvalue())
    if declared_size is not None:
        name = BOMB_MEMBER.encode()
        local = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo(BOMB_MEMBER).header_offset
        struct.pack_into("<I", data, local + 22, declared_size)
        central = next(
            m.start() for m in re.finditer(b"PK\x01\x02", data) if data[m.start() + 46 :].startswith(name)
        )
        struct.pack_into("<I", data, central + 24, declared_size)
    return bytes(data)


SMALL_INFLATE_LIMIT = Limits(max_decompressed_bytes=16 * 1024 * 1024)


def test_zip_bomb_declared_size() -> None:
    assert reason(zip_bomb(), SMALL_INFLATE_LIMIT) == "DOCX 解压后大小超过上限（16 MB，疑似压缩炸弹）"


def test_zip_bomb_with_forged_small_size_never_inflates() -> None:
    # zipfile stops at the declared size and the CRC then fails: refused as corrupt, never inflated.
    assert reason(zip_bomb(declared_size=1000), SMALL_INFLATE_LIMIT) == "DOCX 文件已损坏或不是 Word 文档"


def test_docx_under_the_inflate_limit_is_read() -> None:
    assert read_document(zip_bomb(), limits=Limits()).format == "docx"


def test_oversized_html() -> None:
    page = "<html><body>" + "<p>政府信息公开工作年度报告</p>" * 2000 + "</body></html>"
    assert reason(page.encode("utf-8"), Limits(max_html_bytes=10_000)) == "网页大小超过上限（9.76562 KB）"


def test_html_without_text() -> None:
    assert reason(b"<html><body><script>var x = 1;</script></body></html>") == "网页中没有找到正文"


def test_image_file() -> None:
    assert reason(b"\x89PNG\r\n\x1a\n" + bytes(100)) == "图片文件已损坏或格式无法识别"  # images are read by OCR


def test_bad_environment_limit_is_reported() -> None:
    with pytest.raises(ValueError, match="NIANBAO_MAX_SECONDS"):
        Limits.from_env({"NIANBAO_MAX_SECONDS": "-1"})
