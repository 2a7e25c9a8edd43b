"""The crawler's incremental memory and the agency registry sync."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select

from nianbao.warehouse.db import transaction
from nianbao.warehouse.documents import AgencyRecord, known_document, record_fetch, sync_agencies
from nianbao.warehouse.findings import FindingRecord, record_findings
from nianbao.warehouse.load import load_report
from nianbao.warehouse.schema import Agency, Finding, Report
from tests.support.synthetic import synthetic_report

URL = "http://127.0.0.1:8000/gk/2023.pdf"
RECORD = AgencyRecord("C1", "西山区水务局", "区级部门", "西山区", "西山区政务公开办公室")


def test_sync_agencies_inserts_updates_and_adopts_unregistered(engine: Engine) -> None:
    with transaction(engine) as session:
        load_report(session, synthetic_report("西山区水务局", 2023))  # met in a document first
        assert sync_agencies(session, [RECORD]) == 1
        assert sync_agencies(session, [RECORD]) == 0
        moved = AgencyRecord("C1", "西山区水务局", "区级部门", "东岭区", "东岭区政务公开办公室", "department")
        assert sync_agencies(session, [moved]) == 1
    with engine.connect() as connection:
        rows = connection.execute(select(Agency.code, Agency.parent_jurisdiction, Agency.in_registry)).all()
        owners = connection.execute(select(Report.agency_id)).scalars().all()
    assert [(c, p, bool(r)) for c, p, r in rows] == [("C1", "东岭区", True)]
    assert len(owners) == 1


def test_fetch_memory_round_trip_and_loader_uses_it(engine: Engine) -> None:
    report = synthetic_report("西山区水务局", 2023)
    report.agency, report.published_on = None, None  # only the crawler knows whose and when
    with transaction(engine) as session:
        sync_agencies(session, [RECORD])
        assert known_document(session, URL) is None
        record_fetch(
            session,
            url=URL,
            agency_code=None,
            year=None,
            sha256=None,
            path=None,
            status="failed",
            reason="HTTP 503",
        )
        assert known_document(session, URL) is None
        record_fetch(
            session,
            url=URL,
            agency_code="C1",
            year=2023,
            sha256=report.source.sha256,
            path="a.pdf",
            etag='"v1"',
            last_modified="Mon, 15 Jan 2024 08:00:00 GMT",
            page_published_on=date(2024, 1, 15),
        )
    with transaction(engine) as session:
        known = known_document(session, URL)
        assert (known.sha256, known.etag, known.page_published_on, known.status) == (
            report.source.sha256,
            '"v1"',
            date(2024, 1, 15),
            "fetched",
        )
        result = load_report(session, report)
        assert (result.agency, result.year) == ("西山区水务局", 2023)
        record_fetch(
            session,
            url=URL,
            agency_code="C1",
            year=2023,
            sha256=report.source.sha256,
            path="a.pdf",
            etag='"v1"',
        )
        assert known_document(session, URL).status == "loaded"
    with engine.connect() as connection:
        published = connection.execute(select(Report.published_on, Report.published_on_source)).one()
    assert tuple(published) == (date(2024, 1, 15), "web_page")


def test_findings_keep_first_seen_and_resolve_when_gone(engine: Engine) -> None:
    with transaction(engine) as session:
        result = load_report(session, synthetic_report("西山区水务局", 2023))
        agency_id = session.scalar(select(Agency.id))
        found = [
            FindingRecord("applications_balance", "error", "不平衡", "total"),
            FindingRecord("cells_filled", "warning", "空白", "granted.research"),
        ]
        assert record_findings(
            session, agency_id=agency_id, year=2023, report_id=result.report_id, findings=found
        ) == (2, 0)
        first = session.scalar(select(Finding.first_seen).where(Finding.rule_id == "cells_filled"))
        assert record_findings(
            session, agency_id=agency_id, year=2023, report_id=result.report_id, findings=found[1:]
        ) == (1, 1)
    with engine.connect() as connection:
        rows = {r.rule_id: r for r in connection.execute(select(Finding))}
    assert rows["applications_balance"].status == "resolved" and rows["applications_balance"].resolved_on
    assert rows["cells_filled"].status == "open" and rows["cells_filled"].first_seen == first
