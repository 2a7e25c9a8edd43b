"""Every auditor query in sql/queries runs on both back ends and answers right on a loaded scenario.

Expected answers are computed here in Python from the very report objects that were loaded.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

import pytest
from sqlalchemy import Engine

from nianbao.commands.cli import main
from nianbao.model import APPLICANT_COLUMNS, AnnualReport
from nianbao.warehouse.queries import BIND_NAME, PARAM_TYPES, load_query, query_files, resolve, run_query
from tests.warehouse.scenario import JURISDICTION, load_scenario


@pytest.fixture
def scenario(engine: Engine) -> dict[tuple[str, int], AnnualReport]:
    """The current report per (agency, year) after loading the scenario."""
    return load_scenario(engine)


def run(engine: Engine, name: str, **params: str) -> list[dict]:
    result = run_query(engine, resolve(name), params)
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def total(report: AnnualReport, row: str, col: str = "total") -> float:
    return report.tables.applications[row].get(col) or 0


def test_every_query_is_documented_and_there_are_at_least_ten() -> None:
    files = query_files()
    assert len(files) >= 10
    for path in files:
        query = load_query(path)
        assert is_chinese(query.title) and is_chinese(query.description) and len(query.description) > 20, path.name
        declared = {p.name for p in query.params}
        assert {"year", "jurisdiction"} <= declared, path.name
        assert declared == set(BIND_NAME.findall(query.sql)), path.name
        assert all(p.type in PARAM_TYPES and is_chinese(p.help) for p in query.params), path.name


def is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_most_denials(engine, scenario) -> None:
    expected = {}
    for (agency, year), report in scenario.items():
        denied = sum(total(report, row) for row in report.tables.applications if row.startswith("denied_"))
        if year == 2023 and denied > 0:
            expected[agency] = denied
    rows = run(engine, "01_most_denials")
    assert {r["agency"]: r["denied"] for r in rows} == expected
    assert [r["denied"] for r in rows] == sorted(expected.values(), reverse=True)
    for row in rows:
        assert row["third_party"] == total(scenario[(row["agency"], 2023)], "denied_third_party")


def test_outcomes_by_jurisdiction(engine, scenario) -> None:
    latest = max(year for _, year in scenario)
    expected = defaultdict(lambda: defaultdict(float))
    for (agency, year), report in scenario.items():
        if year != latest:
            continue
        cell = expected[(JURISDICTION[agency], year)]
        cell["granted"] += total(report, "granted")
        cell["denied"] += sum(total(report, r) for r in report.tables.applications if r.startswith("denied"))
        cell["total"] += total(report, "total")
        cell["reports"] += 1
    rows = run(engine, "02_outcomes_by_jurisdiction")
    assert {
        (r["parent_jurisdiction"], r["year"]): {k: r[k] for k in ("granted", "denied", "total", "reports")}
        for r in rows
    } == {k: dict(v) for k, v in expected.items()}


def test_applications_yoy(engine, scenario) -> None:
    sums = defaultdict(float)
    for (agency, year), report in scenario.items():
        sums[(JURISDICTION[agency], year)] += total(report, "new")
    rows = {
        (r["parent_jurisdiction"], r["year"]): r for r in run(engine, "03_applications_yoy_by_jurisdiction")
    }
    assert set(rows) == set(sums)
    for (place, year), value in sums.items():
        previous = sums.get((place, year - 1))
        assert rows[(place, year)]["new_applications"] == value
        assert rows[(place, year)]["previous_year"] == previous
        assert rows[(place, year)]["change"] == (None if previous is None else value - previous)


def test_review_corrections(engine, scenario) -> None:
    rows = run(engine, "04_review_corrections")
    assert [(r["agency"], r["year"], r["corrected"]) for r in rows] == [
        ("北城区教育局", 2023, 3),
        ("南湖县公安局", 2023, 2),
    ]


def test_missing_reports(engine, scenario) -> None:
    rows = run(engine, "05_missing_reports")
    assert [(r["agency"], r["year"], r["deadline"], r["status"]) for r in rows] == [
        ("北城区教育局", 2022, "2023-01-31", "逾期未发布")
    ]


def test_carryover_mismatch(engine, scenario) -> None:
    rows = run(engine, "06_carryover_mismatch")
    off = {col: 0 for col in APPLICANT_COLUMNS} | {"natural_person": 5}  # carried in 5 more than carried out
    assert [(r["agency"], r["year"], {c: r[c] for c in APPLICANT_COLUMNS}) for r in rows] == [
        ("北城区财政局", 2023, off)
    ]


def test_late_publication(engine, scenario) -> None:
    rows = run(engine, "07_late_publication")
    assert [(r["agency"], r["year"], str(r["published_on"]), r["published_on_source"]) for r in rows] == [
        ("南湖县公安局", 2023, "2024-02-10", "document")
    ]


def test_compliance_rollup(engine, scenario) -> None:
    rows = {(r["parent_jurisdiction"], r["year"]): r for r in run(engine, "08_compliance_rollup")}
    assert {
        k: (r["agencies"], r["published"], r["on_time"], r["late"], r["with_open_errors"])
        for k, r in rows.items()
    } == {
        ("北城区", 2022): (2, 1, 1, 0, 0),
        ("北城区", 2023): (2, 2, 2, 0, 0),
        ("南湖县", 2022): (2, 2, 2, 0, 0),
        ("南湖县", 2023): (2, 2, 1, 1, 1),
    }


def test_unbalanced_applications(engine, scenario) -> None:
    rows = run(engine, "09_unbalanced_applications")
    off = {col: 0 for col in APPLICANT_COLUMNS} | {"natural_person": 5}  # carried_in raised by 5 alone
    assert [(r["agency"], r["year"], {c: r[c] for c in APPLICANT_COLUMNS}) for r in rows] == [
        ("北城区财政局", 2023, off)
    ]


def test_blank_cells(engine, scenario) -> None:
    rows = run(engine, "10_blank_cells")
    assert [(r["agency"], r["year"], r["applications_blank"], r["review_blank"]) for r in rows] == [
        ("北城区教育局", 2023, 1, 0),
        ("南湖县人民政府", 2022, 0, 1),
    ]


def test_republished_reports(engine, scenario) -> None:
    rows = run(engine, "11_republished_reports")
    assert [(r["agency"], r["year"], r["version"], bool(r["is_current"])) for r in rows] == [
        ("南湖县公安局", 2022, 1, False),
        ("南湖县公安局", 2022, 2, True),
    ]


def test_failed_documents(engine, scenario) -> None:
    rows = run(engine, "12_failed_documents")
    assert [(r["path"], r["reason"]) for r in rows] == [("bad.pdf", "文件已损坏，无法读取")]


def test_open_findings_by_rule(engine, scenario) -> None:
    rows = run(engine, "13_open_findings_by_rule")
    assert sorted((r["rule_id"], r["severity"], r["year"], r["open_findings"]) for r in rows) == [
        ("applications_balance", "error", 2023, 1),
        ("applications_balance", "warning", 2023, 1),
    ]


def test_sql_command_prints_a_table(engine, scenario, database_url, monkeypatch, capsys) -> None:
    monkeypatch.setenv("NIANBAO_DATABASE_URL", database_url)
    assert main(["sql", "05"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("未发布年度报告的机关（05_missing_reports）")
    assert "机关" in out.splitlines()[1] and "北城区教育局" in out and "逾期未发布" in out and "（1 行）" in out
    assert main(["sql", "13"]) == 0
    out = capsys.readouterr().out
    assert "性质" in out and "错误" in out and "警告" in out and "error" not in out
    assert main(["sql", "no_such_query"]) == 2
    assert "找不到查询文件" in capsys.readouterr().out
    assert main(["sql", "0"]) == 2
    assert "不唯一" in capsys.readouterr().out


def test_sql_command_csv_and_json_keep_identifiers(engine, scenario, database_url, monkeypatch, capsys) -> None:
    monkeypatch.setenv("NIANBAO_DATABASE_URL", database_url)
    assert main(["sql", "13", "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert sorted((r["rule_id"], r["severity"], r["year"], r["open_findings"]) for r in rows) == [
        ("applications_balance", "error", "2023", "1"), ("applications_balance", "warning", "2023", "1")]
    assert main(["sql", "07", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == [
        {"parent_jurisdiction": "南湖县", "agency": "南湖县公安局", "year": 2023, "deadline": "2024-01-31",
         "published_on": "2024-02-10", "published_on_source": "document"}]


def test_sql_parameters_are_bound(engine, scenario) -> None:
    assert [(r["agency"], r["year"]) for r in run(engine, "05", year="2022", jurisdiction="北城区")] == [
        ("北城区教育局", 2022)]
    assert run(engine, "05", jurisdiction="南湖县") == []
    assert run(engine, "05", year="2023") == []
    assert {r["year"] for r in run(engine, "01", year="2022")} == {2022}
    assert {r["parent_jurisdiction"] for r in run(engine, "08", jurisdiction="南湖县")} == {"南湖县"}
    assert run(engine, "08", jurisdiction="北城区' OR '1'='1") == []  # a value, never SQL
    assert len(run(engine, "08")) == 4


def test_sql_parameter_errors(engine, scenario, database_url, monkeypatch, capsys) -> None:
    monkeypatch.setenv("NIANBAO_DATABASE_URL", database_url)
    assert main(["sql", "05", "--param", "yera=2022"]) == 2
    assert "没有参数 yera（可用参数：year、jurisdiction）" in capsys.readouterr().out
    assert main(["sql", "05", "--param", "year=二〇二二"]) == 2
    assert "参数 year 的值「二〇二二」无效" in capsys.readouterr().out
    assert main(["sql", "05", "--param", "2022"]) == 2
    assert "应写作 名称=值" in capsys.readouterr().out


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_sql_on_a_missing_or_unmigrated_warehouse_says_what_to_run(backend, tmp_path, monkeypatch, capsys,
                                                                     request) -> None:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'nowhere' / 'nianbao.db'}"
        said = "数据仓库不存在"
    else:
        url = request.getfixturevalue("postgresql_url").replace("nianbao_test_", "nianbao_empty_")
        said = "尚未建立结构"
    monkeypatch.setenv("NIANBAO_DATABASE_URL", url)
    assert main(["sql", "08"]) == 4
    out = capsys.readouterr().out
    assert said in out and "nianbao db upgrade" in out and "no such table" not in out
    if backend == "sqlite":
        assert not (tmp_path / "nowhere" / "nianbao.db").exists()


def test_compliance_view_reports_each_agency_year(engine, scenario) -> None:
    rows = {(r["agency"], r["year"]): r for r in run_view(engine)}
    assert rows[("南湖县人民政府", 2023)]["status"] == "存在待纠正错误"
    assert rows[("南湖县人民政府", 2023)]["deadline"] == "2024-03-31"
    assert rows[("南湖县公安局", 2023)]["status"] == "逾期发布"
    assert (
        rows[("北城区财政局", 2023)]["status"] == "合规"
        and rows[("北城区财政局", 2023)]["open_warnings"] == 1
    )
    assert len(rows) == 8


def run_view(engine: Engine) -> list[dict]:
    from sqlalchemy import text

    with engine.connect() as connection:
        return [dict(r) for r in connection.execute(text("SELECT * FROM v_compliance")).mappings()]
