"""A report read by OCR with uncertain cells shows how many and on which pages, in real headless Chromium
(SQLite and PostgreSQL): a badge on its agency-year in the jurisdiction's matrix and a note on its report
page; a report read from text shows neither. The reports go through the normal loader with their
readings, as a scan's parse object carries them."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sqlalchemy import Engine, select

from nianbao.dashboard import build
from nianbao.dashboard.pages import jurisdiction_path, report_path
from nianbao.model import CellReading
from nianbao.warehouse.db import transaction
from nianbao.warehouse.documents import AgencyRecord, sync_agencies
from nianbao.warehouse.load import load_report
from nianbao.warehouse.schema import Agency, Report
from tests.dashboard.conftest import AS_OF
from tests.dashboard.test_browser import ARTIFACTS, VIEWPORTS, Watched, browser, served  # noqa: F401
from tests.support.synthetic import synthetic_report

DISTRICT = "西山区"
SCANNED, TYPED = "西山区水务局", "西山区教育局"
YEAR = 2023
NOTE = "本报告为扫描件，2 处数字识别存疑，请人工核对原件第 3、5 页。"
BADGE = "识别存疑 2 处（第 3、5 页）"


def _reading(page: int) -> CellReading:
    return CellReading(confidence=0.41, page=page, uncertain=True, reason="low_confidence")


@pytest.fixture
def site(engine: Engine, check, docs_dir: Path, tmp_path: Path) -> Path:  # noqa: F811
    """Two agencies whose 2023 reports break （七）总计 alike; the scanned one has that cell (page 3) and
    a cell of table 二 (page 5) read with doubt, the other was read from text."""
    scanned, typed = synthetic_report(SCANNED, YEAR, seed=1), synthetic_report(TYPED, YEAR, seed=2)
    for report in (scanned, typed):
        report.tables.applications["total"]["natural_person"] += 1
    scanned.readings = {"applications": {"total": {"natural_person": _reading(3)}},
                        "active_disclosure": {"licensing": {"decisions": _reading(5)}}}
    with transaction(engine) as session:
        sync_agencies(session, [AgencyRecord("XS01", SCANNED, parent_jurisdiction=DISTRICT),
                                AgencyRecord("XS02", TYPED, parent_jurisdiction=DISTRICT)])
        for report in (scanned, typed):
            load_report(session, report)
    check(YEAR)
    out = tmp_path / "site"
    build(engine, out, docs_dir=docs_dir, now=AS_OF)
    return out


@pytest.mark.slow
def test_uncertain_cells_are_flagged_in_chromium(served: str, browser: Browser, engine: Engine) -> None:  # noqa: F811
    with engine.connect() as connection:
        reports = dict(connection.execute(select(Agency.name, Report.id).join(Agency, Agency.id == Report.agency_id))
                       .tuples().all())
    folder = ARTIFACTS / f"{engine.url.get_backend_name()}-uncertain"
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = Watched(context.new_page())

    page.visit(served + jurisdiction_path(DISTRICT), folder / "jurisdiction.png")
    rows = {row.locator("th").inner_text(): row for row in page.page.locator("#matrix tbody tr").all()}
    assert set(rows) == {SCANNED, TYPED}
    badge = rows[SCANNED].locator(".doubt")
    assert badge.count() == 1 and badge.inner_text() == BADGE and badge.get_attribute("title") == NOTE
    assert badge.is_visible()
    assert rows[TYPED].locator(".doubt").count() == 0 and "识别存疑" not in rows[TYPED].inner_text()

    page.visit(served + report_path(reports[SCANNED]), folder / "scanned.png")
    assert page.page.locator("p.doubt").inner_text() == NOTE
    findings = page.page.locator(".findings").inner_text()
    assert "识别存疑，请人工核对原件第 3 页：" in findings  # the sums resting on the doubtful cell
    page.visit(served + report_path(reports[TYPED]), folder / "typed.png")
    assert page.page.locator(".doubt").count() == 0
    assert "识别存疑" not in page.page.locator("main").inner_text()
    assert "applications_total_row" in page.page.locator(".findings").inner_text()  # it has a page all the same
    context.close()
    assert page.errors == []
