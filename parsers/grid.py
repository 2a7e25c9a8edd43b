"""Ruled tables in a page image: the tilt of the page, and every table's cells as boxes on a grid.

A morphological line filter (opening the inverted, binarised page with long thin kernels) keeps the
ruling lines and drops the text. The tilt is the median angle of the long horizontal rules; the page is
turned back by it. Each table is a connected set of rules; its cells are the white regions the rules
enclose, so merged cells come out as one box spanning several rows or columns. The row and column
boundaries are the cells' edges, clustered; a cell's box is then placed on that grid the way the PDF
reader's grids are laid out: text in its top-left position, ``None`` where a merged cell spans. A rule
broken into dashes (under a stamp, faded) lets two cells run into one region: a region is cut again
along a grid boundary inside it where a thin line of ink still runs nearly all along it.

Only OpenCV and NumPy: no OCR engine here (see :mod:`parsers.ocr`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import cv2
import numpy as np

# A horizontal rule is at least this share of the page width long; a vertical one at least this
# other share (a table row continued alone on the next page is one line of text high).
_RULE_SHARE = 1 / 25
_VERTICAL_RULE_SHARE = 1 / 45
# Ink is at least this much darker (0-255) than the mean of its neighbourhood.
_INK_MARGIN = 18
# Two cell edges closer than this share of the page width are one grid boundary.
_EDGE_SHARE = 1 / 150
# Enclosed regions smaller than this (pixels per side) are gaps between double rules, not cells.
_MIN_CELL = 8
# A table has at least this many cells.
_MIN_CELLS = 4
# Pages without rules: tilts searched from the text lines, in degrees.
_MAX_TEXT_TILT = 2.0
_TEXT_TILT_STEP = 0.1
# A broken rule inside a merged region, looked for within _REACH pixels of a grid boundary: ink within
# _BAND pixels of a line along at least _RULED_SHARE of it, with the _BESIDE pixels either side of that
# band clear as well along at least _CLEAR_SHARE of it.
_REACH = 3
_BAND = 1
_BESIDE = 3
_RULED_SHARE = 0.8
_CLEAR_SHARE = 0.5
# Cut this many pixels off each side of a cell box, so no rule is left in the crop.
_CELL_MARGIN = 2


@dataclass(frozen=True)
class Cell:
    """One enclosed cell: its box in the deskewed page (x0, y0, x1, y1) and its place on the grid."""

    box: tuple[int, int, int, int]
    row: int
    col: int
    rows: int = 1
    cols: int = 1


@dataclass(frozen=True)
class Grid:
    """One ruled table: its bounding box, the number of rows and columns, and its cells."""

    box: tuple[int, int, int, int]
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]


def binarise(grey: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0: darker than its neighbourhood by a margin, on a lightly smoothed page (so thin,
    blurred rules are kept and noise is not)."""
    smooth = cv2.GaussianBlur(grey, (3, 3), 0)
    return cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 21, _INK_MARGIN)


