"""The layout of a report year is one fact, the model's table: the warehouse's ``year_layout`` holds its
rows and every view and check that needs the layout of a year joins it. So each of them answers what
``layout_for_year`` answers, for every year, and a change to the model's table is what changes them."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import Connection, Engine, text, update

from nianbao import model
from nianbao.checks.catalogue import RULES
from nianbao.checks.suites import scope_query
from nianbao.model import (
    ACTIVE_DISCLOSURE_ROWS,
    AnnualReport,
    Source,
    Tables,
    application_rows,
    layout_for_year,
)
from nianbao.warehouse.db import transaction
from nianbao.warehouse.load import load_report
from nianbao.warehouse.migrate import upgrade
from nianbao.warehouse.schema import Report

YEARS = range(2008, 2041)
LAYOUTS = tuple(model.LAYOUT_FIRST_YEARS)
# How many rows of table 三 a report of each layout is held to, and how many rows of table 二 a report
# printing only its first row misses.
TABLE3_ROWS = {layout: len(application_rows(layout)) for layout in LAYOUTS}
TABLE2_MISSING = {layout: len(ACTIVE_DISCLOSURE_ROWS[layout]) - 1 for layout in LAYOUTS}


def load_years(engine: Engine) -> dict[int, int]:
    """One report per year, its layout not recognised, printing table 二's first row only: report id → year."""
    ids = {}
    with transaction(engine) as session:
        for year in YEARS:
            report = AnnualReport(source=Source(path=f"{year}.txt", sha256=f"{year:064d}", format="text"),
                                  agency="某局", year=year,
                                  tables=Tables(active_disclosure={"regulation": {"decisions": 1}}))
            ids[load_report(session, report).report_id] = year
    return ids


def rule_rows(connection: Connection, rule_id: str) -> list:
    """The rows a check's query returns for every current report."""
    query = next(rule for rule in RULES if rule.id == rule_id).query()
    batch = f"({scope_query(as_of=date(YEARS[-1] + 1, 6, 1))})"
    return connection.execute(text(query.replace("{batch}", batch))).all()


def by_count(counts: dict[int, int], layout_counts: dict[str, int]) -> dict[int, str]:
    """The layout whose number each report's count is."""
    return {report: next(layout for layout in LAYOUTS if layout_counts[layout] == n) for report, n in counts.items()}


def answers(engine: Engine) -> dict[str, dict[int, str]]:
    """The layout each view and check gives each year's report: SQL file → year → layout."""
    with engine.connect() as connection:
        def per_report(sql: str) -> dict[int, int]:
            return dict(connection.execute(text(sql)).all())

        years = per_report("SELECT id, year FROM report")
        found = {
            "v_application_matrix": by_count(
                per_report("SELECT report_id, COUNT(*) FROM v_application_matrix GROUP BY report_id"), TABLE3_ROWS),
            "v_check_application_row": by_count(
                per_report("SELECT report_id, SUM(in_layout) FROM v_check_application_row GROUP BY report_id"),
                TABLE3_ROWS),
            "v_article20": {
                **dict.fromkeys(per_report("SELECT report_id, 1 FROM v_article20_f2019"), "F2019"),
                **dict.fromkeys(per_report("SELECT report_id, 1 FROM v_article20_f2021"), "F2021"),
            },
            "table_complete": by_count(
                Counter(row.report_id for row in rule_rows(connection, "table_complete")
                        if row.table_key == "active_disclosure" and row.row_key), TABLE2_MISSING),
        }
    # layout_matches_year needs a recognised layout: say F2019 for every report; those of other years are told.
    with engine.begin() as connection:
        connection.execute(update(Report).values(layout="F2019"))
        told = {row.report_id: row.expected for row in rule_rows(connection, "layout_matches_year")}
        connection.execute(update(Report).values(layout=None))
    found["layout_matches_year"] = {report: told.get(report, "F2019") for report in years}
    return {name: {years[report]: layout for report, layout in layouts.items()} for name, layouts in found.items()}


def agree_with_the_model(found: dict[str, dict[int, str]]) -> None:
    model_answer = {year: layout_for_year(year) for year in YEARS}
    for name, layouts in found.items():
        assert layouts == model_answer, name


def test_the_sql_answers_the_models_layout_for_every_year_and_follows_the_model(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    load_years(engine)
    before = answers(engine)
    agree_with_the_model(before)
    assert {before["v_application_matrix"][2020], before["v_application_matrix"][2021]} == {"F2019", "F2021"}

    try:
        monkeypatch.setitem(model.LAYOUT_FIRST_YEARS, "F2021", 2023)  # the model's table changed, nothing else
        upgrade(engine)
        after = answers(engine)
        agree_with_the_model(after)
        changed = {year for year in YEARS if after["layout_matches_year"][year] != before["layout_matches_year"][year]}
        assert changed == {2021, 2022}
    finally:
        monkeypatch.undo()
        upgrade(engine)  # the session's warehouse back to the model's rows
    assert answers(engine) == before
