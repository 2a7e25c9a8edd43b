"""PDF reader: text-layer PDFs with ruled tables to ``Document`` blocks.

Text is read with pypdfium2 (fast); pdfplumber's table finder runs only on pages that draw visible
ruling lines or boxes, and the text inside the tables it finds is cut out of the page's lines. Lines and
tables are interleaved by their vertical position, each tagged with its 1-based page number. Table
grids are exactly ``pdfplumber``'s ``Table.extract()``: ``None`` where a merged cell spans, strings for
real cells. The finder sees only paths a reader can see as rules: word processors fill white boxes behind
text lines and cells, which would otherwise turn paragraphs into table rows, and some producers draw
glyphs as outlines, whose short edges would pull column rules aside. Where a ruled table runs over a
page break its last rule is missing; the open ends of its vertical rules are closed with a horizontal
line so the last row is kept, and a page number printed bare at the foot of a page is dropped, so the
rows continued on the next page join the table's rows before it. "Tables" of one column are boxed
paragraphs and stay text. A page that is a picture with no readable text layer is read by OCR
(:mod:`parsers.scan`).
"""

from __future__ import annotations

import ctypes
import io
import logging
import math
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from parsers import scan
from parsers.detect import pdf_offset
from parsers.document import Block, Document, ParseError, Table, TextLine
from parsers.limits import Deadline, Limits

log = logging.getLogger(__name__)

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom: pdfplumber's page coordinates
Transform = Callable[[float, float, float, float], BBox]  # user-space x0, y0, x1, y1 to a BBox

_EOF_MARKER = b"%%EOF"
_EOF_WINDOW = 1024
# PDF info keys to the names all readers use in ``Document.metadata``.
_METADATA_KEYS = {
    "Title": "title",
    "Author": "author",
    "Subject": "subject",
    "Keywords": "keywords",
    "Creator": "creator",
    "Producer": "producer",
    "CreationDate": "created",
    "ModDate": "modified",
}
_PDF_DATE = re.compile(r"D:(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(Z|[+-]\d\d'?\d\d'?)?")
_WHITE_COLORS = {(1,), (1, 1, 1), (0, 0, 0, 0)}
_PATHS = ("line", "rect", "curve")
# A path inside a character's box grown by this share of its size, and smaller than it, is a glyph.
_GLYPH_MARGIN = 0.25
_BUCKET = 16.0  # points: vertical bucket of the character index
# pdfplumber's default snap/join tolerance: a rule ending within it of another rule meets it.
_RULE_TOLERANCE = 3
_LINE_BREAKS = {0x0A, 0x0D}
_SOFT_HYPHEN = 0x02  # pdfium's marker for a hyphen it judged to end a line
# Two runs of text are on one line when their vertical overlap is at least this share of the lower run.
_SAME_LINE_OVERLAP = 0.5
# A horizontal gap wider than this share of the line height separates two runs by a space.
_WORD_GAP = 0.25
# A page number printed bare in the footer (「3」): a number at most this much below the page's position
# (unnumbered cover pages), set below everything else on the page by at least its own height.
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
_PAGE_NUMBER_LAG = 2
_FOOTER_GAP = 1.0


def read_pdf(data: bytes, limits: Limits) -> Document:
    """Read a PDF (``data`` holds ``%PDF-`` within its first KB)."""
    deadline = limits.deadline()
    data = data[max(pdf_offset(data), 0) :]
    _check_complete(data)
    pdf = _open(data)
    try:
        pages = len(pdf)
        if pages == 0:
            raise ParseError("PDF 文件没有页面")
        if pages > limits.max_pages:
            raise ParseError(f"页数超过上限 {limits.max_pages} 页")
        metadata = _metadata(pdf)
        with _TableFinder(data) as finder:
            blocks, chars, scanned = _read_pages(pdf, finder, deadline)
        chars += _read_scanned(pdf, blocks, scanned, limits, deadline)
    finally:
        pdf.close()
    if len(finder.skipped_pages) == pages:
        raise ParseError("PDF 的页面均无法读取，文件可能已损坏")
    if chars == 0:
        raise scan.no_text() if scanned else ParseError("PDF 没有文字层，也没有可识别的扫描图片，无法读取")
    return Document(format="pdf", blocks=blocks, pages=pages, metadata=metadata, read_notes=finder.notes())


