"""Ruled tables in a page image: the tilt of the page, and every table's cells as boxes on a grid.

A morphological line filter (opening the inverted, binarised page with long thin kernels) keeps the
ruling lines and drops the text. The tilt is the median angle of the long horizontal rules; the page is
turned back by it. Each table is a connected set of rules; its cells are the white regions the rules
enclose, so merged cells come out as one box spanning several rows or columns. The row and column
boundaries are the cells' edges, clustered; a cell's box is then placed on that grid the way the PDF
reader's grids are laid out: text in its top-left position, ``None`` where a merged cell spans.

Only OpenCV and NumPy: no OCR engine here (see :mod:`parsers.ocr`).
"""

from __future__ import annotations

from dataclasses import dataclass

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
        grid = _grid(mask, (x, y), tolerance)
        if grid is not None:
            found.append(grid)
    clean = grey.copy()
    clean[cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8)) > 0] = 255
    return sorted(found, key=lambda g: g.box[1]), clean


def _grid(mask: np.ndarray, origin: tuple[int, int], tolerance: float) -> Grid | None:
    """The cells enclosed by one connected set of rules (``mask``, at ``origin`` in the page)."""
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
        m = _CELL_MARGIN
        cells.append(Cell((x0 + m, y0 + m, x1 - m, y1 - m), row, col, rows, cols))
    n_rows = max(c.row + c.rows for c in cells)
    n_cols = max(c.col + c.cols for c in cells)
    return Grid((ox, oy, ox + width, oy + height), n_rows, n_cols, tuple(cells))
