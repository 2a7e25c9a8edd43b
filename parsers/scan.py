"""Scanned reports: which PDF pages need OCR, page images from PDFs and image files, and their blocks.

A PDF page is read by OCR when it shows a picture and its text layer is empty or garbage (a scanner's
own bad OCR, a font without a Unicode map). Image files (PNG, JPEG, TIFF, BMP, GIF; a multi-page TIFF
page by page) are checked before decoding: a header claiming more than :data:`MAX_PIXELS` pixels is
refused (a decompression bomb), as is a file Pillow cannot decode. At most ``Limits.max_scan_pages``
pages are read by OCR per file; the time limit, checked between pages, grows by
:data:`SECONDS_PER_PAGE` for each. The OCR engine itself
(:mod:`parsers.ocr`) is imported only when a page needs it.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageSequence, UnidentifiedImageError

from parsers.document import Block, Document, ParseError
from parsers.limits import Deadline, Limits

# Pages are rendered for OCR at this resolution (the recogniser reads cells of 150–200 dpi scans well).
DPI = 150
# The time limit grows by this much for each page read by OCR (a few seconds on two idle cores).
SECONDS_PER_PAGE = 30.0
# An image of more pixels than this (about A3 at 600 dpi) is refused before it is decoded.
MAX_PIXELS = 80_000_000
# A picture covering at least this share of a page makes it a scanned page.
_IMAGE_SHARE = 0.3
# A text layer where fewer than this share of the visible characters are readable is garbage.
_READABLE_SHARE = 0.5
# Characters a text layer of a Chinese report is made of: CJK, its punctuation, full-width forms, ASCII.
_READABLE = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf\u3000-\u303f\uff00-\uffef\u2010-\u2027!-~]")
_SPACE = re.compile(r"\s")
# An image file taller than this many widths is a long picture of several pages, read in slices.
_SLICE_RATIO = 1.6
# A pixel whose lightest and darkest channels differ by more than this is coloured (a stamp, a signature).
_COLOURED = 30
# An ink's strength is taken as at most this (denser ink hides the page: it is read as bare paper).
_MAX_INK = 0.85
# The ink's colour is measured on its coloured pixels at or above this percentile of chroma.
_SOLID_PERCENTILE = 90
_NO_TEXT = "扫描件中未识别出文字，无法读取"
_TOO_LARGE = f"图片尺寸过大（超过 {MAX_PIXELS // 10_000} 万像素），无法读取"


def garbage(text: str) -> bool:
    """Whether a page's text layer says nothing readable (empty, or mostly unmapped glyphs)."""
    visible = len(text) - len(_SPACE.findall(text))
    return visible == 0 or len(_READABLE.findall(text)) < _READABLE_SHARE * visible


def shows_picture(page: pdfium.PdfPage) -> bool:
    """Whether an image object covers a good part of the page."""
    width, height = page.get_size()
    area = max(width * height, 1.0)
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) >= _IMAGE_SHARE * area:
            return True
    return False


def page_image(page: pdfium.PdfPage) -> np.ndarray:
    """A PDF page rendered for OCR, in grey (from colour, so a stamp fades: see :func:`_grey`)."""
    bitmap = page.render(scale=DPI / 72)
    try:
        return _grey(bitmap.to_pil())
    finally:
        bitmap.close()


def allow_scan_pages(count: int, limits: Limits, deadline: Deadline) -> None:
    """Refuse a file with more pages to read by OCR than the limit, before any is read; else give the
    time limit :data:`SECONDS_PER_PAGE` more for each."""
    _refuse_over(count, limits)
    deadline.extend(count * SECONDS_PER_PAGE)


def _refuse_over(count: int, limits: Limits) -> None:
    if count > limits.max_scan_pages:
        raise ParseError(f"扫描页数 {count} 页，超过逐页识别文字的上限 {limits.max_scan_pages} 页")


def ocr_page(grey: np.ndarray, page: int, deadline: Deadline) -> list[Block]:
    """The blocks of one page image (imports the OCR engine on first use)."""
    deadline.check()
    from parsers import ocr

    return ocr.read_page(grey, page)


