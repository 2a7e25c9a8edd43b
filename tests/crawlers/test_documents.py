"""The fixture site's reports read back exactly: every table cell of every served report (HTML, PDF, DOCX)
equals the numbers it was generated from, and the crawled, loaded site passes the checks as ``make demo``
runs them, with only the findings its builder planted."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from crawlers.registry import DEFAULT_REGISTRY, load_registry
from nianbao.model import SECTION_KEYS, layout_for_year
from nianbao.pipeline import steps
from nianbao.pipeline.load import load_file
from nianbao.pipeline.settings import Settings
from nianbao.warehouse.db import make_engine
from nianbao.warehouse.schema import Agency, Finding
from parsers.parse import parse_path
from tests.crawlers.conftest import YEAR, Crawler, FixtureSite
from tests.support.fixture_site import documents
from tests.support.fixture_site.build import build

NAMES = {agency.code: agency.name for j in load_registry(DEFAULT_REGISTRY) for agency in j.agencies}


@pytest.mark.parametrize("year", [YEAR, 2020])  # F2021 and F2019
def test_every_served_report_parses_to_its_numbers(tmp_path: Path, year: int) -> None:
    build(tmp_path, year=year)
    site = FixtureSite.load(tmp_path)
    served = [d for d in site.truth["documents"] if d["agency"] in NAMES]
    assert {d["format"] for d in served} == {".html", ".pdf", ".docx"}
    for document in served:
        where = f"{document['agency']} {document['format']}"
        report = parse_path(site.file(document["path"]))
        numbers = documents.report_series(NAMES[document["agency"]], year)[-1]
        assert report.tables.model_dump() == numbers.tables.model_dump(), where
        assert report.sections == dict.fromkeys(SECTION_KEYS, True), where
        assert (report.agency, report.year, report.layout) == (NAMES[document["agency"]], year,
                                                               layout_for_year(year)), where
        assert report.published_on == date.fromisoformat(document["published_on"]), where
        assert [c.value for c in report.narrative_claims] == [numbers.tables.applications["new"]["total"]], where
        assert report.statistics_period is not None
        assert (report.statistics_period.start, report.statistics_period.end) == (date(year, 1, 1),
                                                                                   date(year, 12, 31)), where


@pytest.mark.slow
def test_crawled_site_passes_the_checks(crawler: Crawler, fixture_site: FixtureSite, tmp_path: Path) -> None:
    """As ``make demo``: crawl, load what was stored, check; the one finding is the report left off the site."""
    crawler.run()
    engine = make_engine(crawler.database_url)
    try:
        outcomes = Counter(load_file(engine, path).outcome for path in crawler.stored_files())
        assert outcomes == {"loaded": len([d for d in fixture_site.truth["documents"] if d["agency"] in NAMES])}
        settings = Settings.from_env(database_url=crawler.database_url, docs_dir=tmp_path / "docs")
        steps.check_year(settings, YEAR, as_of=date(YEAR + 1, 6, 1))
        with engine.connect() as connection:
            found = connection.execute(select(Agency.code, Finding.rule_id, Finding.severity)
                                       .join(Agency, Agency.id == Finding.agency_id)).all()
    finally:
        engine.dispose()
    assert sorted(found) == sorted((code, "report_missing", "error") for code in fixture_site.truth["not_found"])
