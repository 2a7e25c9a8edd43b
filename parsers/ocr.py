"""Scanned pages to ``Document`` blocks: ruled tables read cell by cell, prose read line by line.

The engine is RapidOCR (PP-OCRv4 Chinese models shipped in the ``rapidocr-onnxruntime`` wheel, run by
ONNX Runtime on the CPU with :data:`THREADS` threads, nothing downloaded). It is imported and built on
the first page that needs it, so reading text-layer files never pays for it.

A page is straightened by the tilt of its rules (:mod:`parsers.grid`); each table's cells are cut out
and recognised on their own, without the text detector, which drops small single-digit cells; a cell
of several lines (a wrapped label, a vertical one) is cut into its lines first, and marks much fainter
than a cell's text (what is left of a stamp, show-through) are cleared from it. The prose outside the
tables is cut into lines by its rows of ink (the straightened page's lines lie level) and each line is
recognised whole: the text detector costs several seconds a page on two cores, cutting costs nothing.
Blocks are tables and lines as the PDF reader makes them, so the one extractor fills the same keys; each
table carries the engine's confidence per cell (:attr:`parsers.document.Table.confidence`), each line of
prose its own (:attr:`parsers.document.TextLine.confidence`), which the counts stated in it inherit.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import cv2
import numpy as np

from parsers import grid
from parsers.document import Block, Table, TextLine

if TYPE_CHECKING:
    from rapidocr_onnxruntime import RapidOCR

THREADS = 2
# Fewer ink pixels than this in a cell or a stretch of a line are specks of noise, not text.
_MIN_INK_PIXELS = 12
# Padding (pixels) around the ink of a cut-out line, as the recogniser was trained on.
_PAD = 6
# Lines of text inside one cell are separated by at least this many ink-free pixel rows.
_LINE_GAP = 2
# Extra white room (pixels each side) for a second reading of a line read as nothing.
_RETRY_PAD = 12
# A cell whose ink is this many times taller than wide holds a label printed one character per line.
_VERTICAL_RATIO = 2.5
# Ink bands of one character span at most this many character widths.
_CHAR_SLACK = 1.15
# A horizontal gap wider than this many line heights splits a line of prose into stretches.
_WORD_GAP = 2.0

# A mark in a cell whose darkest pixel is lighter than this share of the way from the cell's darkest ink
# to white is not text.
_FAINT = 0.5

# Letters the recogniser returns for digits in a cell of digits.
_LOOK_ALIKES = str.maketrans("IlL|iOoDQSsZzBg", "111110000055289")
# Marks the recogniser reads from a speck beside the digits of a cell (a sign in front is kept).
_STRAY = ".,:;=~_'\"`·。，：、!|"
# The confidence given to a number that had to be mended from look-alike letters (below the threshold).
_DOUBTFUL = 0.3

_lock = threading.Lock()


@cache
def engine() -> RapidOCR:
    """The process's OCR engine, built once on first use (about a second; ~16 MB of models)."""
    from rapidocr_onnxruntime import RapidOCR

    # The recogniser pads every image to at least rec_img_shape's width: 48 (not 320) keeps a one-digit
    # cell from costing as much as a line of text.
    return RapidOCR(intra_op_num_threads=THREADS, inter_op_num_threads=1, rec_img_shape=[3, 48, 48])


@dataclass(frozen=True)
class Reading:
    """What the engine read in one place, with its confidence (0–1)."""

    text: str
    confidence: float


def read_page(grey: np.ndarray, page: int) -> list[Block]:
    """The blocks of one page image (8-bit grey, about 150–200 dpi), top to bottom."""
    straight = grid.rotate(grey, -grid.tilt(grey))
    tables, clean = grid.grids(straight)
    items: list[tuple[float, Block]] = [(g.box[1], _table(clean, g, page)) for g in tables]
    prose = clean.copy()
    for g in tables:
        x0, y0, x1, y1 = g.box
        prose[y0:y1, x0:x1] = 255
    items += [(top, TextLine(read.text, page=page, confidence=read.confidence)) for top, read in _prose_lines(prose)]
    items.sort(key=lambda item: item[0])
    return [block for _, block in items]


