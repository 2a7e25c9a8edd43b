"""The five seeds yield exactly the findings of the spec's §7 table, severities and places included."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from nianbao.pipeline.load import load_file
from tests.expectations.conftest import open_findings

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

# agency → sorted (rule, severity, words that name the place or the missing inputs)
EXPECTED = {
    "牡丹江市营商环境建设监督局": [("published_on_time", "unverifiable", "发布日期")],
    "牡丹江经济技术开发区管理委员会": [
        ("applications_balance", "unverifiable", "（七）总计"),
        ("applications_total_row", "unverifiable", "（七）总计"),
        ("review_litigation_totals", "unverifiable", "表四"),
        ("sections_present", "error", "四、政府信息公开行政复议、行政诉讼情况"),
        ("table_complete", "error", "表三"),
        ("table_complete", "error", "表四"),
    ],
    "前进区营商环境建设监督局": [
        ("applications_balance", "unverifiable", "（七）总计"),
        ("applications_total_column", "unverifiable", "（六）其他处理」行数值个数不符"),
        ("applications_total_row", "unverifiable", "（七）总计"),
        ("full_year_period", "warning", "2020-03-01 至 2020-12-31"),
        ("published_on_time", "unverifiable", "发布日期"),
        ("row_shape", "warning", "（六）其他处理"),
        ("row_shape", "warning", "（七）总计"),
    ],
    "爱民区人民政府": [
        ("applications_balance", "unverifiable", "四、结转下年度继续办理"),
        ("applications_total_column", "unverifiable", "四、结转下年度继续办理"),
        ("applications_total_row", "error", "「（七）总计」行「总计」列"),
        ("applications_total_row", "error", "「（七）总计」行「自然人」列"),
        ("narrative_matches_table", "warning", "受理依申请公开1件"),
        ("published_on_time", "unverifiable", "发布日期"),
        ("row_shape", "warning", "四、结转下年度继续办理"),
    ],
    "绥芬河市营商环境建设监督局": [
        ("applications_balance", "unverifiable", "一、本年新收"),
        ("applications_total_column", "unverifiable", "二、上年结转"),
        ("review_litigation_totals", "unverifiable", "表四"),
        ("row_shape", "warning", "一、本年新收"),
        ("row_shape", "warning", "二、上年结转"),
        ("row_shape", "warning", "表四"),
    ],
}


def test_seeds_yield_exactly_the_spec_findings(engine: Engine, check) -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        assert load_file(engine, path).outcome == "loaded"
    check()
    found: dict[str, list[tuple[str, str, str]]] = {}
    for agency, _year, rule, severity, location, message in open_findings(engine):
        found.setdefault(agency, []).append((rule, severity, location + " " + message))
    assert sorted(found) == sorted(EXPECTED)
    for agency, expected in EXPECTED.items():
        left = list(found[agency])
        for rule, severity, words in expected:
            match = next((f for f in left if f[:2] == (rule, severity) and words in f[2]), None)
            assert match is not None, (agency, rule, severity, words, left)
            left.remove(match)
        assert left == [], (agency, left)
