"""The real spider on the bundled fixture site: every report found, nothing else fetched, and incremental reruns."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from nianbao.warehouse.db import make_engine
from nianbao.warehouse.migrate import upgrade
from nianbao.warehouse.schema import Agency, SourceDocument
from tests.crawlers.conftest import YEAR, Crawler, FixtureSite, registry_codes, sha256_of, site_path
from tests.support.fixture_site import documents

AGENCIES = registry_codes()


def _warehouse_documents(database_url: str) -> list[tuple]:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                select(Agency.code, SourceDocument.url, SourceDocument.year, SourceDocument.page_published_on,
                       SourceDocument.sha256, SourceDocument.status, SourceDocument.reason)
                .join(Agency, SourceDocument.agency_id == Agency.id, isouter=True)
            ).all()
    finally:
        engine.dispose()


def test_every_report_found_and_nothing_else(crawler: Crawler, fixture_site: FixtureSite) -> None:
    expected = fixture_site.documents(AGENCIES)
    assert {d["format"] for d in expected.values()} >= {".pdf", ".docx", ".html"}
    result = crawler.run()
    collected = result.collected()

    assert result.summary.finished and result.summary.requests == len(result.requests)
    assert set(collected) == set(expected)  # recall and precision of what is reported
    # Titles come out intact from TRS WCM pages that declare GB2312 but hold GBK-only characters (「堃」).
    gbk_page = next(fixture_site.root.glob("dongjiang/ksq/**/index.html")).read_bytes()
    assert "堃".encode("gbk") in gbk_page and b"charset=gb2312" in gbk_page
    assert any("堃" in d["title"] for d in expected.values())
    for key, document in collected.items():
        truth = expected[key]
        assert (document.year, document.published_on, document.title, document.status) == (
            truth["year"], truth["published_on"], truth["title"], "new"), key
        stored = crawler.raw_store / document.path.removeprefix(f"{crawler.raw_store}/")
        assert stored.read_bytes() == fixture_site.file(truth["path"]).read_bytes(), key
        assert document.sha256 == sha256_of(stored) and stored.name.startswith(document.sha256)

    # Precision of what is fetched: no look-alike, other year or second format was ever downloaded,
    # and the raw store holds exactly the reports.
    requested = {path for path, _ in result.requests}
    assert fixture_site.truth["decoys"] and not requested & set(fixture_site.truth["decoys"])
    assert len(crawler.stored_files()) == len(expected)

    # Agency, year and publish date are remembered in the warehouse too.
    remembered = {(code, site_path(url), year, published)
                  for code, url, year, published, sha256, *_ in _warehouse_documents(crawler.database_url) if sha256}
    assert remembered == {(code, path, d["year"], date.fromisoformat(d["published_on"]))
                          for (code, path), d in expected.items()}

    # Traps that are failures are reported, per agency; an agency without a report is "not found".
    reported = {(agency.code, failure.kind, site_path(failure.url), failure.reason)
                for agency in result.summary.agencies for failure in agency.failures}
    assert {(code, kind, path) for code, kind, path, _ in reported} == {
        (f["agency"], f["kind"], f["path"]) for f in fixture_site.failures(AGENCIES)}
    assert all(f"HTTP {f['reason']}" in reason for f in fixture_site.failures(AGENCIES)
               for code, kind, path, reason in reported if (code, path) == (f["agency"], f["path"]))
    states = {agency.code: agency.state for agency in result.summary.agencies}
    assert sorted(code for code, state in states.items() if state == "not_found") == sorted(
        fixture_site.truth["not_found"])


@pytest.mark.slow
def test_rerun_downloads_nothing_and_a_changed_report_is_fetched_again(
        crawler: Crawler, fixture_site: FixtureSite) -> None:
    expected = fixture_site.documents(AGENCIES)
    report_bytes = {fixture_site.final(path) for _, path in expected}  # where each report's bytes are served
    assert report_bytes != {path for _, path in expected}  # one report page is reached through a redirect
    first = crawler.run()
    assert set(first.collected()) == set(expected)
    stored = crawler.stored_files()

    second = crawler.run()
    assert set(second.collected()) == set(expected)
    assert {d.status for d in second.collected().values()} == {"unchanged"}
    assert not second.served(200) & report_bytes  # no report's bytes came again
    assert second.served(304)
    assert crawler.stored_files() == stored

    changed_code, changed_path = next(key for key, d in expected.items() if d["format"] == ".pdf")
    corrected = documents.pdf_bytes([documents.Para(f"{changed_code} {YEAR} corrected")])
    fixture_site.file(changed_path).write_bytes(corrected)
    third = crawler.run()
    statuses = {key: d.status for key, d in third.collected().items()}
    assert statuses.pop((changed_code, changed_path)) == "changed"
    assert set(statuses.values()) == {"unchanged"}
    assert third.served(200) & report_bytes == {changed_path}
    assert len(crawler.stored_files()) == len(stored) + 1
    versions = [row for row in _warehouse_documents(crawler.database_url)
                if site_path(row[1]) == changed_path and row[4]]
    assert len({row[4] for row in versions}) == 2


@pytest.mark.slow
def test_crawl_on_postgresql(crawler: Crawler, fixture_site: FixtureSite, postgresql_url: str) -> None:
    """The same crawl with the warehouse on PostgreSQL, where fetches are recorded from several threads."""
    engine = make_engine(postgresql_url)
    upgrade(engine)
    engine.dispose()
    crawler.database_url = postgresql_url
    expected = fixture_site.documents(AGENCIES)
    first = crawler.run()
    assert set(first.collected()) == set(expected)
    assert len([row for row in _warehouse_documents(postgresql_url) if row[4]]) == len(expected)
    second = crawler.run()
    assert {d.status for d in second.collected().values()} == {"unchanged"}
