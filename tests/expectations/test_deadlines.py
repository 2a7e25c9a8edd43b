"""Who is a government: the registry's deadline kind decides; outside the registry the name does, and a
name that does not tell leaves ``published_on_time`` unverifiable for a report out between the deadlines."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine

from nianbao.model import deadline_kind
from nianbao.warehouse.db import transaction
from nianbao.warehouse.documents import AgencyRecord, sync_agencies
from nianbao.warehouse.load import load_report
from tests.expectations.conftest import open_findings
from tests.support.synthetic import synthetic_report

YEAR = 2023


@pytest.mark.parametrize(("name", "kind"), [
    ("示例市人民政府", "government"),
    ("示例县大河镇人民政府", "government"),
    ("示例地区行政公署", "government"),
    ("示例综合实验区管理委员会", "government"),
    ("示例经济技术开发区管理委员会", "government"),
    ("示例新区管委会", "government"),
    ("示例市人民政府办公室", "department"),
    ("示例综合实验区管理委员会办公室", "department"),
    ("示例新区管委会财政局", "department"),
    ("示例市卫生健康委员会", "department"),
    ("示例市东城区南山街道办事处", "department"),
    ("示例风景名胜区管理委员会", None),
    ("示例市某某", None),
])
def test_kind_from_the_name(name: str, kind: str | None) -> None:
    assert deadline_kind(name) == kind


# agency → (published, in the registry as, expected (rule, severity) findings on publication)
CASES = {
    "示例综合实验区管理委员会": (date(YEAR + 1, 2, 8), None, set()),
    "示例地区行政公署": (date(YEAR + 1, 3, 30), None, set()),
    "示例市教育局": (date(YEAR + 1, 2, 8), None, {("published_on_time", "error")}),
    "示例风景名胜区管理委员会": (date(YEAR + 1, 2, 8), None, {("published_on_time", "unverifiable")}),
    "示例湿地公园管理委员会": (date(YEAR + 1, 1, 30), None, set()),
    "示例森林公园管理委员会": (date(YEAR + 1, 4, 2), None, {("published_on_time", "error")}),
    "示例高新技术开发区管理委员会": (date(YEAR + 1, 2, 8), "department", {("published_on_time", "error")}),
    "示例市城市管理局": (date(YEAR + 1, 3, 8), "government", set()),
}


def test_the_deadline_is_the_registrys_else_the_names(engine: Engine, check) -> None:
    with transaction(engine) as session:
        sync_agencies(session, [AgencyRecord(code=f"R{i}", name=name, deadline_kind=kind)
                                for i, (name, (_, kind, _)) in enumerate(CASES.items()) if kind])
        for name, (published, _, _) in CASES.items():
            load_report(session, synthetic_report(name, YEAR, published_on=published))
    check(YEAR)
    found: dict[str, set] = {name: set() for name in CASES}
    for agency, _, rule, severity, _, message in open_findings(engine):
        if rule in ("published_on_time", "report_missing"):
            found[agency].add((rule, severity))
            if severity == "unverifiable":
                assert "机关类别" in message
    assert found == {name: expected for name, (_, _, expected) in CASES.items()}