def _metadata(pdf: pdfium.PdfDocument) -> dict[str, str]:
    info = pdf.get_metadata_dict(skip_empty=True)
    metadata = {name: info[key].strip() for key, name in _METADATA_KEYS.items() if info.get(key, "").strip()}
    for name in ("created", "modified"):
        if name in metadata:
            metadata[name] = pdf_date_iso(metadata[name])
    return metadata


def pdf_date_iso(value: str) -> str:
    """``D:20240226144123+08'00'`` as ISO 8601 (``2024-02-26T14:41:23+08:00``); else ``value`` unchanged."""
    match = _PDF_DATE.match(value)
    if not match:
        return value
    year, month, day, hour, minute, second, zone = match.groups()
    iso = f"{year}-{month or '01'}-{day or '01'}"
    if hour:
        iso += f"T{hour}:{minute or '00'}:{second or '00'}"
        if zone:
            iso += "+00:00" if zone == "Z" else f"{zone[:3]}:{zone.replace(chr(39), '')[3:5]}"
    return iso


def _check_complete(data: bytes) -> None:
    tail = data.rstrip(b"\x00\r\n\t ")[-_EOF_WINDOW:]
    if _EOF_MARKER not in tail:
        raise ParseError("PDF 文件已损坏或被截断")


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        # pdfium's error code is process-global and can be stale after an earlier encrypted file, so a
        # password error counts only where the file declares encryption (the trailer's /Encrypt, never
        # compressed).
        code = getattr(exc, "err_code", None)
        if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY) and b"/Encrypt" in data:
            raise ParseError("PDF 已加密，无法读取") from exc
        raise ParseError("PDF 文件已损坏或被截断") from exc


def _read_pages(
    pdf: pdfium.PdfDocument, finder: _TableFinder, deadline: Deadline
) -> tuple[list[Block], int, list[tuple[int, int]]]:
    """Blocks and characters of the text layer, and the scanned pages left for OCR as (block position,
    page index)."""
    blocks: list[Block] = []
    scanned: list[tuple[int, int]] = []
    chars = 0
    for index in range(len(pdf)):
        deadline.check()
        try:
            page = pdf[index]
        except pdfium.PdfiumError:
            log.warning("pdfium cannot load page %d; skipped", index + 1, exc_info=True)
            finder.skipped_pages.append(index + 1)
            continue
        try:
            page_blocks, page_chars = _read_page(page, index, finder)
            if scan.garbage(_page_text(page_blocks)) and scan.shows_picture(page):
                scanned.append((len(blocks), index))
                page_blocks, page_chars = [], 0
        finally:
            page.close()
        blocks.extend(page_blocks)
        chars += page_chars
    return blocks, chars, scanned


def _page_text(blocks: list[Block]) -> str:
    return "".join(b.text if isinstance(b, TextLine) else "".join(c or "" for r in b.rows for c in r) for b in blocks)


def _read_scanned(
    pdf: pdfium.PdfDocument, blocks: list[Block], scanned: list[tuple[int, int]], limits: Limits, deadline: Deadline
) -> int:
    """OCR the scanned pages into ``blocks`` at their places; the characters read."""
    scan.allow_scan_pages(len(scanned), limits, deadline)
    chars = 0
    for position, index in reversed(scanned):
        page = pdf[index]
        try:
            image = scan.page_image(page)
        finally:
            page.close()
        page_blocks = scan.ocr_page(image, index + 1, deadline)
        chars += len(_page_text(page_blocks))
        blocks[position:position] = page_blocks
    return chars


def _read_page(page: pdfium.PdfPage, index: int, finder: _TableFinder) -> tuple[list[Block], int]:
    number = index + 1
    tables: list[_FoundTable] = []
    if _has_visible_paths(page):
        tables = finder.tables(index)
    lines = _without_page_number(_pdfium_lines(page, [t.bbox for t in tables]), tables, number)
    chars = sum(len(line.text) for line in lines) + sum(t.chars for t in tables)
    return _interleave(lines, tables, number), chars


