"""A stamp over a scanned table, and what the reader does when it still loses rows: fast checks on
synthetic images and documents (the scanned fixtures themselves are read in ``test_scans``)."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

from nianbao.model import Source
from parsers import grid
from parsers.document import Document, Table, TextLine
from parsers.extract import extract
from parsers.scan import _grey

RED = np.array([215, 35, 35], dtype=np.float32)


def ruled_page(gaps: bool = False) -> np.ndarray:
    """An A4 page at 150 dpi with a 4 × 3 table of one-pixel grey rules; with ``gaps``, the inner horizontal
    rules are broken every few pixels across two cells, as they come out under a stamp."""
    page = np.full((1754, 1240), 255, np.uint8)
    for y in (200, 260, 320, 380, 440):
        page[y, 100:1101] = 90
        if gaps and 200 < y < 440:
            for x in range(500, 900, 9):
                page[y, x : x + 2] = 255
    for x in (100, 433, 766, 1100):
        page[200:441, x] = 90
    return page


def test_rules_under_a_stamp_keep_their_contrast() -> None:
    page = ruled_page().astype(np.float32)[:, :, None].repeat(3, axis=2)
    alpha = np.zeros(page.shape[:2], np.float32)
    cv2.circle(alpha, (766, 320), 120, 170 / 255, thickness=-1)  # a solid translucent red disc
    stamped = page * (1 - alpha[:, :, None]) + RED * alpha[:, :, None]
    grey = _grey(Image.fromarray(stamped.astype(np.uint8)))
    assert grey[320, 700] < 130 and grey[350, 766] < 130  # rules under the stamp stay dark
    assert grey[290, 700] > 235  # the stamp over bare paper is gone


def test_a_rule_broken_into_dashes_still_separates_rows() -> None:
    found, _clean = grid.grids(ruled_page(gaps=True))
    assert len(found) == 1
    assert (found[0].n_rows, found[0].n_cols, len(found[0].cells)) == (4, 3, 12)
    assert all(cell.rows == cell.cols == 1 for cell in found[0].cells)


def scanned_report(rows: list[list[str | None]], confidence: bool) -> Document:
    scores = [[0.95 if cell is not None else None for cell in row] for row in rows] if confidence else None
    return Document(format="image", pages=1, blocks=[
        TextLine("示例市测试局2021年政府信息公开工作年度报告", page=1),
        TextLine("三、收到和处理政府信息公开申请情况", page=1),
        Table(rows, page=1, confidence=scores),
        TextLine("四、政府信息公开行政复议、行政诉讼情况", page=1),
    ])


def test_rows_a_scan_lost_are_unread_not_missing() -> None:
    rows = [["一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", "3"],
            ["二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"]]
    source = Source(path="scan.png", sha256="0" * 64, format="image")
    scanned = extract(scanned_report(rows, confidence=True), source)
    assert set(scanned.tables.applications) == {"new", "carried_in"}
    assert "applications" in scanned.unread_tables  # rows not seen by OCR: unverifiable, not the agency's fault
    printed = extract(scanned_report(rows, confidence=False), source)
    assert "applications" not in printed.unread_tables  # a text report's missing rows stay missing


def test_a_scanned_row_read_with_the_wrong_count_is_unread_not_misshapen() -> None:
    rows = [["一、本年新收政府信息公开申请数量", "3", "0", "0", "0", "0", "0", "3"],
            ["二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0", "1"]]  # a cell OCR did not see
    source = Source(path="scan.png", sha256="0" * 64, format="image")
    scanned = extract(scanned_report(rows, confidence=True), source)
    assert "carried_in" not in scanned.tables.applications and "applications" in scanned.unread_tables
    assert "carried_in" not in scanned.shape.get("applications", {})  # no row_shape finding on what OCR lost
    printed = extract(scanned_report(rows, confidence=False), source)
    assert printed.shape["applications"]["carried_in"].found == 6  # a text report's short row is the agency's