def _rules(ink: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The horizontal and the vertical rules of a binarised page.

    Vertical rules may be as short as one row of a table continued alone on the next page, shorter than
    the strokes of a large title; so a vertical stretch of ink counts only where it meets a horizontal rule.
    """
    width = ink.shape[1]  # lengths by the width alone: a long picture is tall
    h_len, v_len = max(int(width * _RULE_SHARE), 10), max(int(width * _VERTICAL_RULE_SHARE), 10)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    count, labels = cv2.connectedComponents(vertical)
    touching = np.unique(labels[(cv2.dilate(horizontal, np.ones((5, 5), np.uint8)) > 0) & (labels > 0)])
    vertical = np.isin(labels, touching).astype(np.uint8) * 255 if count > 1 else vertical
    return horizontal, vertical


def _joined(horizontal: np.ndarray, vertical: np.ndarray) -> np.ndarray:
    """Both sets of rules, each grown along itself: noise and blur break a rule's end off where it
    meets another, which would let two cells run into one."""
    reach = max(horizontal.shape[1] // 100, 3)
    horizontal = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (2 * reach + 1, 1)))
    vertical = cv2.dilate(vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 2 * reach + 1)))
    return cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))


def tilt(grey: np.ndarray) -> float:
    """The page's tilt in degrees (counter-clockwise positive), from its long horizontal rules, or from its
    lines of text when it has none."""
    ink = binarise(grey)
    height, width = ink.shape
    # A slightly taller kernel keeps rules tilted by up to ~2 degrees in one piece.
    long = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (width // 12, 1)))
    long = cv2.dilate(long, cv2.getStructuringElement(cv2.MORPH_RECT, (width // 24, 3)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(long)
    angles, weights = [], []
    for label in range(1, count):
        x, y, w, h, _area = stats[label]
        if w < width // 6:
            continue
        ys, xs = np.nonzero(ink[y : y + h, x : x + w] & (labels[y : y + h, x : x + w] == label).astype(np.uint8) * 255)
        if len(xs) < w // 2:
            continue
        slope = np.polyfit(xs, ys, 1)[0]
        angles.append(-np.degrees(np.arctan(slope)))
        weights.append(w)
    if not angles:
        return tilt_of_text(grey)
    order = np.argsort(angles)
    cumulative = np.cumsum(np.asarray(weights)[order])
    return float(np.asarray(angles)[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def rotate(grey: np.ndarray, degrees: float, border: int = 255) -> np.ndarray:
    """``grey`` turned by ``degrees`` (counter-clockwise positive) about its centre, ``border`` outside."""
    if abs(degrees) < 0.05:
        return grey
    height, width = grey.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    return cv2.warpAffine(grey, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=border)


def _boundaries(edges: list[int], tolerance: float) -> list[float]:
    """Cluster edge positions: the mean of each run of positions no more than ``tolerance`` apart."""
    out: list[list[int]] = []
    for edge in sorted(edges):
        if out and edge - out[-1][-1] <= tolerance:
            out[-1].append(edge)
        else:
            out.append([edge])
    return [sum(run) / len(run) for run in out]


def _nearest(boundaries: list[float], value: float) -> int:
    return int(np.argmin([abs(b - value) for b in boundaries]))


def tilt_of_text(grey: np.ndarray) -> float:
    """The tilt in degrees of a page without rules: the angle whose rows of ink are most sharply
    separated (the variance of the row profile is highest when lines of text lie level)."""
    small = cv2.resize(binarise(grey), None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA)
    best, best_score = 0.0, -1.0
    for degrees in np.arange(-_MAX_TEXT_TILT, _MAX_TEXT_TILT + 1e-9, _TEXT_TILT_STEP):
        profile = rotate(small, float(degrees), border=0).sum(axis=1, dtype=np.float64)
        score = float(np.var(profile))
        if score > best_score:
            best, best_score = float(degrees), score
    return -best


def grids(grey: np.ndarray) -> tuple[list[Grid], np.ndarray]:
    """The ruled tables of a deskewed page, top to bottom, and the page with its rules painted white."""
    ink = binarise(grey)
    horizontal, vertical = _rules(ink)
    lines = _joined(horizontal, vertical)
    height, width = ink.shape
    tolerance = max(width * _EDGE_SHARE, 4)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(lines)
    found = []
    for label in range(1, count):
        x, y, w, h, _area = stats[label]
        if w < width // 8 or h < width // 40:
            continue
        mask = (labels[y : y + h, x : x + w] == label).astype(np.uint8) * 255
        grid = _grid(mask, (x, y), tolerance, ink)
        if grid is not None:
            found.append(grid)
    clean = grey.copy()
    clean[cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8)) > 0] = 255
    return sorted(found, key=lambda g: g.box[1]), clean


def _grid(mask: np.ndarray, origin: tuple[int, int], tolerance: float, ink: np.ndarray) -> Grid | None:
    """The cells enclosed by one connected set of rules (``mask``, at ``origin`` in the page; ``ink`` is
    the binarised page)."""
    ox, oy = origin
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_not(mask), connectivity=4)
    height, width = mask.shape
    boxes = []
    for label in range(1, count):
        x, y, w, h, _area = stats[label]
        touches_edge = x == 0 or y == 0 or x + w >= width or y + h >= height
        if touches_edge or w < _MIN_CELL or h < _MIN_CELL:
            continue
        boxes.append((x + ox, y + oy, x + w + ox, y + h + oy))
    if len(boxes) < _MIN_CELLS:
        return None
    xs = _boundaries([b[0] for b in boxes] + [b[2] for b in boxes], tolerance)
    ys = _boundaries([b[1] for b in boxes] + [b[3] for b in boxes], tolerance)
    cells = []
    for x0, y0, x1, y1 in sorted(boxes, key=lambda b: (b[1], b[0])):
        row, col = _nearest(ys, y0), _nearest(xs, x0)
        rows, cols = max(_nearest(ys, y1) - row, 1), max(_nearest(xs, x1) - col, 1)
        cells += _split(ink, (x0, y0, x1, y1), (row, col, rows, cols), xs, ys)
    cells = _apart(cells)
    n_rows = max(c.row + c.rows for c in cells)
    n_cols = max(c.col + c.cols for c in cells)
    return Grid((ox, oy, ox + width, oy + height), n_rows, n_cols, tuple(cells))


def _apart(cells: list[Cell]) -> list[Cell]:
    """Cells that share no place on the grid, top to bottom. A region that leaked into its neighbours
    through a broken rule is not a rectangle, so its box overlaps cells found on their own: those keep
    their places, and the leaked one keeps only its first place, when it is free."""
    taken: set[tuple[int, int]] = set()
    kept = []
    for cell in sorted(cells, key=lambda c: (c.rows * c.cols, c.row, c.col)):
        places = {(r, c) for r in range(cell.row, cell.row + cell.rows) for c in range(cell.col, cell.col + cell.cols)}
        if places & taken:
            if (cell.row, cell.col) in taken:
                continue
            cell, places = Cell(cell.box, cell.row, cell.col), {(cell.row, cell.col)}
        taken |= places
        kept.append(cell)
    return sorted(kept, key=lambda c: (c.row, c.col))


def _split(ink: np.ndarray, box: tuple[int, int, int, int], place: tuple[int, int, int, int],
           xs: list[float], ys: list[float]) -> list[Cell]:
    """A region spanning several rows or columns, cut along the grid boundaries inside it where a rule runs
    broken (under a stamp, in a faded print) but still shows: first into rows, then each row into columns."""
    x0, y0, x1, y1 = box
    row, col, rows, cols = place
    region = ink[y0:y1, x0:x1]
    cuts = [r for r in range(row + 1, row + rows) if _ruled(region.T, ys[r] - y0)]
    if cuts:
        bands = pairwise([(y0, row), *((int(ys[r]), r) for r in cuts), (y1, row + rows)])
        return [c for (top, r0), (bottom, r1) in bands
                for c in _split(ink, (x0, top, x1, bottom), (r0, col, r1 - r0, cols), xs, ys)]
    cuts = [c for c in range(col + 1, col + cols) if _ruled(region, xs[c] - x0)]
    m = _CELL_MARGIN
    return [Cell((left + m, y0 + m, right - m, y1 - m), row, c0, rows, c1 - c0)
            for (left, c0), (right, c1) in pairwise([(x0, col), *((int(xs[c]), c) for c in cuts), (x1, col + cols)])]


def _ruled(region: np.ndarray, at: float) -> bool:
    """Whether a vertical rule runs down ``region`` (ink, rows by columns) near column ``at``: ink in a
    thin band along nearly all of it, the band mostly clear on either side (a line of text crossing the
    boundary has ink all around)."""
    for centre in range(int(round(at)) - _REACH, int(round(at)) + _REACH + 1):
        if centre - _BAND - _BESIDE < 0 or centre + _BAND + _BESIDE >= region.shape[1]:
            continue
        on = region[:, centre - _BAND : centre + _BAND + 1].any(axis=1)
        left = region[:, centre - _BAND - _BESIDE : centre - _BAND].any(axis=1)
        right = region[:, centre + _BAND + 1 : centre + _BAND + _BESIDE + 1].any(axis=1)
        if on.mean() >= _RULED_SHARE and (on & ~left & ~right).mean() >= _CLEAR_SHARE:
            return True
    return False