def _without_page_number(lines: list[_Line], tables: Sequence[_FoundTable], number: int) -> list[_Line]:
    """The page's lines less a bare page number at its foot, which would read as a table value.

    A table continued on the next page would otherwise take the footer's number as a row of its own.
    """
    if not lines:
        return lines
    last = max(lines, key=lambda line: line.top)
    text = last.text.strip()
    if not _PAGE_NUMBER.match(text) or not 0 <= number - int(text) <= _PAGE_NUMBER_LAG:
        return lines
    above = [line.bottom for line in lines if line is not last] + [table.bbox[3] for table in tables]
    if above and last.top - max(above) < _FOOTER_GAP * (last.bottom - last.top):
        return lines
    return [line for line in lines if line is not last]


def _interleave(lines: Sequence[_Line], tables: Sequence[_FoundTable], page: int) -> list[Block]:
    items: list[tuple[float, int, Block]] = [(ln.top, 0, TextLine(ln.text, page=page)) for ln in lines]
    items += [(t.bbox[1], 1, Table(t.rows, page=page)) for t in tables]
    items.sort(key=lambda item: (item[0], item[1]))
    return [block for _, _, block in items]


# --- finding which pages need the table finder ---------------------------------------------------------


def _has_visible_paths(page: pdfium.PdfPage) -> bool:
    """Whether the page strokes or fills any path in a colour other than white (cheap, via pdfium)."""
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    rgba = [ctypes.c_uint() for _ in range(4)]
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        if not pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill_mode), ctypes.byref(stroke)):
            continue
        painted = []
        if stroke.value:
            painted.append(pdfium_c.FPDFPageObj_GetStrokeColor)
        if fill_mode.value:
            painted.append(pdfium_c.FPDFPageObj_GetFillColor)
        for get_color in painted:
            if not get_color(obj.raw, *(ctypes.byref(c) for c in rgba)):
                return True
            r, g, b, a = (c.value for c in rgba)
            if a and (r, g, b) != (255, 255, 255):
                return True
    return False


def _visible(obj: dict) -> bool:
    """Whether a pdfplumber object is text, an image, or a path a reader can see."""
    if obj["object_type"] not in _PATHS:
        return True
    stroked = obj.get("stroke") and not _is_white(obj.get("stroking_color"))
    filled = obj.get("fill") and not _is_white(obj.get("non_stroking_color"))
    return bool(stroked or filled)


