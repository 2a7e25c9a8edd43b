"""One report year of the warehouse as the sheets auditors ask for: tables 二, 三 and 四 in their printed
wide shape (one row per agency, one column per printed cell under its row's label), the open findings
and the compliance of every agency. Blank printed cells stay None, never 0."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, text

from nianbao.checks.catalogue import RULES_BY_ID
from nianbao.checks.labels import column_title
from nianbao.checks.places import (
    ACTIVE_DISCLOSURE_COLUMNS,
    ACTIVE_DISCLOSURE_ROWS,
    APPLICANT_COLUMNS,
    APPLICATION_ROWS,
    REVIEW_BLOCKS,
    REVIEW_OUTCOMES,
)
from nianbao.export.formats import plain
from nianbao.model import ACTIVE_DISCLOSURE_ROWS as LAYOUT_ITEMS
from nianbao.model import APPLICANT_COLUMNS as APPLICANT_KEYS
from nianbao.model import REVIEW_BLOCKS as BLOCK_KEYS
from nianbao.model import REVIEW_OUTCOMES as OUTCOME_KEYS
from nianbao.model import application_rows, layout_for_year

JURISDICTION_FILTER = ("(CAST(:jurisdiction AS VARCHAR(200)) IS NULL"
                       " OR a.parent_jurisdiction = CAST(:jurisdiction AS VARCHAR(200)))")

REPORTS_SQL = f"""
SELECT r.id AS report_id, a.parent_jurisdiction, a.name AS agency, a.code, r.year, r.version, r.layout,
       r.published_on
FROM report r JOIN agency a ON a.id = r.agency_id
WHERE r.is_current AND r.year = :year AND {JURISDICTION_FILTER}
ORDER BY a.parent_jurisdiction, a.name
"""
REPORT_COLUMNS = ("parent_jurisdiction", "agency", "code", "year", "version", "layout", "published_on")

FINDINGS_SQL = f"""
SELECT a.parent_jurisdiction, a.name AS agency, f.year, f.rule_id, f.severity, f.location, f.message,
       f.first_seen
FROM finding f JOIN agency a ON a.id = f.agency_id
WHERE f.status = 'open' AND f.year = :year AND {JURISDICTION_FILTER}
ORDER BY a.parent_jurisdiction, a.name, f.rule_id, f.id
"""

COMPLIANCE_SQL = f"""
SELECT a.parent_jurisdiction, a.agency, a.code, a.year, a.deadline, a.published_on, a.published, a.on_time,
       a.status, a.open_errors, a.open_warnings
FROM v_compliance a
WHERE a.year = :year AND {JURISDICTION_FILTER}
ORDER BY a.parent_jurisdiction, a.agency
"""
PUBLICATION = {(0, None): "missing", (1, 1): "on_time", (1, 0): "late", (1, None): "date_unknown"}
DATE_COLUMNS = {"published_on": date.fromisoformat, "deadline": date.fromisoformat,
                "first_seen": datetime.fromisoformat}


@dataclass
class Sheet:
    """One sheet: ``columns`` are stable identifiers (CSV), ``headers`` their Chinese labels; ``groups``
    (label, first column index, last column index) is a header row above, as in the printed table."""

    name: str
    columns: list[str]
    headers: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    groups: list[tuple[str, int, int]] = field(default_factory=list)


def _value(column: str, value: Any) -> Any:
    """A plain number, or a date (SQLite returns dates of raw SQL as text)."""
    if isinstance(value, str) and column in DATE_COLUMNS:
        return DATE_COLUMNS[column](value)
    return plain(value)


def _fetch(engine: Engine, sql: str, **params: Any) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [{k: _value(k, v) for k, v in row.items()} for row in connection.execute(text(sql), params).mappings()]


def _wide(name: str, reports: list[dict], cells: dict[int, dict[tuple[str, str], Any]],
          items: list[tuple[str, str, list[tuple[str, str]]]]) -> Sheet:
    """A printed table: the report columns, then per item (key, label, [(column key, label)]) its cells."""
    columns, headers = list(REPORT_COLUMNS), [column_title(c) for c in REPORT_COLUMNS]
    groups = []
    for item, label, item_columns in items:
        groups.append((label, len(columns), len(columns) + len(item_columns) - 1))
        columns += [f"{item}.{column}" for column, _ in item_columns]
        headers += [column_label for _, column_label in item_columns]
    sheet = Sheet(name, columns, headers, groups=groups)
    for report in reports:
        values = cells.get(report["report_id"], {})
        sheet.rows.append([report[c] for c in REPORT_COLUMNS]
                          + [values.get((item, column)) for item, _, item_columns in items for column, _ in item_columns])
    return sheet


def _ordered(keys: set[str] | list[str], order: list[str]) -> list[str]:
    return sorted(keys, key=lambda k: order.index(k) if k in order else len(order))


def applications_sheet(engine: Engine, year: int, reports: list[dict]) -> Sheet:
    """Table 三: each printed row's seven applicant columns."""
    cells: dict[int, dict[tuple[str, str], Any]] = {}
    present: set[str] = set(application_rows(layout_for_year(year)))
    listed = {report["report_id"] for report in reports}
    for row in _fetch(engine, "SELECT * FROM v_application_matrix WHERE is_current AND year = :year", year=year):
        if row["report_id"] not in listed:
            continue
        if row["cells"]:
            present.add(row["row_key"])
        cells.setdefault(row["report_id"], {}).update({(row["row_key"], c): row[c] for c in APPLICANT_KEYS})
    items = [(key, APPLICATION_ROWS[key], [(c, APPLICANT_COLUMNS[c]) for c in APPLICANT_KEYS])
             for key in _ordered(present, list(APPLICATION_ROWS))]
    return _wide("表三", reports, cells, items)