def _table(page_image: np.ndarray, found: grid.Grid, page: int) -> Table:
    rows: list[list[str | None]] = [[""] * found.n_cols for _ in range(found.n_rows)]
    confidence: list[list[float | None]] = [[None] * found.n_cols for _ in range(found.n_rows)]
    crops = [_without_faint(page_image[y0:y1, x0:x1]) for x0, y0, x1, y1 in (cell.box for cell in found.cells)]
    readings = _read([_lines(crop) for crop in crops], "")
    for cell, crop, reading in zip(found.cells, crops, readings, strict=True):
        reading = _as_number(reading)
        if cell.rows > 1 and any(c.isdigit() for c in reading.text):  # cells of rows a broken rule ran together
            reading = Reading(reading.text, min(reading.confidence, _DOUBTFUL))
        if reading.text.isdigit() and _dash_first(crop):
            reading = Reading("-" + reading.text, reading.confidence)
        for r in range(cell.row, min(cell.row + cell.rows, found.n_rows)):
            for c in range(cell.col, min(cell.col + cell.cols, found.n_cols)):
                rows[r][c] = None
        rows[cell.row][cell.col] = reading.text
        confidence[cell.row][cell.col] = reading.confidence
    return Table(rows, page=page, confidence=confidence)


def _without_faint(crop: np.ndarray) -> np.ndarray:
    """A cell image with the marks much fainter than its darkest mark painted white: what is left of a
    stamp taken out of the page, show-through from the back of the sheet, specks. Printed text is dark
    alike, so a faint mark beside it is not part of it."""
    if crop.size == 0:
        return crop
    count, labels, stats, _ = cv2.connectedComponentsWithStats(_ink(crop))
    if count < 3:
        return crop
    darkest = np.full(count, 255.0)
    np.minimum.at(darkest, labels.ravel(), crop.ravel().astype(np.float64))
    marks = [i for i in range(1, count) if stats[i][4] >= 3]
    if not marks:
        return crop
    text = min(darkest[i] for i in marks)
    faint = [i for i in range(1, count) if darkest[i] > text + _FAINT * (255 - text)]
    if not faint:
        return crop
    # Keep the text and the blurred edge of its strokes; the rest of the cell, where the faint marks and
    # what is left of them below the ink threshold lie, goes white.
    text_marks = ((labels > 0) & ~np.isin(labels, faint)).astype(np.uint8)
    out = crop.copy()
    out[cv2.dilate(text_marks, np.ones((5, 5), np.uint8)) == 0] = 255
    return out


def _as_number(reading: Reading) -> Reading:
    """A cell of digits with look-alike letters (「1I」, 「O」) or stray marks at its ends (「0.」) as the
    number it must be, its confidence capped below the threshold of doubt so it is never taken as read
    with certainty."""
    text = reading.text.replace(" ", "")
    core = text.lstrip(_STRAY).rstrip(_STRAY + "+-")
    if not core or text.isdigit() or not any(c.isdigit() for c in core) and len(core) > 1:
        return reading
    fixed = core.translate(_LOOK_ALIKES)
    if not fixed.isdigit():
        return reading
    return Reading(fixed, min(reading.confidence, _DOUBTFUL))


def _dash_first(crop: np.ndarray) -> bool:
    """Whether the cell's first mark is a dash on the middle of its digits: a thin minus sign, which the
    recogniser drops in blurred scans."""
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(_ink(crop))
    marks = sorted((tuple(stats[i][:4]) for i in range(1, count) if stats[i][4] >= 3), key=lambda m: m[0])
    if len(marks) < 2:
        return False
    (_x, y, w, h), rest = marks[0], marks[1:]
    top, bottom = min(m[1] for m in rest), max(m[1] + m[3] for m in rest)
    middle = y + h / 2
    return w >= 2 * h and h <= (bottom - top) / 4 and top + (bottom - top) / 4 < middle < bottom - (bottom - top) / 4


def _read(pieces: list[list[np.ndarray]], joiner: str) -> list[Reading]:
    """One reading per list of line images: their texts joined, the lowest confidence (1.0 when empty)."""
    flat = [line for lines in pieces for line in lines]
    results = _recognise(flat)
    # A lone glyph (「0」) comes back empty now and then; more white room around it helps.
    empty = [i for i, (text, _) in enumerate(results) if not text.strip()]
    roomier = [cv2.copyMakeBorder(flat[i], 0, 0, _RETRY_PAD, _RETRY_PAD, cv2.BORDER_CONSTANT, value=255) for i in empty]
    for i, result in zip(empty, _recognise(roomier), strict=True):
        results[i] = result
    out, at = [], 0
    for lines in pieces:
        got = results[at : at + len(lines)]
        at += len(lines)
        text = joiner.join(t.strip() for t, _ in got if t.strip())
        out.append(Reading(text, min((score for _, score in got), default=1.0)))
    return out


