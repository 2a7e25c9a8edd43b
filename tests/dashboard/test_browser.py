"""The dashboard in real headless Chromium (Debian's, installed by ``make chromium``), served from
127.0.0.1, at desktop and phone widths: no console error, no request leaves 127.0.0.1, the matrix shows
the findings, the year filter works, a hostile title is text, and nothing is wider than a phone.
Screenshots are kept in build/test-artifacts/dashboard/."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import Engine, select

from nianbao.dashboard.pages import agency_path, jurisdiction_path, report_path
from nianbao.warehouse.schema import Agency, Report
from tests.dashboard.conftest import DISTRICT, HOSTILE

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artifacts" / "dashboard"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--no-first-run", "--disable-dev-shm-usage"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def served(site: Path) -> Iterator[str]:
    """The site on a local web server at a free port; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).is_file(), "Chromium is missing: run make setup (target chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


class Watched:
    """A page with every request, console error, script error and dialog it produced."""

    def __init__(self, page: Page) -> None:
        self.page, self.requests, self.errors = page, [], []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("dialog", lambda dialog: (self.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
        # anything not local is refused, and still recorded above
        page.route("**/*", lambda route: route.continue_() if urlparse(route.request.url).hostname == "127.0.0.1"
                   else route.abort())

    def visit(self, url: str, shot: Path) -> None:
        assert self.page.goto(url).ok, url
        self.page.wait_for_load_state("networkidle")
        self.page.screenshot(path=str(shot), full_page=True)
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= self.page.viewport_size["width"], f"{url} is {width}px wide"


@pytest.mark.slow
@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_pages_in_chromium(viewport: str, served: str, browser: Browser, engine: Engine) -> None:
    with engine.connect() as connection:
        ids = {name: agency_id for name, agency_id in connection.execute(select(Agency.name, Agency.id))}
        years = len({y for (y,) in connection.execute(select(Report.year).distinct())})
        reports = {(a, y): r for a, y, r in connection.execute(select(Agency.name, Report.year, Report.id)
                                                              .join(Agency, Agency.id == Report.agency_id))}
    backend = engine.url.get_backend_name()
    folder = ARTIFACTS / f"{backend}-{viewport}"
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=VIEWPORTS[viewport], is_mobile=viewport == "phone")
    page = Watched(context.new_page())

    page.visit(served + "index.html", folder / "index.png")
    page.page.select_option("#filter-jurisdiction", label=DISTRICT)
    page.page.wait_for_url("**/" + jurisdiction_path(DISTRICT))
    page.visit(served + jurisdiction_path(DISTRICT), folder / "jurisdiction.png")
    matrix = page.page.locator("#matrix tbody")
    assert "有错误" in matrix.inner_text() and "逾期未发布" in matrix.inner_text()
    page.page.select_option("#filter-year", "2023")
    assert page.page.locator("#matrix thead th:visible").all_inner_texts() == ["机关", "2023 年度"]
    assert page.page.locator("#matrix tbody td:visible").count() == 3  # one agency-year per row
    page.page.screenshot(path=str(folder / "jurisdiction-2023.png"), full_page=True)

    page.visit(served + report_path(reports[("东江区教育局", 2023)]), folder / "report.png")
    assert page.page.locator("td.used").count() > 0
    assert "applications_total_row" in page.page.locator(".findings").inner_text()
    page.visit(served + report_path(reports[(HOSTILE, 2023)]), folder / "hostile.png")
    assert page.page.locator("h1").inner_text().startswith("<script>alert(1)</script>局")
    page.visit(served + agency_path(ids["东江区水务局"], DISTRICT), folder / "agency.png")
    assert page.page.locator("figure.history svg rect").count() > 0
    assert page.page.locator("#agency-years tr").count() == years  # one row per report year
    page.visit(served + "problems.html", folder / "problems.png")
    assert "东江区财政局" in page.page.locator("table").inner_text()
    page.visit(served + agency_path(ids[HOSTILE], "未归属辖区"), folder / "hostile-agency.png")
    assert page.page.locator("h1").inner_text() == HOSTILE
    context.close()

    assert page.errors == []
    foreign = [url for url in page.requests if urlparse(url).hostname != "127.0.0.1"]
    assert foreign == [] and len(page.requests) > 10