def active_disclosure_sheet(engine: Engine, year: int, reports: list[dict]) -> Sheet:
    """Table 二: the items of the year's layout with their columns, and any other item a report printed."""
    layout = layout_for_year(year)
    wanted = {item: list(columns) for item, columns in LAYOUT_ITEMS[layout].items()}
    cells: dict[int, dict[tuple[str, str], Any]] = {}
    listed = {report["report_id"] for report in reports}
    for view, view_layout in (("v_article20_f2021", "F2021"), ("v_article20_f2019", "F2019")):
        rows = _fetch(engine, f"SELECT * FROM {view} WHERE is_current AND year = :year", year=year)
        for row in (r for r in rows if r["report_id"] in listed):
            for column in LAYOUT_ITEMS[view_layout].get(row["row_key"], ()):
                cells.setdefault(row["report_id"], {})[(row["row_key"], column)] = row[column]
                if row[column] is not None and column not in wanted.setdefault(row["row_key"], []):
                    wanted[row["row_key"]].append(column)
    items = [(item, ACTIVE_DISCLOSURE_ROWS[item], [(c, ACTIVE_DISCLOSURE_COLUMNS[c]) for c in wanted[item]])
             for item in _ordered(set(wanted), list(ACTIVE_DISCLOSURE_ROWS))]
    return _wide("表二", reports, cells, items)


def review_litigation_sheet(engine: Engine, year: int, reports: list[dict]) -> Sheet:
    """Table 四: review, suits without review and suits after review, five outcomes each."""
    cells = {row["report_id"]: {(b, o): row[f"{b}_{o}"] for b in BLOCK_KEYS for o in OUTCOME_KEYS}
             for row in _fetch(engine, "SELECT * FROM v_review_litigation WHERE is_current AND year = :year",
                               year=year)}
    items = [(b, REVIEW_BLOCKS[b], [(o, REVIEW_OUTCOMES[o]) for o in OUTCOME_KEYS]) for b in BLOCK_KEYS]
    return _wide("表四", reports, cells, items)


def findings_sheet(engine: Engine, year: int, jurisdiction: str | None) -> Sheet:
    """The open findings of the year, with each rule's title and the severity in words."""
    columns = ["parent_jurisdiction", "agency", "year", "rule_id", "rule_title", "severity", "location",
               "message", "first_seen"]
    sheet = Sheet("问题清单", columns, [column_title(c) for c in columns])
    for row in _fetch(engine, FINDINGS_SQL, year=year, jurisdiction=jurisdiction):
        rule = RULES_BY_ID.get(row["rule_id"])
        row["rule_title"] = rule.title if rule else None
        sheet.rows.append([row[c] for c in columns])
    return sheet


def compliance_sheet(engine: Engine, year: int, jurisdiction: str | None) -> Sheet:
    """Every registered agency: published on time, late, or missing, with its status and open findings."""
    columns = ["parent_jurisdiction", "agency", "code", "year", "deadline", "published_on", "publication",
               "status", "open_errors", "open_warnings"]
    sheet = Sheet("发布情况", columns, [column_title(c) for c in columns])
    for row in _fetch(engine, COMPLIANCE_SQL, year=year, jurisdiction=jurisdiction):
        row["publication"] = PUBLICATION[(row["published"], row["on_time"])]
        sheet.rows.append([row[c] for c in columns])
    return sheet


def year_sheets(engine: Engine, year: int, jurisdiction: str | None = None) -> list[Sheet]:
    """The year's sheets in the order of the report: 表二, 表三, 表四, then findings and compliance."""
    reports = _fetch(engine, REPORTS_SQL, year=year, jurisdiction=jurisdiction)
    return [active_disclosure_sheet(engine, year, reports), applications_sheet(engine, year, reports),
            review_litigation_sheet(engine, year, reports), findings_sheet(engine, year, jurisdiction),
            compliance_sheet(engine, year, jurisdiction)]