def _runs(profile: np.ndarray, gap: int) -> list[tuple[int, int]]:
    """Stretches (start, end) where ``profile`` is non-zero, joined across gaps of up to ``gap`` zeros."""
    runs: list[tuple[int, int]] = []
    for index in np.flatnonzero(profile):
        if runs and index - runs[-1][1] <= gap:
            runs[-1] = (runs[-1][0], int(index) + 1)
        else:
            runs.append((int(index), int(index) + 1))
    return runs


def _ink(image: np.ndarray) -> np.ndarray:
    ink = grid.binarise(image)
    ink[:, :2], ink[:, -2:], ink[:2, :], ink[-2:, :] = 0, 0, 0, 0  # rule remnants at a crop's edges
    return ink


def _cut(image: np.ndarray, ink: np.ndarray, top: int, bottom: int, left: int, right: int) -> np.ndarray | None:
    """The ink inside a box, cut with some room (a faint minus sign or 「一」 binarises poorly) and a white
    margin; None for specks."""
    box = ink[top:bottom, left:right]
    if np.count_nonzero(box) < _MIN_INK_PIXELS:
        return None
    ys, xs = np.nonzero(box)
    room = max((ys.max() - ys.min()) // 4, 2)
    x0, x1 = max(left + xs.min() - room, left), min(left + xs.max() + 1 + room, right)
    y0, y1 = max(top + ys.min() - 2, top), min(top + ys.max() + 3, bottom)
    return cv2.copyMakeBorder(image[y0:y1, x0:x1], _PAD, _PAD, _PAD, _PAD, cv2.BORDER_CONSTANT, value=255)


def _lines(crop: np.ndarray) -> list[np.ndarray]:
    """The text lines of a cell image, top to bottom; none for an empty cell. A label printed one
    character per line (a tall narrow cell) comes back as one line, its characters side by side."""
    if crop.size == 0:
        return []
    ink = _ink(crop)
    if np.count_nonzero(ink) < _MIN_INK_PIXELS:
        return []
    ys, xs = np.nonzero(ink)
    width, height = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
    if height > _VERTICAL_RATIO * width:
        return _vertical(crop, ink, int(width))
    bands = _runs(np.count_nonzero(ink, axis=1), _LINE_GAP)
    return [p for top, bottom in bands if (p := _cut(crop, ink, top, bottom, 0, crop.shape[1])) is not None]


def _vertical(crop: np.ndarray, ink: np.ndarray, size: int) -> list[np.ndarray]:
    """Characters stacked in a column, set side by side: ink bands joined while no taller than a
    character (three strokes of 「三」 are one character), each scaled to one height."""
    chars: list[tuple[int, int]] = []
    for top, bottom in _runs(np.count_nonzero(ink, axis=1), 0):
        if chars and bottom - chars[-1][0] <= _CHAR_SLACK * size:
            chars[-1] = (chars[-1][0], bottom)
        else:
            chars.append((top, bottom))
    pieces = [p for top, bottom in chars if (p := _cut(crop, ink, top, bottom, 0, crop.shape[1])) is not None]
    if not pieces:
        return []
    height = max(p.shape[0] for p in pieces)
    padded = [cv2.copyMakeBorder(p, 0, height - p.shape[0], 0, 0, cv2.BORDER_CONSTANT, value=255) for p in pieces]
    return [np.hstack(padded)]


def _prose_lines(image: np.ndarray) -> list[tuple[float, Reading]]:
    """The lines of text of a page with its tables blanked: ink rows, each cut into stretches of text at
    wide gaps (a signature beside its date), read as one line whose stretches are joined by a space; the
    line's confidence is its least sure stretch's."""
    ink = _ink(image)
    lines, tops = [], []
    for top, bottom in _runs(np.count_nonzero(ink, axis=1), _LINE_GAP):
        height = bottom - top
        stretches = _runs(np.count_nonzero(ink[top:bottom], axis=0), int(_WORD_GAP * height))
        pieces = [p for left, right in stretches if (p := _cut(image, ink, top, bottom, left, right)) is not None]
        if pieces:
            lines.append(pieces)
            tops.append(float(top))
    return [(top, r) for top, r in zip(tops, _read(lines, " "), strict=True) if r.text]


def _recognise(images: list[np.ndarray]) -> list[tuple[str, float]]:
    """The recogniser's text and confidence for each line image (no detection)."""
    if not images:
        return []
    with _lock:
        results, _elapsed = engine().text_rec([cv2.cvtColor(i, cv2.COLOR_GRAY2BGR) for i in images])
    return [(str(text), float(score)) for text, score in results]
