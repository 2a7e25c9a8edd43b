"""Reading a loaded report back through the auditors' views, to compare with what was parsed."""

from __future__ import annotations

import json

from sqlalchemy import Engine, text

from nianbao.model import APPLICANT_COLUMNS, REVIEW_LITIGATION_KEYS, AnnualReport, layout_for_year


def _rows(engine: Engine, sql: str, report_id: int) -> list[dict]:
    with engine.connect() as connection:
        return [dict(r) for r in connection.execute(text(sql), {"r": report_id}).mappings()]


def assert_reads_back(engine: Engine, report_id: int, report: AnnualReport) -> None:
    """Every parsed cell, blank and absence, every section and row shape is what the views and the
    printed rows of table 三 show."""
    matrix = _rows(
        engine, "SELECT * FROM v_application_matrix WHERE report_id = :r ORDER BY row_position", report_id
    )
    apps = report.tables.applications
    for row in matrix:
        parsed = apps.get(row["row_key"], {})
        assert row["cells"] == len(parsed), row["row_key"]
        assert row["blank_cells"] == sum(v is None for v in parsed.values()), row["row_key"]
        assert {c: row[c] for c in APPLICANT_COLUMNS if c in parsed} == parsed, row["row_key"]
    assert set(apps) <= {row["row_key"] for row in matrix}
    printed = _rows(engine, "SELECT * FROM application_row WHERE report_id = :r", report_id)
    assert {w["row_key"]: {c: w[c] for c in APPLICANT_COLUMNS} for w in printed} == {
        row: {c: cols.get(c) for c in APPLICANT_COLUMNS} for row, cols in apps.items()
    }

    layout = report.layout or layout_for_year(report.year)
    article20 = _rows(engine, f"SELECT * FROM v_article20_{layout.lower()} WHERE report_id = :r", report_id)
    assert {r["row_key"]: r["cells"] for r in article20} == {
        k: len(v) for k, v in report.tables.active_disclosure.items()
    }
    for row in article20:
        assert {
            c: row[c] for c in report.tables.active_disclosure[row["row_key"]]
        } == report.tables.active_disclosure[row["row_key"]]

    review = _rows(engine, "SELECT * FROM v_review_litigation WHERE report_id = :r", report_id)
    parsed_review = report.tables.review_litigation
    if parsed_review:
        assert review[0]["cells"] == len(parsed_review)
        assert {k: review[0][k] for k in REVIEW_LITIGATION_KEYS if k in parsed_review} == parsed_review
    else:
        assert review == []

    sections = _rows(
        engine, "SELECT section_key, present, heading FROM report_section WHERE report_id = :r", report_id
    )
    assert {s["section_key"]: bool(s["present"]) for s in sections} == report.sections
    shapes = _rows(
        engine,
        "SELECT table_key, row_key, found, expected, found_values FROM row_shape WHERE report_id = :r",
        report_id,
    )
    loaded = {
        (s["table_key"], s["row_key"]): (s["found"], s["expected"], _json(s["found_values"])) for s in shapes
    }
    assert loaded == {
        (t, r): (s.found, s.expected, s.values) for t, rows in report.shape.items() for r, s in rows.items()
    }


def _json(value):
    return json.loads(value) if isinstance(value, str) else value
