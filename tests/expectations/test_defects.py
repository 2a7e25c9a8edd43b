"""Injected defects, one per rule at least, are found with the right rule id and place; clean reports
around them are not flagged; findings resolve when a corrected version is loaded; reruns change nothing."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from sqlalchemy import Engine, func, select

from nianbao.model import AnnualReport, NarrativeClaim, RowShape, SectionText, StatisticsPeriod
from nianbao.warehouse.db import transaction
from nianbao.warehouse.documents import AgencyRecord, sync_agencies
from nianbao.warehouse.load import load_report
from nianbao.warehouse.schema import Finding
from tests.expectations.conftest import open_findings
from tests.support.synthetic import synthetic_report

YEAR = 2023
WORDS = "政府信息公开工作年度报告本机关坚持深化政务公开推进决策执行管理服务结果全过程落实条例规定加强平台建设完善制度提升质量回应关切优化营商环境强化监督保障"


def prose(seed: str) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(WORDS) for _ in range(300))


def report(agency: str, year: int = YEAR, *, seed: int = 0, carried_in: dict | None = None,
           narrative: str | None = None) -> AnnualReport:
    """A clean synthetic report whose narrative is ``narrative`` (by default one of its own), all in 一."""
    result = synthetic_report(agency, year, seed=seed, carried_in=carried_in)
    for key, text in (("overview", narrative or prose(f"{agency}{year}{seed}")), ("problems", "无"),
                      ("other_matters", "无")):
        detail = result.section_details[key]
        result.section_details[key] = SectionText(heading=detail.heading, position=detail.position, text=text)
    return result


def load(engine: Engine, *reports: AnnualReport) -> None:
    with transaction(engine) as session:
        for r in reports:
            load_report(session, r)


def drop_section(r: AnnualReport) -> None:
    r.sections["problems"] = False
    r.section_details.pop("problems")


def unreadable_row(r: AnnualReport) -> None:
    values = list(r.tables.applications.pop("granted").values())
    r.shape["applications"] = {"granted": RowShape(found=8, expected=7, values=[*values, 1], label="（一）予以公开")}


def bump(row: str, col: str, by: int = 1) -> Callable[[AnnualReport], None]:
    def change(r: AnnualReport) -> None:
        r.tables.applications[row][col] += by
    return change


def set_review_total(r: AnnualReport) -> None:
    r.tables.review_litigation["review_total"] += 2


def negative(r: AnnualReport) -> None:
    r.tables.applications["denied_query"]["research"] = -1


def blank(r: AnnualReport) -> None:
    r.tables.applications["denied_query"]["research"] = None


def mixed_layout(r: AnnualReport) -> None:
    r.layout_signals = {"F2021": ["active_disclosure.issued"], "F2019": ["applications.other"]}


def late(r: AnnualReport) -> None:
    r.published_on = date(YEAR + 1, 2, 20)


def claim(r: AnnualReport) -> None:
    r.narrative_claims = [NarrativeClaim(metric="applications_received",
                                         value=r.tables.applications["new"]["total"] + 5, text="受理依申请公开99件")]


def short_period(r: AnnualReport) -> None:
    r.statistics_period = StatisticsPeriod(start=date(YEAR, 3, 1), end=date(YEAR, 12, 31), text="自3月1日起")


def missing_row(r: AnnualReport) -> None:
    r.tables.applications.pop("denied_query")
    r.shape["applications"].pop("denied_query")  # a row not printed has no shape either


# agency → (defect, rule, severity, words in the finding's place or message)
SINGLE = {
    "甲局": (drop_section, "sections_present", "error", "五、存在的主要问题及改进情况"),
    "乙局": (missing_row, "table_complete", "error", "（三）不予公开 8.属于行政查询事项"),
    "丙局": (unreadable_row, "row_shape", "warning", "（一）予以公开"),
    "丁局": (bump("carried_in", "research"), "applications_balance", "error", "「科研机构」列"),
    "戊局": (bump("total", "commercial"), "applications_total_row", "error", "「（七）总计」行「商业企业」列"),
    "己局": (bump("granted", "total"), "applications_total_column", "error", "「（一）予以公开」行「总计」列"),
    "庚局": (set_review_total, "review_litigation_totals", "error", "「行政复议」部分"),
    "辛局": (negative, "non_negative_integers", "error", "「（三）不予公开 8.属于行政查询事项」行「科研机构」列"),
    "壬局": (blank, "cells_filled", "warning", "「（三）不予公开 8.属于行政查询事项」行「科研机构」列"),
    "癸局": (mixed_layout, "layout_matches_year", "warning", "混用"),
    "子局": (late, "published_on_time", "error", f"{YEAR + 1}-02-20"),
    "丑局": (claim, "narrative_matches_table", "warning", "受理依申请公开99件"),
    "寅局": (short_period, "full_year_period", "warning", f"{YEAR}-03-01 至 {YEAR}-12-31"),
}


def test_each_injected_defect_is_found_in_its_place(engine: Engine, check) -> None:
    with transaction(engine) as session:
        sync_agencies(session, [AgencyRecord(code="R1", name="卯局"), AgencyRecord(code="R2", name="辰局")])
    for agency, (defect, *_rest) in SINGLE.items():
        r = report(agency)
        defect(r)
        load(engine, r)
    load(engine, report("辰局"))  # registered and published: no report_missing
    # carried over wrongly, and a stock that does not carry over, between two years of one agency
    before = report("巳局", YEAR - 1)
    after = report("巳局", carried_in={**before.tables.applications["carried_out"],
                                      "natural_person": before.tables.applications["carried_out"]["natural_person"] + 1})
    load(engine, before, after)
    # the same narrative in two agencies' reports
    copied = prose("copied")
    load(engine, report("午局", narrative=copied), report("未局", narrative=copied + "另有补充说明"))
    check(YEAR)
    found = open_findings(engine)
    serious = [(a, rule, sev, place + message) for a, _, rule, sev, place, message in found if sev != "unverifiable"]
    for agency, (_, rule, severity, words) in SINGLE.items():
        hits = [f for f in serious if f[0] == agency and f[1] == rule and f[2] == severity]
        assert hits and any(words in f[3] for f in hits), (agency, rule, serious)
    assert ("卯局", "report_missing", "error") in {f[:3] for f in serious}
    assert not [f for f in serious if f[0] == "辰局"]
    carry = [f for f in serious if f[0] == "巳局"]
    assert {(f[1], f[2]) for f in carry} == {("carryover_matches_last_year", "error"),
                                              ("document_stock_continuity", "warning")}
    assert any("「二、上年结转政府信息公开申请数量」行「自然人」列" in f[3] for f in carry)
    copies = {f[0]: f[3] for f in serious if f[1] == "copied_content"}
    assert set(copies) == {"午局", "未局"} and "未局" in copies["午局"]
    # each defective report has only findings of its own defect (and the ones it implies)
    implied = {"丁局": {"applications_total_column"}, "戊局": {"applications_balance", "applications_total_column"},
               "己局": {"applications_total_row"}, "丙局": {"cells_filled"}}
    arithmetic = {"applications_balance", "applications_total_row", "applications_total_column"}
    implied |= {"辛局": arithmetic, "壬局": arithmetic}
    for agency, (_, rule, _, _) in SINGLE.items():
        assert {f[1] for f in serious if f[0] == agency} <= {rule} | implied.get(agency, set()), agency


def count(engine: Engine, status: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Finding).where(Finding.status == status))


def test_rerun_is_idempotent_and_a_corrected_version_resolves(engine: Engine, check) -> None:
    wrong = report("申局")
    late(wrong)
    bump("total", "commercial")(wrong)
    load(engine, wrong)
    opened, resolved = check(YEAR)
    errors = [f for f in open_findings(engine) if f[0] == "申局" and f[3] == "error"]
    assert {f[2] for f in errors} == {"published_on_time", "applications_total_row", "applications_balance",
                                      "applications_total_column"}
    total = count(engine, "open")
    assert (opened, resolved) == (total, 0)
    with engine.connect() as connection:
        first_seen = dict(connection.execute(select(Finding.id, Finding.first_seen)).all())
    assert check(YEAR) == (total, 0)
    with engine.connect() as connection:
        assert dict(connection.execute(select(Finding.id, Finding.first_seen)).all()) == first_seen
    load(engine, report("申局", seed=1))  # the corrected version
    opened, resolved = check(YEAR)
    assert resolved == len(errors) and count(engine, "resolved") == len(errors)
    assert not [f for f in open_findings(engine) if f[0] == "申局" and f[3] == "error"]
    with engine.connect() as connection:
        assert all(connection.execute(select(Finding.resolved_on).where(Finding.status == "resolved")).scalars())


def test_mixed_layout_is_one_warning_not_missing_rows(engine: Engine, check) -> None:
    """An F2021 report whose （六） is the single F2019 row: flagged as mixed, its sums still checked."""
    r = report("申局")
    apps, shapes = r.tables.applications, r.shape["applications"]
    rows = ("other_no_correction", "other_no_fee", "other_misc")
    apps["other"] = {col: sum(apps[row][col] for row in rows) for col in apps["granted"]}
    shapes["other"] = RowShape(found=7, expected=7, values=list(apps["other"].values()))
    for row in rows:
        apps.pop(row)
        shapes.pop(row)
    for row in ("total", "new"):  # （七） off by one from the outcome rows: an error the mix must not hide
        apps[row]["commercial"] += 1
        apps[row]["total"] += 1
    r.layout_signals = {"F2019": ["applications.other"]}
    load(engine, r)
    check(YEAR)
    found = {(rule, sev) for a, _, rule, sev, _, _ in open_findings(engine) if a == "申局"}
    assert found == {("layout_matches_year", "warning"), ("applications_total_row", "error")}
