"""Migrations 0003 and 0006 backfill what loading writes for reports loaded before them: row values,
signatures and table 三 in printed rows."""

from __future__ import annotations

from sqlalchemy import Engine, select

from nianbao.model import RowShape, SectionText
from nianbao.warehouse.db import transaction
from nianbao.warehouse.load import load_report
from nianbao.warehouse.migrate import downgrade, upgrade
from nianbao.warehouse.schema import ApplicationRow, NarrativeBand, RowShapeValue
from nianbao.warehouse.similarity import estimate
from tests.expectations.test_defects import prose
from tests.support.synthetic import synthetic_report


def snapshot(engine: Engine) -> dict:
    with engine.connect() as connection:
        return {model.__tablename__: sorted(tuple(r) for r in connection.execute(select(model.__table__)))
                for model in (RowShapeValue, NarrativeBand, ApplicationRow)}


def test_backfill_after_downgrade_matches_loading(engine: Engine) -> None:
    report = synthetic_report("戌局", 2022)
    report.shape["applications"] = {"total": RowShape(found=8, expected=7, values=[1, None, 0, 0, 0, 0, 1, 2])}
    report.section_details["overview"] = SectionText(heading="一、总体情况", text=prose("戌局"), position=0)
    with transaction(engine) as session:
        load_report(session, report)
    loaded = snapshot(engine)
    assert len(loaded["narrative_band"]) == 16 and len(loaded["row_shape_value"]) == 8
    assert len(loaded["application_row"]) == len(report.tables.applications)
    downgrade(engine, "0002")
    upgrade(engine)
    assert snapshot(engine) == loaded


def test_signature_estimates_similarity() -> None:
    from nianbao.warehouse.similarity import narrative, signature

    text = prose("甲")
    same = signature(narrative({"overview": text}))
    edited = signature(narrative({"overview": text[:-10] + prose("乙")[:10]}))  # about 0.9 alike
    other = signature(narrative({"overview": prose("丙")}))
    assert estimate(same, edited) >= 0.8 > estimate(same, other)
    assert signature(narrative({"overview": "本机关无其他需要报告的事项。"})) is None
