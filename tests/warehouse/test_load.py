"""Loading reports: read-back through the views, idempotence, versions, failures recorded whole."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import Engine, func, select, text

from nianbao.model import APPLICANT_COLUMNS, RowShape, application_rows
from nianbao.warehouse.db import transaction
from nianbao.warehouse.documents import record_fetch
from nianbao.warehouse.load import LoadError, load_report, record_failure
from nianbao.warehouse.schema import ApplicationCell, Base, Report, SourceDocument
from tests.support.synthetic import synthetic_report


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            t.name: connection.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables
        }


def load(engine: Engine, report, **kwargs):
    with transaction(engine) as session:
        return load_report(session, report, **kwargs)


def test_application_matrix_reads_back_parsed_values_blank_apart_from_zero(engine: Engine) -> None:
    report = synthetic_report("甲市财政局", 2021)
    apps = report.tables.applications
    apps["denied_query"]["research"] = None  # printed blank
    apps["granted"]["commercial"] = 0
    del apps["rejected_excessive"]["other_org"]  # absent cell
    result = load(engine, report)
    assert result.outcome == "loaded" and result.version == 1
    with engine.connect() as connection:
        rows = (
            connection.execute(
                text("SELECT * FROM v_application_matrix WHERE report_id = :r ORDER BY row_position"),
                {"r": result.report_id},
            )
            .mappings()
            .all()
        )
        blank = connection.execute(
            select(ApplicationCell.value, ApplicationCell.blank).where(
                ApplicationCell.row_key == "denied_query", ApplicationCell.col_key == "research"
            )
        ).one()
    assert [row["row_key"] for row in rows] == list(application_rows("F2021"))
    for row in rows:
        parsed = apps[row["row_key"]]
        assert row["cells"] == len(parsed)
        assert row["blank_cells"] == sum(v is None for v in parsed.values())
        for col in APPLICANT_COLUMNS:
            assert row[col] == parsed.get(col)
    assert tuple(blank) in ((None, True), (None, 1))


def test_review_and_article20_views_read_back(engine: Engine) -> None:
    old, new = synthetic_report("乙区教育局", 2020), synthetic_report("乙区教育局", 2022)
    for report in (old, new):
        load(engine, report)
    with engine.connect() as connection:
        review = (
            connection.execute(text("SELECT * FROM v_review_litigation WHERE year = 2022")).mappings().one()
        )
        f2019 = (
            connection.execute(text("SELECT * FROM v_article20_f2019 ORDER BY row_position")).mappings().all()
        )
        f2021 = (
            connection.execute(text("SELECT * FROM v_article20_f2021 ORDER BY row_position")).mappings().all()
        )
    assert {k: review[k] for k in new.tables.review_litigation} == new.tables.review_litigation
    assert review["cells"] == 15 and review["blank_cells"] == 0
    for rows, report in ((f2019, old), (f2021, new)):
        assert [r["row_key"] for r in rows] == list(report.tables.active_disclosure)
        for row in rows:
            for col, value in report.tables.active_disclosure[row["row_key"]].items():
                assert row[col] == pytest.approx(value)


def test_same_bytes_twice_change_nothing(engine: Engine) -> None:
    first = load(engine, synthetic_report("丙县人民政府", 2023))
    before = counts(engine)
    again = load(engine, synthetic_report("丙县人民政府", 2023))
    assert again.outcome == "unchanged"
    assert (again.report_id, again.document_id) == (first.report_id, first.document_id)
    assert counts(engine) == before


def test_republished_report_becomes_version_2_and_keeps_version_1(engine: Engine) -> None:
    v1 = load(engine, synthetic_report("丁局", 2023, seed=1))
    v2 = load(engine, synthetic_report("丁局", 2023, seed=2))
    assert (v1.version, v2.version) == (1, 2)
    with engine.connect() as connection:
        rows = connection.execute(select(Report.version, Report.is_current).order_by(Report.version)).all()
        cells = connection.scalar(
            select(func.count()).select_from(ApplicationCell).where(ApplicationCell.report_id == v1.report_id)
        )
        current = connection.scalar(text("SELECT version FROM v_compliance WHERE agency = '丁局'"))
    assert [(v, bool(c)) for v, c in rows] == [(1, False), (2, True)]
    assert cells == 25 * 7
    assert current == 2
    assert load(engine, synthetic_report("丁局", 2023, seed=1)).outcome == "unchanged"


def test_unplaceable_report_is_rejected_and_failure_recorded(engine: Engine) -> None:
    report = synthetic_report("戊局", 2023)
    report.agency = None
    with pytest.raises(LoadError, match="机关名称"), transaction(engine) as session:
        load_report(session, report)
    assert counts(engine)["report"] == 0 and counts(engine)["source_document"] == 0
    with transaction(engine) as session:
        record_failure(
            session, path="x.pdf", sha256=report.source.sha256, reason="未能从报告中识别出机关名称"
        )
    with engine.connect() as connection:
        doc = connection.execute(select(SourceDocument.status, SourceDocument.reason)).one()
    assert tuple(doc) == ("failed", "未能从报告中识别出机关名称")
    report.agency = "戊局"
    assert load(engine, report).outcome == "loaded"
    with engine.connect() as connection:
        assert connection.scalar(select(SourceDocument.status)) == "loaded"


def test_shape_sections_and_web_page_date_are_kept(engine: Engine) -> None:
    report = synthetic_report("己局", 2023)
    report.published_on = None
    report.sections["review_litigation"] = False
    del report.section_details["review_litigation"]
    report.shape = {
        "applications": {
            "new": RowShape(found=8, expected=7, values=[1, 2, None, 3, 4, 5, 6, 7], label="一、本年新收")
        }
    }
    with transaction(engine) as session:
        record_fetch(
            session,
            url="http://127.0.0.1/a.pdf",
            agency_code=None,
            year=2023,
            sha256=report.source.sha256,
            path="a.pdf",
            page_published_on=date(2024, 2, 3),
        )
    load(engine, report)
    with engine.connect() as connection:
        shape = connection.execute(text("SELECT found, expected, found_values FROM row_shape")).one()
        present = connection.execute(text("SELECT section_key, present FROM report_section")).all()
        compliance = connection.execute(text("SELECT published_on, on_time, status FROM v_compliance")).one()
    assert shape[0:2] == (8, 7)
    values = shape[2] if isinstance(shape[2], list) else json.loads(shape[2])
    assert values == [1, 2, None, 3, 4, 5, 6, 7]
    assert {k: bool(p) for k, p in present}["review_litigation"] is False
    assert str(compliance[0]) == "2024-02-03" and compliance[1] == 0 and compliance[2] == "逾期发布"
