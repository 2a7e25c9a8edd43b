"""One agency, one identity across years: a report is matched to its registry agency by name or alias,
a name matching no registry agency is flagged (not silently made an agency of its own), and a document
whose year differs from the year the crawl collected it for says so and which year was used."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from nianbao.pipeline.load import load_file
from nianbao.warehouse.db import transaction
from nianbao.warehouse.documents import AgencyRecord, record_fetch, sync_agencies
from nianbao.warehouse.schema import Agency, AgencyAlias, Report, SourceDocument
from tests.truthdiff import SHARED

REAL = SHARED / "real"
HONGZE = AgencyRecord("hz-gov", "淮安市洪泽区人民政府", "区县", "淮安市", "淮安市政务公开办",
                      "government", aliases=("洪泽区人民政府",))

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason=f"no real reports at {REAL}")


def _current_reports(engine: Engine) -> list[tuple[str, int]]:
    with engine.connect() as connection:
        return sorted(connection.execute(
            select(Agency.code, Report.year).join(Agency, Agency.id == Report.agency_id)).all())


def test_two_years_signed_with_two_names_pair_up_through_the_alias(engine: Engine) -> None:
    with transaction(engine) as session:
        sync_agencies(session, [HONGZE])
    # The 2023 report is signed 「洪泽区人民政府」, the 2024 one 「淮安市洪泽区人民政府」.
    results = [load_file(engine, REAL / f"hongze-district-{year}.pdf") for year in (2023, 2024)]
    assert [(r.outcome, r.agency, r.year, r.notes) for r in results] == [
        ("loaded", "淮安市洪泽区人民政府", 2023, ()), ("loaded", "淮安市洪泽区人民政府", 2024, ())]
    assert _current_reports(engine) == [("hz-gov", 2023), ("hz-gov", 2024)]
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Agency)) == 1  # no second agency


def test_a_name_matching_no_registry_agency_is_flagged(engine: Engine) -> None:
    with transaction(engine) as session:
        sync_agencies(session, [AgencyRecord("hz-gov", "淮安市洪泽区人民政府", deadline_kind="government")])
    result = load_file(engine, REAL / "hongze-district-2023.pdf")  # 「洪泽区人民政府」, no alias registered
    assert result.outcome == "loaded" and result.agency == "洪泽区人民政府"
    assert len(result.notes) == 1 and result.notes[0].startswith("未登记机构：报告署名「洪泽区人民政府」")
    with engine.connect() as connection:
        registered = dict(connection.execute(select(Agency.name, Agency.in_registry)).all())
        reason = connection.scalar(select(SourceDocument.reason))
    assert registered == {"淮安市洪泽区人民政府": True, "洪泽区人民政府": False}
    assert reason == result.notes[0]  # kept with the document for operators


def test_a_warehouse_without_registry_takes_names_as_they_come(engine: Engine) -> None:
    result = load_file(engine, REAL / "hongze-district-2023.pdf")
    assert (result.outcome, result.agency, result.notes) == ("loaded", "洪泽区人民政府", ())


def test_aliases_follow_the_registry(engine: Engine) -> None:
    with transaction(engine) as session:
        sync_agencies(session, [HONGZE])
        assert sync_agencies(session, [HONGZE]) == 0
        sync_agencies(session, [AgencyRecord("hz-gov", HONGZE.name, deadline_kind="government",
                                             aliases=("洪泽区政府",))])
    with engine.connect() as connection:
        assert connection.scalars(select(AgencyAlias.name)).all() == ["洪泽区政府"]


def test_the_documents_year_wins_over_the_crawls_and_the_difference_is_recorded(
        engine: Engine, tmp_path: Path) -> None:
    data = (REAL / "hongze-district-2023.pdf").read_bytes()
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    with transaction(engine) as session:
        sync_agencies(session, [HONGZE])
        record_fetch(session, url="http://127.0.0.1/hz/2024.pdf", agency_code="hz-gov", year=2024,
                     sha256=hashlib.sha256(data).hexdigest(), path=str(path))
    result = load_file(engine, path, agency_code="hz-gov")
    assert (result.outcome, result.year) == ("loaded", 2023)
    assert result.notes == ("年度不一致：报告所写为 2023 年度，采集时按 2024 年度收集；已按报告所写的 2023 年度入库",)
    with engine.connect() as connection:
        assert connection.execute(select(SourceDocument.year, SourceDocument.reason)).one() == (2023, result.notes[0])
