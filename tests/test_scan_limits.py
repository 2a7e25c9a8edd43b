"""Bad scans end with a clear reason for their file, within limits: a malformed image, a decompression
bomb (refused from its header, before any pixel is decoded), and more scanned pages than OCR may read."""

from __future__ import annotations

import io
import resource
import struct
import time
import zlib

import pytest
from PIL import Image

from parsers.document import ParseError
from parsers.limits import Limits
from parsers.read import read_document
from parsers.scan import MAX_PIXELS, garbage


def reason(data: bytes, limits: Limits | None = None) -> str:
    with pytest.raises(ParseError) as caught:
        read_document(data, limits=limits or Limits())
    return str(caught.value)


def png_header(width: int, height: int) -> bytes:
    """A PNG claiming ``width`` × ``height`` grey pixels, with one tiny compressed row of data."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(width + 1))) + chunk(
        b"IEND", b"")


def test_malformed_image() -> None:
    assert reason(b"\x89PNG\r\n\x1a\n" + bytes(100)) == "图片文件已损坏或格式无法识别"
    jpeg = io.BytesIO()
    Image.new("L", (64, 64), 200).save(jpeg, "JPEG")
    assert reason(jpeg.getvalue()[:200]) == "图片文件已损坏或格式无法识别"


def test_decompression_bomb_is_refused_before_decoding() -> None:
    start, before = time.monotonic(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert reason(png_header(30_000, 30_000)) == "图片尺寸过大（超过 8000 万像素），无法读取"
    assert reason(png_header(10_000, 8_500)) == "图片尺寸过大（超过 8000 万像素），无法读取"  # under Pillow's own
    assert time.monotonic() - start < 2
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100 * 1024  # KB: nothing decoded
    assert MAX_PIXELS < 30_000 * 30_000


def test_many_page_scan_is_refused_before_any_ocr() -> None:
    pages = [Image.new("L", (120, 170), 255 - i % 50) for i in range(200)]
    pdf = io.BytesIO()
    pages[0].save(pdf, "PDF", resolution=20, save_all=True, append_images=pages[1:])
    start = time.monotonic()
    assert reason(pdf.getvalue()) == "扫描页数 200 页，超过逐页识别文字的上限 30 页"
    assert time.monotonic() - start < 10
    frames, tiff_pages = io.BytesIO(), [page.copy() for page in pages[:40]]  # fresh: saving marks them
    tiff_pages[0].save(frames, "TIFF", save_all=True, append_images=tiff_pages[1:])
    assert reason(frames.getvalue(), Limits(max_scan_pages=12)) == "扫描页数 40 页，超过逐页识别文字的上限 12 页"


def test_text_layer_garbage() -> None:
    assert garbage("") and garbage(" \n ") and garbage("\ue001\ue002\ue003\ufffd\x01a")
    assert not garbage("一、总体情况") and not garbage("Annual report sample page")
