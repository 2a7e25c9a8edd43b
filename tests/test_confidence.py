"""Values read by OCR are uncertain when the engine doubts them or the table's own sums point at them."""

from __future__ import annotations

from nianbao.model import APPLICANT_COLUMNS, CellReading, Tables, application_rows, outcome_rows
from parsers.confidence import THRESHOLD, mark

LAYOUT = "F2021"


def balanced() -> Tables:
    """Table 三 whose every sum holds: 1 per applicant in each outcome row, nothing carried."""
    rows = {row: dict.fromkeys(APPLICANT_COLUMNS, 0) for row in application_rows(LAYOUT)}
    for row in (*outcome_rows(LAYOUT), "total", "new"):
        count = len(outcome_rows(LAYOUT)) if row in ("total", "new") else 1
        rows[row] = {**dict.fromkeys(APPLICANT_COLUMNS[:-1], count), "total": count * 6}
    return Tables(applications=rows)


def readings(tables: Tables, confidence: float = 0.95) -> dict:
    return {"applications": {row: {c: CellReading(confidence=confidence, page=2) for c in cols}
                             for row, cols in tables.applications.items()}}


def uncertain(marked: dict) -> dict[tuple[str, str], str]:
    return {(row, col): r.reason for row, cols in marked["applications"].items() for col, r in cols.items()
            if r.uncertain}


def test_balanced_table_read_confidently_has_nothing_uncertain() -> None:
    tables = balanced()
    assert uncertain(mark(tables, readings(tables), LAYOUT)) == {}


def test_misread_digit_is_found_where_a_broken_row_meets_a_broken_column() -> None:
    tables = balanced()
    tables.applications["granted"]["research"] = 7  # printed 1
    assert uncertain(mark(tables, readings(tables), LAYOUT)) == {("granted", "research"): "sums"}


def test_misread_total_of_a_row_in_the_balance() -> None:
    tables = balanced()
    tables.applications["new"]["total"] = 188  # printed 108: breaks its row and the balance of 总计
    assert uncertain(mark(tables, readings(tables), LAYOUT)) == {("new", "total"): "sums"}


def test_broken_sum_crossing_nothing_marks_all_its_values() -> None:
    tables = balanced()
    tables.applications["carried_out"]["total"] = 5  # the row sum breaks, and the balance of 总计 with it
    tables.applications["carried_out"]["commercial"] = 5
    marked = uncertain(mark(tables, readings(tables), LAYOUT))
    assert ("carried_out", "commercial") in marked and ("new", "commercial") in marked


def test_low_confidence_is_uncertain_and_text_reports_are_never() -> None:
    tables = balanced()
    assert set(uncertain(mark(tables, readings(tables, THRESHOLD / 2), LAYOUT)).values()) == {"low_confidence"}
    assert mark(tables, {}, LAYOUT) == {}