def read_image(data: bytes, limits: Limits) -> Document:
    """Read an image file (a scanned report, one page per frame) by OCR."""
    deadline = limits.deadline()
    frames = list(_frames(data, limits))
    allow_scan_pages(len(frames), limits, deadline)
    blocks = [b for number, grey in enumerate(frames, start=1) for b in ocr_page(grey, number, deadline)]
    if not blocks:
        raise ParseError(_NO_TEXT)
    return Document(format="image", blocks=blocks, pages=len(frames))


def no_text() -> ParseError:
    """The reason for a scan in which OCR found no text at all."""
    return ParseError(_NO_TEXT)


def _frames(data: bytes, limits: Limits) -> Iterator[np.ndarray]:
    """The pages of an image file in grey, after checking the header's size and the page count."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ParseError(_TOO_LARGE)
            _refuse_over(getattr(image, "n_frames", 1), limits)  # before decoding any
            pages = [_grey(frame) for frame in ImageSequence.Iterator(image)]
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:  # Pillow's guard, at open
        raise ParseError(_TOO_LARGE) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ParseError("图片文件已损坏或格式无法识别") from exc
    for grey in pages:
        yield from _slices(grey)


def _grey(frame: Image.Image) -> np.ndarray:
    """A frame in grey. In colour, a stamp's ink is unmixed from the page under it (see :func:`_unmix`)."""
    if frame.mode not in ("RGB", "RGBA", "P", "CMYK", "YCbCr", "LAB", "HSV"):
        return np.array(frame.convert("L"))
    return _unmix(np.asarray(frame.convert("RGB")).astype(np.float32))


def _unmix(rgb: np.ndarray) -> np.ndarray:
    """The grey page under a translucent coloured ink (a stamp, a signature), from an RGB image.

    Ink laid over paper mixes as ``pixel = (1 - a) * page + a * ink`` per channel, ``a`` its strength. The
    page adds the same to every channel, so a pixel's chroma (its lightest minus its darkest channel) is
    ``a`` times the ink's own chroma, whatever is printed under it; and over bare paper, the darkening of
    the mean channel is a fixed multiple of the chroma. Both the multiple and the ink's chroma (read as if
    its darkest channel were 0 at full strength, as a saturated seal red nearly is) are medians over the
    most coloured pixels, the inside of the strokes, most of which lie over bare paper. Each pixel's page
    is then its mean channel with the ink's darkening taken off and the contrast it hid restored: text and
    rules under a stamp stay dark, where keeping the lightest channel left them a third as dark as
    elsewhere.
    """
    darkest, lightest = rgb.min(axis=2), rgb.max(axis=2)
    chroma = lightest - darkest
    grey = rgb.mean(axis=2)
    coloured = chroma > _COLOURED
    if coloured.any():
        # The inside of strokes: at their edges JPEG's coarser colour understates the chroma.
        solid = coloured & (chroma >= np.percentile(chroma[coloured], _SOLID_PERCENTILE))
        darkening = float(np.median((255 - grey[solid]) / chroma[solid]))
        ink_chroma = float(np.median(255 * chroma[solid] / np.maximum(255 - darkest[solid], 1)))
        hidden = 1 - np.clip(chroma / max(ink_chroma, _COLOURED), 0, _MAX_INK)
        grey = 255 - (255 - grey - darkening * chroma) / hidden
    return np.clip(grey, 0, 255).astype(np.uint8)


def _slices(grey: np.ndarray) -> Iterator[np.ndarray]:
    """A long picture of several pages in page-high slices (cut through blank rows where there are some)."""
    height, width = grey.shape
    step = int(width * 1.414)
    if height <= _SLICE_RATIO * width:
        yield grey
        return
    top = 0
    while top < height:
        bottom = min(top + step, height)
        if bottom < height:
            bottom = _blank_row_near(grey, bottom, step // 8)
        yield grey[top:bottom]
        top = bottom


def _blank_row_near(grey: np.ndarray, row: int, reach: int) -> int:
    """The row nearest ``row`` (within ``reach``, looking up) with the least ink."""
    start = max(row - reach, 1)
    darkness = (grey[start:row] < 128).sum(axis=1)[::-1]
    return row - 1 - int(np.argmin(darkness))
