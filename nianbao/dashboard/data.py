"""What the dashboard reads from the warehouse: compliance per agency-year (view ``v_compliance``), open
findings, the crawler's site problems, each agency's applications and outcomes by year, the reports with
cells OCR read with doubt, and the printed cells of the reports that get a page. Read-only; every query is
plain SQL that SQLite and PostgreSQL run."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Engine, bindparam, literal_column, select, text

from nianbao.warehouse.readings import UncertainCells, uncertain_cells
from nianbao.warehouse.schema import (
    ActiveDisclosureCell,
    Agency,
    ApplicationCell,
    Finding,
    Report,
    ReportSection,
    ReviewLitigationCell,
    SiteProblem,
    SourceDocument,
)

# report ids per IN list: well under SQLite's and psycopg's parameter limits
CHUNK = 900


@dataclass(frozen=True)
class Compliance:
    """One agency-year of ``v_compliance``."""

    agency_id: int
    agency: str
    jurisdiction: str
    year: int
    deadline: str
    report_id: int | None
    published_on: date | None
    on_time: int | None
    open_errors: int
    open_warnings: int


@dataclass(frozen=True)
class OpenFinding:
    id: int
    agency_id: int
    year: int
    report_id: int | None
    rule_id: str
    severity: str
    location: str
    expected: str | None
    actual: str | None
    message: str
    first_seen: datetime


@dataclass(frozen=True)
class Problem:
    """A site problem with the agency's name and jurisdiction."""

    agency: str
    jurisdiction: str
    kind: str
    entry: str
    message: str
    first_seen: datetime
    last_seen: datetime
    status: str


@dataclass
class ReportDetail:
    """What a report page shows besides its findings: where it came from, its sections and its cells."""

    id: int
    layout: str | None
    published_on: date | None
    url: str | None
    headings: list[tuple[str, bool, str | None]] = field(default_factory=list)  # key, present, heading
    # (table key, row key, column key) → (value, printed blank); table 四's row key is ''
    cells: dict[tuple[str, str, str], tuple[float | None, bool]] = field(default_factory=dict)


# table 三 outcome groups for the history chart: name → SQL condition on row_key
OUTCOME_GROUPS = {
    "granted": "row_key = 'granted'",
    "partial": "row_key = 'partial'",
    "denied": "row_key LIKE 'denied%'",
    "unavailable": "row_key LIKE 'unavailable%'",
    "rejected": "row_key LIKE 'rejected%'",
    "other": "row_key LIKE 'other%'",
}
HISTORY_SQL = (
    "SELECT r.agency_id, r.year, SUM(CASE WHEN row_key = 'new' THEN ar.total END) AS new, "
    + ", ".join(f"SUM(CASE WHEN {condition} THEN ar.total END) AS {name}" for name, condition in OUTCOME_GROUPS.items())
    + " FROM report r JOIN application_row ar ON ar.report_id = r.id WHERE r.is_current"
    " GROUP BY r.agency_id, r.year"
)
COMPLIANCE_SQL = (
    "SELECT agency_id, agency, parent_jurisdiction, year, deadline, report_id, published_on, on_time, "
    "open_errors, open_warnings FROM v_compliance"
)


def _date(value: object) -> date | None:
    """SQLite returns the view's dates as text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def compliance(engine: Engine, unassigned: str) -> list[Compliance]:
    """Every agency × every report year; agencies without a jurisdiction under ``unassigned``."""
    with engine.connect() as connection:
        rows = connection.execute(text(COMPLIANCE_SQL)).all()
    return [Compliance(a, name, j or unassigned, int(y), str(d), r, _date(p), None if t is None else int(t),
                       int(e), int(w))
            for a, name, j, y, d, r, p, t, e, w in rows]


def open_findings(engine: Engine) -> list[OpenFinding]:
    query = (select(Finding.id, Finding.agency_id, Finding.year, Finding.report_id, Finding.rule_id,
                    Finding.severity, Finding.location, Finding.expected, Finding.actual, Finding.message,
                    Finding.first_seen)
             .where(Finding.status == "open").order_by(Finding.agency_id, Finding.year, Finding.id))
    with engine.connect() as connection:
        return [OpenFinding(*row) for row in connection.execute(query)]


def site_problems(engine: Engine, unassigned: str) -> list[Problem]:
    """Open problems first, then the most recently seen."""
    query = (select(Agency.name, Agency.parent_jurisdiction, SiteProblem.kind, SiteProblem.entry,
                    SiteProblem.message, SiteProblem.first_seen, SiteProblem.last_seen, SiteProblem.status)
             .join(Agency, Agency.id == SiteProblem.agency_id)
             .order_by(SiteProblem.status, SiteProblem.last_seen.desc(), Agency.name))
    with engine.connect() as connection:
        return [Problem(name, j or unassigned, *rest) for name, j, *rest in connection.execute(query)]


def history(engine: Engine) -> dict[int, dict[int, dict[str, float]]]:
    """agency id → year → {'new': …, outcome group: …} from the current reports' table 三 totals."""
    result: dict[int, dict[int, dict[str, float]]] = defaultdict(dict)
    with engine.connect() as connection:
        for row in connection.execute(text(HISTORY_SQL)).mappings():
            result[row["agency_id"]][int(row["year"])] = {
                key: float(row[key] or 0) for key in ("new", *OUTCOME_GROUPS)}
    return result


def uncertain(engine: Engine) -> dict[int, UncertainCells]:
    """Report id → its uncertain cells (count and pages), for the reports read by OCR with doubt."""
    with engine.connect() as connection:
        return uncertain_cells(connection)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def report_details(engine: Engine, report_ids: Iterable[int]) -> dict[int, ReportDetail]:
    """The reports' source, section headings and printed cells, read a chunk of reports at a time."""
    ids = sorted(set(report_ids))
    details: dict[int, ReportDetail] = {}
    reports = (select(Report.id, Report.layout, Report.published_on, SourceDocument.url)
               .join(SourceDocument, SourceDocument.id == Report.source_document_id)
               .where(Report.id.in_(bindparam("ids", expanding=True))))
    sections = (select(ReportSection.report_id, ReportSection.section_key, ReportSection.present,
                       ReportSection.heading)
                .where(ReportSection.report_id.in_(bindparam("ids", expanding=True)))
                .order_by(ReportSection.report_id, ReportSection.position))
    cells = {key: select(table.report_id, row, table.col_key, table.value, table.blank)
             .where(table.report_id.in_(bindparam("ids", expanding=True)))
             for key, table, row in (("applications", ApplicationCell, ApplicationCell.row_key),
                                     ("active_disclosure", ActiveDisclosureCell, ActiveDisclosureCell.row_key),
                                     ("review_litigation", ReviewLitigationCell, literal_column("''")))}
    with engine.connect() as connection:
        for chunk in _chunks(ids):
            for report_id, layout, published_on, url in connection.execute(reports, {"ids": chunk}):
                details[report_id] = ReportDetail(report_id, layout, published_on, url)
            for report_id, key, present, heading in connection.execute(sections, {"ids": chunk}):
                details[report_id].headings.append((key, bool(present), heading))
            for table, query in cells.items():
                for report_id, row, col, value, blank in connection.execute(query, {"ids": chunk}):
                    details[report_id].cells[(table, row, col)] = (value, bool(blank))
    return details
