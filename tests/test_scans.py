"""Scanned reports read by OCR: cells exactly right or marked uncertain, sections found, no false alarm.

The scans are made from the corpus PDFs by ``tests/fixtures/make_scans.py`` once per session (rendering
takes a fraction of a second per page; OCR takes a few seconds per page, so every test here shares one
parse of each scan). Their truth is the corpus document's truth file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from nianbao.model import REVIEW_ROW, AnnualReport
from nianbao.pipeline.settings import Settings
from nianbao.pipeline.steps import check_files
from parsers.parse import parse_bytes
from tests.fixtures.make_scans import CLEAN, SCANS, Scan, make

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def scanned() -> dict[str, tuple[Scan, AnnualReport]]:
    return {scan.name: (scan, parse_bytes(make(scan), path=scan.file_name)) for scan in SCANS}


def truth_cells(truth: dict) -> Iterator[tuple[str, str, str, object]]:
    """(table, row, column, value) of every table cell of a truth file (table 四's row is REVIEW_ROW)."""
    for table, rows in truth["tables"].items():
        for row, columns in rows.items():
            if isinstance(columns, dict):
                yield from ((table, row, column, value) for column, value in columns.items())
            else:
                yield table, REVIEW_ROW, row, columns


def got(report: AnnualReport, table: str, row: str, column: str) -> object:
    values = getattr(report.tables, table)
    return values.get(column, "<absent>") if row == REVIEW_ROW else values.get(row, {}).get(column, "<absent>")


def test_scans_cover_both_layouts_and_every_container() -> None:
    layouts = {json.loads(scan.truth.read_text(encoding="utf-8"))["layout"] for scan in SCANS}
    assert len(SCANS) >= 8 and layouts == {"F2019", "F2021"}
    assert {s.container for s in SCANS} == {"pdf", "png", "jpg"}
    assert any(s.stamp for s in SCANS) and any(s.skewed_page for s in SCANS)


def cell_errors(scanned: dict[str, tuple[Scan, AnnualReport]], *, stamped: bool) -> tuple[int, int, list[str]]:
    """(truth cells, cells right, wrong cells not marked uncertain) over the scans with or without a stamp."""
    total = right = 0
    unmarked: list[str] = []
    for name, (scan, report) in scanned.items():
        if scan.stamp != stamped:
            continue
        assert report.source.format == ("pdf" if scan.container == "pdf" else "image")
        for table, row, column, value in truth_cells(json.loads(scan.truth.read_text(encoding="utf-8"))):
            total += 1
            if got(report, table, row, column) == value:
                right += 1
                continue
            reading = report.readings.get(table, {}).get(row, {}).get(column)
            if reading is None or not reading.uncertain:
                unmarked.append(f"{name} {table}.{row}.{column}: {value!r} read as {got(report, table, row, column)!r}")
    return total, right, unmarked


def test_cells_are_right_or_marked_uncertain(scanned: dict[str, tuple[Scan, AnnualReport]]) -> None:
    total, right, unmarked = cell_errors(scanned, stamped=False)
    assert right / total >= 0.98, f"{right}/{total} cells right"
    assert not unmarked


def test_cells_under_a_stamp_are_right_or_marked_uncertain(scanned: dict[str, tuple[Scan, AnnualReport]]) -> None:
    total, right, unmarked = cell_errors(scanned, stamped=True)
    assert right / total >= 0.98 and not unmarked, f"{right}/{total} cells right; not marked: {unmarked}"


def test_every_value_carries_its_confidence_and_page(scanned: dict[str, tuple[Scan, AnnualReport]]) -> None:
    assert any(r.readings for _, r in scanned.values())
    for _scan, report in scanned.values():
        for row, columns in report.tables.applications.items():
            readings = report.readings["applications"][row]
            assert set(readings) == set(columns)
            assert all(0 <= r.confidence <= 1 and r.page for r in readings.values())


def test_sections_found_on_every_scan(scanned: dict[str, tuple[Scan, AnnualReport]]) -> None:
    for name, (scan, report) in scanned.items():
        truth = json.loads(scan.truth.read_text(encoding="utf-8"))
        assert report.sections == truth["sections"], name
        assert (report.agency, report.year) == (truth["agency"], truth["year"]), name


def test_clean_scan_has_no_error_finding(tmp_path: Path) -> None:
    path = tmp_path / CLEAN.file_name
    path.write_bytes(make(CLEAN))
    result = check_files(Settings.from_env(docs_dir=tmp_path / "docs"), [path])
    document = result["documents"][0]
    assert document["status"] == "ok", document
    errors = [f for f in document["report"]["findings"] if f["severity"] == "error"]
    assert errors == []
    assert document["report"]["readings"]["applications"]["new"]["total"]["page"] >= 1