class _Glyphs:
    """The character boxes of a page, to tell glyph outlines from rules.

    Producers draw some text as paths too: fake bold strokes every glyph, and "text as curves" turns
    glyphs into outlines. Such a path fits inside one character's box and is smaller than it, which
    no table rule does (a rule is at least a row or a column long). Left in, the short edges of glyph
    outlines chain up in pdfplumber's edge snapping and drag a real column rule sideways.
    """

    def __init__(self, chars: list[dict], page_height: float) -> None:
        self._buckets: dict[int, list[tuple[float, float, float, float, float]]] = {}
        last_bucket = int(page_height // _BUCKET) if math.isfinite(page_height) else 0
        for char in chars:
            size = char["bottom"] - char["top"]
            margin = _GLYPH_MARGIN * size
            box = (char["x0"] - margin, char["top"] - margin, char["x1"] + margin, char["bottom"] + margin, size)
            if not all(math.isfinite(v) for v in box):
                continue
            # Buckets on the page only: a damaged font size can make a "glyph" millions of points tall.
            for bucket in range(max(int(box[1] // _BUCKET), 0), min(int(box[3] // _BUCKET), last_bucket) + 1):
                self._buckets.setdefault(bucket, []).append(box)

    def covers(self, obj: dict) -> bool:
        """Whether ``obj`` lies inside one character's box and is smaller than that character."""
        x0, top, x1, bottom = obj["x0"], obj["top"], obj["x1"], obj["bottom"]
        longest = max(x1 - x0, bottom - top)
        return any(
            longest < size and cx0 <= x0 and x1 <= cx1 and ctop <= top and bottom <= cbottom
            for cx0, ctop, cx1, cbottom, size in self._buckets.get(int(top // _BUCKET), ())
        )


def _rules_filter(page: pdfplumber.page.Page) -> Callable[[dict], bool]:
    """pdfplumber object filter: text, images, and the visible paths that are not glyph outlines."""
    glyphs = _Glyphs(page.chars, page.height)

    def keep(obj: dict) -> bool:
        return _visible(obj) and not (obj["object_type"] in _PATHS and glyphs.covers(obj))

    return keep


def _is_white(color: object) -> bool:
    return isinstance(color, tuple) and tuple(color) in _WHITE_COLORS


def _closing_rules(edges: list[dict]) -> list[dict]:
    """Horizontal lines through the ends of vertical rules that no horizontal rule meets (page breaks)."""
    horizontal = [e for e in edges if e["orientation"] == "h"]
    open_ends: dict[float, list[float]] = {}
    for edge in edges:
        if edge["orientation"] != "v":
            continue
        x = edge["x0"]
        for y in (edge["top"], edge["bottom"]):
            if not any(_meets(h, x, y) for h in horizontal):
                open_ends.setdefault(round(y), []).append(x)
    return [
        {"object_type": "line", "x0": min(xs), "x1": max(xs), "top": y, "bottom": y}
        | {"width": max(xs) - min(xs), "height": 0}
        for y, xs in open_ends.items()
        if len(xs) > 1
    ]


def _meets(horizontal: dict, x: float, y: float) -> bool:
    near_y = abs(horizontal["top"] - y) <= _RULE_TOLERANCE
    return near_y and horizontal["x0"] - _RULE_TOLERANCE <= x <= horizontal["x1"] + _RULE_TOLERANCE


# --- tables (pdfplumber) -------------------------------------------------------------------------------


@dataclass
class _FoundTable:
    rows: list[list[str | None]]
    bbox: BBox
    chars: int


class _TableFinder:
    """Opens the PDF with pdfplumber on first use only; one page at a time, cache flushed after each."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pdf: pdfplumber.PDF | None = None
        self.available = True
        self.failed_pages: list[int] = []
        self.skipped_pages: list[int] = []  # pages pdfium could not load at all (not the finder's, but noted here)

    def __enter__(self) -> _TableFinder:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pdf is not None:
            try:
                self._pdf.close()  # walks every page again: a malformed one raises here too
            except Exception:  # noqa: BLE001 - the text is read; a page pdfminer cannot build is no reason to fail
                log.warning("pdfplumber cannot close this PDF", exc_info=True)

    def tables(self, index: int) -> list[_FoundTable]:
        """The ruled tables of page ``index`` with some text and more than one column."""
        found = []
        try:
            with self._page(index) as page:
                found_tables = (
                    []
                    if page is None
                    else page.find_tables({"explicit_horizontal_lines": _closing_rules(page.edges)})
                )
                for table in found_tables:
                    rows = table.extract()
                    cells = [cell for row in rows for cell in row if cell]
                    if cells and max(len(row) for row in rows) > 1:
                        found.append(_FoundTable(rows, table.bbox, sum(len(c) for c in cells)))
        except Exception:  # noqa: BLE001 - a page pdfminer cannot parse keeps its tables as text lines
            log.warning("pdfplumber cannot read page %d; tables stay text", index + 1, exc_info=True)
            self.failed_pages.append(index + 1)
            return []
        return found

    def notes(self) -> list[str]:
        """What could not be read, or not as tables, for the document's one line to staff."""
        notes = [f"第 {'、'.join(map(str, self.skipped_pages))} 页无法读取，已跳过"] if self.skipped_pages else []
        if not self.available:
            notes.append("无法按表格读取此 PDF，已按文字读取")
        elif self.failed_pages:
            notes.append(f"第 {'、'.join(map(str, self.failed_pages))} 页无法读取表格，已按文字读取")
        return notes

    @contextmanager
    def _page(self, index: int) -> Iterator[pdfplumber.page.Page | None]:
        pdf = self._open()
        if pdf is None:
            yield None
            return
        page = pdf.pages[index]
        try:
            yield page.filter(_rules_filter(page))
        finally:
            page.close()

    def _open(self) -> pdfplumber.PDF | None:
        if self._pdf is None and self.available:
            try:
                self._pdf = pdfplumber.open(io.BytesIO(self._data))
            except Exception:  # noqa: BLE001 - pdfminer fails in many ways; tables then stay as text lines
                log.warning("pdfplumber cannot open this PDF; tables are read as text lines", exc_info=True)
                self.available = False
        return self._pdf


# --- text lines (pypdfium2) ----------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    top: float
    bottom: float


@dataclass
class _Run:
    """Characters pdfium reports as one stretch of a line, with their bounding box."""

    chars: list[str] = field(default_factory=list)
    x0: float = float("inf")
    top: float = float("inf")
    x1: float = float("-inf")
    bottom: float = float("-inf")

    def add(self, ch: str, x0: float, top: float, x1: float, bottom: float) -> None:
        self.chars.append(ch)
        self.x0, self.top = min(self.x0, x0), min(self.top, top)
        self.x1, self.bottom = max(self.x1, x1), max(self.bottom, bottom)

    @property
    def text(self) -> str:
        return "".join(self.chars).strip()


def _pdfium_lines(page: pdfium.PdfPage, exclude: Sequence[BBox]) -> list[_Line]:
    """The page's text lines top to bottom, leaving out characters whose centre lies in ``exclude``."""
    to_page = _display_transform(page.get_rotation(), page.get_mediabox())
    textpage = page.get_textpage()
    try:
        runs = list(_runs(textpage.raw, to_page, exclude))
    finally:
        textpage.close()
    return _join_runs(runs)


def _display_transform(rotation: int, mediabox: tuple[float, float, float, float]) -> Transform:
    """Map a box in PDF user space to pdfplumber's frame: the page as displayed, origin top left, y down."""
    mx0, my0, mx1, my1 = mediabox

    def transform(x0: float, y0: float, x1: float, y1: float) -> BBox:
        if rotation == 90:
            return y0 - my0, x0 - mx0, y1 - my0, x1 - mx0
        if rotation == 180:
            return mx1 - x1, y0 - my0, mx1 - x0, y1 - my0
        if rotation == 270:
            return my1 - y1, mx1 - x1, my1 - y0, mx1 - x0
        return x0, my1 - y1, x1, my1 - y0

    return transform


def _runs(textpage: object, to_page: Transform, exclude: Sequence[BBox]) -> Iterator[_Run]:
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    run = _Run()
    for i in range(pdfium_c.FPDFText_CountChars(textpage)):
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if code in _LINE_BREAKS or code == _SOFT_HYPHEN:
            if code != _SOFT_HYPHEN:
                yield from _nonempty(run)
                run = _Run()
            continue
        if pdfium_c.FPDFText_IsGenerated(textpage, i) == 1:
            if run.chars:
                run.chars.append(chr(code))
            continue
        pdfium_c.FPDFText_GetCharBox(textpage, i, *(ctypes.byref(v) for v in (left, right, bottom, top)))
        x0, y_top, x1, y_bottom = to_page(left.value, bottom.value, right.value, top.value)
        if _inside((x0 + x1) / 2, (y_top + y_bottom) / 2, exclude):
            yield from _nonempty(run)
            run = _Run()
            continue
        run.add(chr(code), x0, y_top, x1, y_bottom)
    yield from _nonempty(run)


def _nonempty(run: _Run) -> Iterator[_Run]:
    if run.text:
        yield run


def _inside(x: float, y: float, boxes: Sequence[BBox]) -> bool:
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _join_runs(runs: list[_Run]) -> list[_Line]:
    """Group runs sharing a baseline into lines, left to right; lines top to bottom."""
    groups: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: (r.top, r.x0)):
        if groups and _same_line(groups[-1], run):
            groups[-1].append(run)
        else:
            groups.append([run])
    lines = []
    for group in groups:
        group.sort(key=lambda r: r.x0)
        height = max(r.bottom - r.top for r in group)
        parts = [group[0].text]
        for prev, cur in zip(group, group[1:], strict=False):
            parts.append((" " if cur.x0 - prev.x1 > _WORD_GAP * height else "") + cur.text)
        lines.append(_Line("".join(parts), min(r.top for r in group), max(r.bottom for r in group)))
    return lines


def _same_line(group: list[_Run], run: _Run) -> bool:
    top, bottom = min(r.top for r in group), max(r.bottom for r in group)
    overlap = min(bottom, run.bottom) - max(top, run.top)
    return overlap >= _SAME_LINE_OVERLAP * min(run.bottom - run.top, bottom - top)
