"""``nianbao export`` on both back ends: the workbook opened with openpyxl holds, cell by cell, what the
warehouse holds (blank printed cells empty, never 0; numbers as numbers), with Chinese headers over the
printed tables' columns and frozen headers; ``--csv`` writes the same data; ``--jurisdiction`` filters."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine, text

from nianbao.checks import places
from nianbao.commands.cli import main
from tests.warehouse.scenario import JURISDICTION, load_scenario

YEAR = 2023
CELLS = {  # table → (SQL over the warehouse's own cell tables, labels of row and column keys)
    "表三": ("SELECT a.name, c.row_key, c.col_key, c.value FROM application_cell c",
             places.APPLICATION_ROWS, places.APPLICANT_COLUMNS),
    "表二": ("SELECT a.name, c.row_key, c.col_key, c.value FROM active_disclosure_cell c",
             places.ACTIVE_DISCLOSURE_ROWS, places.ACTIVE_DISCLOSURE_COLUMNS),
}


@pytest.fixture
def exported(engine: Engine, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys):
    load_scenario(engine)
    monkeypatch.setenv("NIANBAO_DATABASE_URL", database_url)
    assert main(["export", "--year", str(YEAR), "--out", str(tmp_path / "年报.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "表三 4 行" in out and "年报.xlsx" in out
    return openpyxl.load_workbook(tmp_path / "年报.xlsx")


def headers(ws) -> dict[tuple[str, str], int]:
    """(group label, column label) → column number, reading the merged group row as printed."""
    found, group = {}, None
    for column in range(1, ws.max_column + 1):
        top, below = ws.cell(1, column).value, ws.cell(2, column).value
        if below is None:  # a report column, merged over both header rows
            found[(top, top)] = column
            continue
        group = top or group
        found[(group, below)] = column
    return found


def rows_by_agency(ws, first_row: int = 3) -> dict[str, int]:
    return {ws.cell(r, 2).value: r for r in range(first_row, ws.max_row + 1)}


def cell_values(engine: Engine, sql: str) -> dict[tuple[str, str, str], float | None]:
    query = (f"{sql} JOIN report r ON r.id = c.report_id JOIN agency a ON a.id = r.agency_id "
             "WHERE r.is_current AND r.year = :year")
    with engine.connect() as connection:
        return {(name, row, col): value for name, row, col, value in connection.execute(text(query), {"year": YEAR})}


def test_workbook_holds_the_warehouse_cell_by_cell(engine: Engine, exported) -> None:
    assert exported.sheetnames == ["表二", "表三", "表四", "问题清单", "发布情况"]
    for name, (sql, row_labels, column_labels) in CELLS.items():
        ws = exported[name]
        assert ws.freeze_panes == "C3"
        columns, agencies = headers(ws), rows_by_agency(ws)
        assert set(agencies) == {a for a, y in load_scenario_names(engine) if y == YEAR}
        values = cell_values(engine, sql)
        assert values
        for (agency, row, col), value in values.items():
            got = ws.cell(agencies[agency], columns[(row_labels[row], column_labels[col])]).value
            if value is None:
                assert got is None, (name, agency, row, col)
            else:
                assert got == value and isinstance(got, int | float) and not isinstance(got, str)
    table3 = exported["表三"]
    blank = table3.cell(rows_by_agency(table3)["北城区教育局"],
                        headers(table3)[(places.APPLICATION_ROWS["denied_query"], places.APPLICANT_COLUMNS["research"])])
    assert blank.value is None  # printed blank, exported blank — not 0
    assert table3.cell(1, 1).value == "辖区" and table3.cell(1, 2).value == "机关"


def test_table_four_findings_and_compliance(engine: Engine, exported) -> None:
    ws = exported["表四"]
    column = headers(ws)[(places.REVIEW_BLOCKS["suit_after_review"], places.REVIEW_OUTCOMES["corrected"])]
    assert ws.cell(rows_by_agency(ws)["南湖县公安局"], column).value == 2
    findings = exported["问题清单"]
    assert [c.value for c in findings[1]][:6] == ["辖区", "机关", "年度", "规则", "规则内容", "性质"]
    assert findings.freeze_panes == "C2"
    assert sorted((r[1], r[3], r[5]) for r in findings.iter_rows(min_row=2, values_only=True)) == [
        ("北城区财政局", "applications_balance", "警告"), ("南湖县人民政府", "applications_balance", "错误")]
    compliance = {r[1]: r for r in exported["发布情况"].iter_rows(min_row=2, values_only=True)}
    assert set(compliance) == set(JURISDICTION)
    assert compliance["南湖县公安局"][4:7] == (datetime(2024, 1, 31), datetime(2024, 2, 10), "逾期发布")  # Excel dates
    assert compliance["南湖县人民政府"][6:8] == ("按期发布", "存在待纠正错误")


def load_scenario_names(engine: Engine) -> set[tuple[str, int]]:
    with engine.connect() as connection:
        return set(connection.execute(text(
            "SELECT a.name, r.year FROM report r JOIN agency a ON a.id = r.agency_id WHERE r.is_current")))


def test_csv_and_jurisdiction(engine: Engine, database_url: str, tmp_path: Path, monkeypatch, capsys) -> None:
    load_scenario(engine)
    monkeypatch.setenv("NIANBAO_DATABASE_URL", database_url)
    assert main(["export", "--year", str(YEAR), "--jurisdiction", "北城区", "--csv", str(tmp_path / "csv")]) == 0
    files = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert files == ["active_disclosure.csv", "applications.csv", "compliance.csv", "findings.csv",
                     "review_litigation.csv"]
    with (tmp_path / "csv" / "applications.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = {r["agency"]: r for r in csv.DictReader(file)}
    assert set(rows) == {"北城区财政局", "北城区教育局"}
    values = cell_values(engine, CELLS["表三"][0])
    assert rows["北城区教育局"]["denied_query.research"] == ""
    for agency, row in rows.items():
        assert row["granted.natural_person"] == str(int(values[(agency, "granted", "natural_person")]))
    with (tmp_path / "csv" / "compliance.csv").open(encoding="utf-8-sig", newline="") as file:
        assert {r["parent_jurisdiction"] for r in csv.DictReader(file)} == {"北城区"}


def test_export_of_a_missing_warehouse_says_what_to_run(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("NIANBAO_DATABASE_URL", f"sqlite:///{tmp_path / 'none.db'}")
    assert main(["export", "--year", "2024", "--out", str(tmp_path / "x.xlsx")]) == 4
    assert "nianbao db upgrade" in capsys.readouterr().out and not (tmp_path / "x.xlsx").exists()
