"""The site-health monitor: a column that is redesigned, emptied or gone is a site problem for operators,
never a string of ``report_missing`` errors against its agencies; it resolves when the column reads again."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

from sqlalchemy import select

from crawlers.registry import DEFAULT_REGISTRY, load_registry
from crawlers.summary import AgencySummary, CrawlSummary
from nianbao.pipeline import steps
from nianbao.pipeline.settings import Settings
from nianbao.pipeline.site_health import assess
from nianbao.warehouse.db import make_engine, transaction
from nianbao.warehouse.documents import sync_agencies
from nianbao.warehouse.schema import Agency, Finding, SiteProblem
from tests.pipeline.conftest import YEAR, FixtureSite

REDESIGNED = "<html><head><meta charset='utf-8'><title>网站改版</title></head><body>" \
             "<p>本站正在改版升级，敬请期待。</p><a href='/index.html'>返回首页</a></body></html>"


def _entry_path(code: str) -> str:
    entry = next(a.entry for j in load_registry(DEFAULT_REGISTRY) for a in j.agencies if a.code == code)
    return urlsplit(entry).path


def _state(settings: Settings, code: str) -> tuple[list[tuple], list[tuple]]:
    engine = make_engine(settings.database_url)
    with engine.connect() as connection:
        problems = connection.execute(select(SiteProblem.kind, SiteProblem.status).join(Agency).where(
            Agency.code == code)).all()
        findings = connection.execute(select(Finding.rule_id, Finding.severity, Finding.status).join(Agency).where(
            Agency.code == code)).all()
    engine.dispose()
    return sorted(problems), sorted(findings)


def _collect(settings: Settings) -> dict:
    """Crawl, load and check the fixture site's year, as of a day after every deadline."""
    steps.plan_year(settings, YEAR)
    crawled = steps.crawl_jurisdiction(settings, YEAR, None)
    for document in crawled["documents"]:
        steps.load_document(settings, document)
    steps.check_year(settings, YEAR, as_of=date(YEAR + 1, 6, 1))
    return crawled


def test_redesigned_column_is_a_site_problem_not_a_missing_report(fixture_site: FixtureSite,
                                                                   settings: Settings) -> None:
    code = "dj-jyj"
    page = fixture_site.file(_entry_path(code))
    original = page.read_bytes()
    page.write_text(REDESIGNED, encoding="utf-8")

    crawled = _collect(settings)
    assert [(p["agency_code"], p["kind"]) for p in crawled["site_problems"]] == [(code, "empty_list")]
    assert "未列出任何年度报告" in crawled["site_problems"][0]["message"]
    assert _state(settings, code) == ([("empty_list", "open")], [("report_missing", "unverifiable", "open")])

    page.write_bytes(original)  # the site comes back: the problem resolves and the report is read
    crawled = _collect(settings)
    assert crawled["site_problems"] == []
    assert _state(settings, code) == ([("empty_list", "resolved")], [("report_missing", "unverifiable", "resolved")])


def _summary(listed: int, *, list_pages: int = 1) -> CrawlSummary:
    agency = AgencySummary(code="nh-gov", name="南湖市人民政府", jurisdiction="南湖市", list_pages=list_pages,
                           listed=listed)
    return CrawlSummary(year=YEAR, agencies=[agency], finished=True)


def test_far_fewer_items_than_last_time_is_a_site_problem(engine) -> None:
    registry = load_registry(DEFAULT_REGISTRY, jurisdiction="nanhu")
    with transaction(engine) as session:
        sync_agencies(session, registry[0].agency_records())
    verdicts = []
    for listed in (10, 9, 3, 3, 8):  # usual crawls, a small drop, a redesign hiding most (twice), then back
        with transaction(engine) as session:
            verdicts.append([h.kind for h in assess(session, _summary(listed), registry)][0])
    assert verdicts == [None, None, "fewer_items", "fewer_items", None]
    with engine.connect() as connection:
        problems = connection.execute(select(SiteProblem.kind, SiteProblem.status)).all()
    assert problems == [("fewer_items", "resolved")]
