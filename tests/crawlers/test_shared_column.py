"""A column shared by many agencies: each report is credited to the agency its title or page names
(registry names and aliases), a report of an agency outside the registry is recorded as 未登记机构 and
never credited to another agency; and the crawl uses the registry object it is given."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from crawlers.registry import load_registry
from nianbao.warehouse.db import make_engine
from nianbao.warehouse.schema import Agency, SourceDocument
from tests.crawlers.conftest import YEAR, Crawler, FixtureSite, site_path
from tests.support.fixture_site.build import build
from tests.support.fixture_site.serve import FixtureServer

SHARED = Path(__file__).with_name("shared_column.yaml")


@pytest.fixture
def shared_site(tmp_path: Path) -> FixtureSite:
    root = tmp_path / "site"
    build(root, [SHARED], year=YEAR, hostile=False)
    return FixtureSite.load(root)


@pytest.fixture
def shared_crawler(shared_site: FixtureSite, database_url: str, tmp_path: Path) -> Iterator[Crawler]:
    with FixtureServer(shared_site.root) as server:
        yield Crawler(server, database_url, tmp_path / "raw", tmp_path / "scrapy.log")


def test_each_report_of_a_shared_column_goes_to_its_agency(shared_crawler: Crawler,
                                                           shared_site: FixtureSite) -> None:
    agencies = {a.code for j in load_registry(SHARED) for a in j.agencies}
    expected = shared_site.documents(agencies)
    # Titles name the agency, an alias of it (洪泽区人民政府), or no one (北城市审计局: the page's 来源 does).
    assert {d["title"][:4] for d in expected.values()} >= {"北城市人", "北城市教", "2024", "洪泽区人"}
    result = shared_crawler.run(SHARED)

    assert result.summary.finished
    assert set(result.collected()) == set(expected)
    assert all(agency.state == "found" for agency in result.summary.agencies)

    outsider = shared_site.truth["unregistered"]
    assert [(r.name, site_path(r.url), r.column) for r in result.summary.unregistered] == [
        (o["name"], o["path"], o["column"]) for o in outsider]
    assert any(line.startswith("未登记机构：北城市共用栏目 bc-nb") and "北城市档案馆" in line
               for line in result.summary.report())
    requested = {path for path, _ in result.requests}
    assert not requested & {*shared_site.truth["decoys"], *(o["path"] for o in outsider)}

    engine = make_engine(shared_crawler.database_url)
    with engine.connect() as connection:
        rows = connection.execute(select(Agency.code, SourceDocument.url, SourceDocument.status,
                                         SourceDocument.reason)
                                  .join(Agency, Agency.id == SourceDocument.agency_id, isouter=True)).all()
    engine.dispose()
    assert {(code, site_path(url)) for code, url, status, _ in rows if status == "fetched"} == set(expected)
    recorded = [(code, site_path(url), reason) for code, url, status, reason in rows if status == "failed"]
    assert [(code, path) for code, path, _ in recorded] == [(None, outsider[0]["path"])]
    assert recorded[0][2].startswith("未登记机构")


def test_the_crawl_uses_the_registry_it_is_given_not_the_file(shared_crawler: Crawler, shared_site: FixtureSite,
                                                              tmp_path: Path) -> None:
    copy = tmp_path / "registry" / "beicheng.yaml"
    copy.parent.mkdir()
    shutil.copyfile(SHARED, copy)
    jurisdictions = load_registry(copy, base_url=shared_crawler.server.base_url)
    copy.unlink()  # loaded once: neither crawl() nor the spider process reads the file again
    result = shared_crawler.run(jurisdictions)
    agencies = {a.code for j in jurisdictions for a in j.agencies}
    assert result.summary.finished and set(result.collected()) == set(shared_site.documents(agencies))
