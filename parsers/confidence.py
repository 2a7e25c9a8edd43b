"""Which values read by OCR are uncertain: a low engine confidence, or digits the table's sums contradict.

Table 三 checks itself three ways: every row's 总计 column is the sum of the six applicant columns,
every column's （七）总计 is the sum of the outcome rows, and 新收 + 上年结转 = 总计 + 结转下年度 per
column. A misread digit breaks one row sum and one column sum; the value where a broken row meets a
broken column is the one the sums point at. A broken sum that crosses no other broken sum marks all the
values it adds up. Table 四's blocks (维持 + 纠正 + 其他 + 尚未审结 = 总计) mark their five values. Counts
stated in prose (narrative claims) are uncertain by their confidence alone. Only values read by OCR are
marked; the text of a text-layer report is never in doubt.
"""

from __future__ import annotations

from collections.abc import Iterable

from nianbao.model import (
    APPLICANT_COLUMNS,
    REVIEW_BLOCKS,
    REVIEW_OUTCOMES,
    REVIEW_ROW,
    CellReading,
    Layout,
    NarrativeClaim,
    Tables,
    outcome_rows,
)

# Correct printed numbers were read with a confidence of 0.52 or more on our scans (median 0.96).
THRESHOLD = 0.6

Readings = dict[str, dict[str, dict[str, CellReading]]]
Place = tuple[str, str, str]  # table, row, column


def mark(tables: Tables, readings: Readings, layout: Layout | None) -> Readings:
    """``readings`` with the uncertain values marked (``uncertain`` and ``reason`` set)."""
    if not readings:
        return readings
    by_sums = set(_applications(tables.applications, layout)) | set(_review(tables.review_litigation))
    out: Readings = {}
    for table, rows in readings.items():
        for row, columns in rows.items():
            for column, reading in columns.items():
                out.setdefault(table, {}).setdefault(row, {})[column] = _marked(reading, (table, row, column) in by_sums)
    return out


def mark_claims(claims: list[NarrativeClaim]) -> list[NarrativeClaim]:
    """``claims`` with those read with low confidence marked uncertain (prose has no sums to check)."""
    return [c.model_copy(update={"reading": _marked(c.reading, False)}) if c.reading else c for c in claims]


def _marked(reading: CellReading, by_sums: bool) -> CellReading:
    reason = "low_confidence" if reading.confidence < THRESHOLD else "sums" if by_sums else None
    return reading.model_copy(update={"uncertain": reason is not None, "reason": reason})


def _value(table: dict[str, dict[str, object]], row: str, column: str) -> float:
    value = table.get(row, {}).get(column)
    return float(value) if isinstance(value, int | float) else 0.0


def _applications(table: dict[str, dict[str, object]], layout: Layout | None) -> Iterable[Place]:
    """The places in table 三 its sums point at."""
    if not table or layout is None:
        return []
    parts = APPLICANT_COLUMNS[:-1]
    bad_rows = {row for row in table if sum(_value(table, row, c) for c in parts) != _value(table, row, "total")}
    outcomes = (*outcome_rows(layout), "total")
    balance = ("new", "carried_in", "total", "carried_out")
    column_checks: list[tuple[tuple[str, ...], set[str]]] = []
    if all(row in table for row in outcomes):
        bad = {c for c in APPLICANT_COLUMNS
               if sum(_value(table, r, c) for r in outcomes[:-1]) != _value(table, "total", c)}
        column_checks.append((outcomes, bad))
    if all(row in table for row in balance):
        bad = {c for c in APPLICANT_COLUMNS
               if _value(table, "new", c) + _value(table, "carried_in", c)
               != _value(table, "total", c) + _value(table, "carried_out", c)}
        column_checks.append((balance, bad))
    places: set[Place] = set()
    crossed_rows: set[str] = set()
    for rows, bad_columns in column_checks:
        for column in bad_columns:
            crossing = [r for r in rows if r in bad_rows]
            crossed_rows.update(crossing)
            places.update(("applications", r, column) for r in (crossing or rows))
    for row in bad_rows - crossed_rows:
        places.update(("applications", row, c) for c in APPLICANT_COLUMNS)
    return places


def _review(table: dict[str, object]) -> Iterable[Place]:
    """The values of table 四's blocks whose parts do not add up to their 总计."""
    places = []
    for block in REVIEW_BLOCKS:
        keys = [f"{block}_{outcome}" for outcome in REVIEW_OUTCOMES]
        if not all(k in table for k in keys):
            continue
        values = [float(v) if isinstance(v := table[k], int | float) else 0.0 for k in keys]
        if sum(values[:-1]) != values[-1]:
            places += [("review_litigation", REVIEW_ROW, k) for k in keys]
    return places
