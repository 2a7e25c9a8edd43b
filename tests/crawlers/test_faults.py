"""Faults on report downloads are recorded per agency with their reasons; the rest is collected, and a rerun
after the site recovers collects what was missed."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from crawlers.registry import DEFAULT_REGISTRY, load_registry
from nianbao.warehouse.db import make_engine
from nianbao.warehouse.schema import Agency, SourceDocument
from tests.crawlers.conftest import Crawler, FixtureSite, registry_codes, site_path

AGENCIES = registry_codes()


def _failed_fetches(database_url: str) -> dict[tuple[str, str], str]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(Agency.code, SourceDocument.url, SourceDocument.reason)
                .join(Agency, SourceDocument.agency_id == Agency.id)
                .where(SourceDocument.status == "failed")
            ).all()
    finally:
        engine.dispose()
    return {(code, site_path(url)): reason for code, url, reason in rows}


@pytest.mark.slow
def test_faults_are_reported_per_agency_and_the_rest_is_collected(
        crawler: Crawler, fixture_site: FixtureSite) -> None:
    expected = fixture_site.documents(AGENCIES)
    by_format: dict[str, list[tuple[str, str]]] = {}
    for key, document in expected.items():
        by_format.setdefault(document["format"], []).append(key)
    # (fault the server injects, kind of failure, words of the reason), each on another agency's report
    plan = {
        by_format[".pdf"][0]: ("slow:6", "document", "下载超时"),
        by_format[".pdf"][1]: ("huge", "document", "超过下载大小上限"),
        by_format[".pdf"][2]: ("huge-unannounced", "document", "超过下载大小上限"),
        by_format[".docx"][0]: ("truncate", "document", "下载数据不完整"),
        by_format[".docx"][1]: ("404", "document", "HTTP 404"),
        by_format[".html"][0]: ("500", "detail", "HTTP 500"),
    }
    assert len({code for code, _ in plan}) == len(plan)
    for (_, path), (fault, _, _) in plan.items():
        crawler.server.faults[path] = fault
    # And one agency's column (not the first on the host, so its request waits for robots.txt) is closed
    # to crawlers by robots.txt.
    closed = next(code for code, _ in expected if code not in {code for code, _ in plan})
    entry = next(a.entry for j in load_registry(DEFAULT_REGISTRY) for a in j.agencies if a.code == closed)
    robots = fixture_site.root / "robots.txt"
    polite = robots.read_text(encoding="utf-8")
    robots.write_text(polite + f"Disallow: {urlsplit(entry).path}\n", encoding="utf-8")

    result = crawler.run(settings={"DOWNLOAD_TIMEOUT": 2})
    assert result.summary.finished
    assert set(result.collected()) == {key for key in set(expected) - set(plan) if key[0] != closed}
    assert [(f.kind, f.reason) for f in result.summary.agency(closed).failures] == [
        ("list", "网站的 robots.txt 不允许采集此页")]
    assert urlsplit(entry).path not in {path for path, _ in result.requests}
    for (code, path), (_, kind, words) in plan.items():
        agency = result.summary.agency(code)
        assert agency.state == "failed" and not agency.documents
        reasons = [f.reason for f in agency.failures if (f.kind, site_path(f.url)) == (kind, path)]
        assert reasons and words in reasons[0], (code, path, reasons)
    failed = _failed_fetches(crawler.database_url)
    for (code, path), (_, _, words) in plan.items():
        assert words in failed[(code, path)]
    assert len(crawler.stored_files()) == len(result.collected())  # nothing partial was kept

    for _, path in plan:
        del crawler.server.faults[path]
    robots.write_text(polite, encoding="utf-8")
    rerun = crawler.run()
    statuses = {key: document.status for key, document in rerun.collected().items()}
    assert set(statuses) == set(expected)
    assert {key for key, status in statuses.items() if status == "new"} == {
        key for key in expected if key in plan or key[0] == closed}
    assert len(crawler.stored_files()) == len(expected)
