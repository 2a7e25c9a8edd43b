"""Loading parsed reports into the warehouse: idempotent by content, versioned by agency and year.

:func:`load_report` writes one :class:`AnnualReport` inside the caller's transaction; :func:`load_reports`
writes many in a few statements. :func:`load_file` parses one file and loads it in its own transaction,
so a document is loaded whole or not at all; a document that cannot be parsed or placed is recorded as
failed with its reason. The same bytes loaded again change nothing; other bytes for an agency and year
already loaded become the next version, and the earlier version stays, no longer current.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from nianbao.checks.similarity import narrative, signature, signature_rows
from nianbao.model import APPLICANT_COLUMNS, REVIEW_ROW, SECTION_KEYS, AnnualReport, CellReading
from nianbao.warehouse.bulk import PendingRows, insert_returning_ids
from nianbao.warehouse.db import transaction
from nianbao.warehouse.documents import agency_for_code, agency_for_name, utcnow
from nianbao.warehouse.schema import (
    ActiveDisclosureCell,
    Agency,
    ApplicationCell,
    ApplicationRow,
    NarrativeBand,
    NarrativeClaim,
    Report,
    ReportSection,
    ReviewLitigationCell,
    RowShape,
    RowShapeValue,
    SourceDocument,
)

Outcome = Literal["loaded", "unchanged", "failed"]


class LoadError(Exception):
    """A parsed report cannot be placed in the warehouse; the message is a one-line Chinese reason."""


@dataclass(frozen=True)
class LoadResult:
    """What happened to one document."""

    outcome: Outcome
    path: str
    document_id: int | None = None
    report_id: int | None = None
    agency: str | None = None
    year: int | None = None
    version: int | None = None
    reason: str | None = None


def _document(session: Session, sha256: str) -> SourceDocument | None:
    return session.scalar(select(SourceDocument).where(SourceDocument.sha256 == sha256))


def _loaded_report(session: Session, document: SourceDocument) -> Report | None:
    return session.scalar(select(Report).where(Report.source_document_id == document.id))


def _reading(reading: CellReading | None) -> dict:
    """The OCR columns of a cell (NULL, NULL, false for a cell read from text)."""
    if reading is None:
        return {"confidence": None, "page": None, "uncertain": False}
    return {"confidence": reading.confidence, "page": reading.page, "uncertain": reading.uncertain}


def _cells(report_id: int, table: dict[str, dict], readings: dict[str, dict[str, CellReading]]) -> list[dict]:
    return [
        {"report_id": report_id, "row_key": row, "col_key": col, "value": value, "blank": value is None}
        | _reading(readings.get(row, {}).get(col))
        for row, cols in table.items()
        for col, value in cols.items()
    ]


def _printed_rows(report_id: int, table: dict[str, dict]) -> list[dict]:
    return [
        {"report_id": report_id, "row_key": row, **{col: cols.get(col) for col in APPLICANT_COLUMNS}}
        for row, cols in table.items()
    ]


def shape_value_rows(report_id: int, table_key: str, row_key: str, values: list | None) -> list[dict]:
    """The ``row_shape_value`` rows of one table row's values as found (migrations use it too)."""
    return [
        {"report_id": report_id, "table_key": table_key, "row_key": row_key, "position": i + 1,
         "value": value, "blank": value is None}
        for i, value in enumerate(values or [])
    ]


def _collect_contents(pending: PendingRows, report_id: int, report: AnnualReport, agency: str) -> None:
    """Queue the sections, the three tables, row shapes (with the values of rows of the wrong count),
    prose claims and the narrative's similarity signature of a new report row."""
    sections = [
        {
            "report_id": report_id,
            "section_key": key,
            "present": bool(report.sections.get(key, False)),
            "heading": detail.heading if detail else None,
            "body": detail.text if detail else None,
            "position": detail.position if detail else None,
        }
        for key in SECTION_KEYS
        for detail in [report.section_details.get(key)]
    ]
    tables, readings = report.tables, report.readings
    review_readings = readings.get("review_litigation", {}).get(REVIEW_ROW, {})
    review = [
        {"report_id": report_id, "col_key": key, "value": value, "blank": value is None}
        | _reading(review_readings.get(key))
        for key, value in tables.review_litigation.items()
    ]
    shapes = [
        {
            "report_id": report_id,
            "table_key": table_key,
            "row_key": row_key,
            "found": shape.found,
            "expected": shape.expected,
            "label": shape.label,
            "found_values": shape.values,
        }
        for table_key, rows in report.shape.items()
        for row_key, shape in rows.items()
    ]
    shape_values = [
        row
        for table_key, rows in report.shape.items()
        for row_key, shape in rows.items()
        if shape.found != shape.expected  # a row of the right count has its values as cells
        for row in shape_value_rows(report_id, table_key, row_key, shape.values)
    ]
    texts = {key: detail.text for key, detail in report.section_details.items()}
    bands = signature_rows(report_id, signature(narrative(texts, agency=agency)))
    claims = [
        {"report_id": report_id, "metric": c.metric, "value": c.value, "claim_text": c.text}
        for c in report.narrative_claims
    ]
    for model, rows in (
        (ReportSection, sections),
        (ApplicationCell, _cells(report_id, tables.applications, readings.get("applications", {}))),
        (ApplicationRow, _printed_rows(report_id, tables.applications)),
        (ActiveDisclosureCell, _cells(report_id, tables.active_disclosure, readings.get("active_disclosure", {}))),
        (ReviewLitigationCell, review),
        (RowShape, shapes),
        (RowShapeValue, shape_values),
        (NarrativeClaim, claims),
        (NarrativeBand, bands),
    ):
        pending.add(model.__table__, rows)


def load_report(
    session: Session,
    report: AnnualReport,
    *,
    agency_code: str | None = None,
    url: str | None = None,
) -> LoadResult:
    """Load one parsed report in the caller's transaction; raises :class:`LoadError` if it cannot be placed.

    ``agency_code`` (from the crawler, which knows whose site it read) overrides the name in the report.
    """
    batch = _Batch(session, [report])
    batch.plan(report, agency_code=agency_code, url=url)
    return batch.write()[0]


def load_reports(session: Session, reports: Iterable[AnnualReport]) -> list[LoadResult]:
    """Load many parsed reports in the caller's single transaction, in a few statements per table."""
    reports = list(reports)
    batch = _Batch(session, reports)
    for report in reports:
        batch.plan(report)
    return batch.write()


@dataclass
class _Planned:
    """A report to be written: its document (new, or the id of one the crawler recorded) and report row."""

    report: AnnualReport
    agency_name: str
    document: dict
    document_id: int | None
    row: dict
    results: list[int] = field(default_factory=list)  # positions in the batch's results


class _Batch:
    """A batch of reports to load: what the warehouse already holds for them, fetched in a few queries
    up front, and the rows planned for them, written together by :meth:`write`."""

    def __init__(self, session: Session, reports: list[AnnualReport]) -> None:
        self.session = session
        shas = [r.source.sha256 for r in reports]
        names = sorted({r.agency for r in reports if r.agency})
        known = (
            select(
                SourceDocument.sha256,
                SourceDocument.id,
                SourceDocument.agency_id,
                SourceDocument.year,
                SourceDocument.page_published_on,
                Report.id.label("report_id"),
                Report.version,
                Report.year.label("report_year"),
                Agency.name.label("agency_name"),
            )
            .outerjoin(Report, Report.source_document_id == SourceDocument.id)
            .outerjoin(Agency, Agency.id == Report.agency_id)
        )
        self.documents = {row.sha256: row for row in self._rows(known, SourceDocument.sha256, shas)}
        self.agencies = {
            row.name: row.id for row in self._rows(select(Agency.name, Agency.id), Agency.name, names)
        }
        ids = sorted(
            set(self.agencies.values()) | {d.agency_id for d in self.documents.values() if d.agency_id}
        )
        latest = select(Report.agency_id, Report.year, func.max(Report.version).label("version")).group_by(
            Report.agency_id, Report.year
        )
        self.latest = {(r.agency_id, r.year): r.version for r in self._rows(latest, Report.agency_id, ids)}
        self.planned: dict[str, _Planned] = {}  # by sha256
        self.current: dict[tuple[int, int], _Planned] = {}
        self.results: list[LoadResult | str] = []  # a result, or the sha256 of a planned report

    def _rows(self, query, column, keys: list) -> list:
        rows = []
        for start in range(0, len(keys), 500):
            rows += self.session.execute(query.where(column.in_(keys[start : start + 500]))).all()
        return rows

    def _agency(
        self, report: AnnualReport, document_agency_id: int | None, code: str | None
    ) -> tuple[int, str]:
        if code:
            agency = agency_for_code(self.session, code)
            if agency is None:
                raise LoadError(f"机关代码 {code} 不在机关名录中")
            return agency.id, agency.name
        if document_agency_id is not None:
            return document_agency_id, self.session.get(Agency, document_agency_id).name
        if not report.agency:
            raise LoadError("未能从报告中识别出机关名称")
        if report.agency not in self.agencies:
            self.agencies[report.agency] = agency_for_name(self.session, report.agency).id
        return self.agencies[report.agency], report.agency

    def plan(self, report: AnnualReport, *, agency_code: str | None = None, url: str | None = None) -> None:
        """Decide what ``report`` becomes: unchanged, or a new version of its agency-year."""
        source = report.source
        known = self.documents.get(source.sha256)
        if known is not None and known.report_id is not None:
            self.results.append(
                LoadResult(
                    "unchanged",
                    source.path,
                    known.id,
                    known.report_id,
                    known.agency_name,
                    known.report_year,
                    known.version,
                )
            )
            return
        if source.sha256 in self.planned:
            self.results.append(source.sha256)
            return
        agency_id, agency_name = self._agency(report, known.agency_id if known else None, agency_code)
        year = report.year if report.year is not None else (known.year if known else None)
        if year is None:
            raise LoadError("未能从报告中识别出报告年度")
        key = (agency_id, year)
        latest = self.latest.get(key)
        if latest is not None and key not in self.current:
            self.session.execute(
                update(Report)
                .where(Report.agency_id == agency_id, Report.year == year, Report.is_current)
                .values(is_current=False)
            )
        if key in self.current:
            self.current[key].row["is_current"] = False
        self.latest[key] = version = (latest or 0) + 1
        now = utcnow()
        published_on, published_on_source = report.published_on, report.published_on_source
        if published_on is None and known is not None and known.page_published_on is not None:
            published_on, published_on_source = known.page_published_on, "web_page"
        period = report.statistics_period
        planned = _Planned(
            report=report,
            agency_name=agency_name,
            document={
                "sha256": source.sha256,
                "path": source.path,
                "url": url or source.url,
                "format": source.format,
                "agency_id": agency_id,
                "year": year,
                "status": "loaded",
                "reason": None,
                "parsed_at": now,
            },
            document_id=known.id if known is not None else None,
            row={
                "agency_id": agency_id,
                "year": year,
                "version": version,
                "is_current": True,
                "layout": report.layout,
                "published_on": published_on,
                "published_on_source": published_on_source,
                "period_start": period.start if period else None,
                "period_end": period.end if period else None,
                "period_text": period.text if period else None,
                "layout_signals": report.layout_signals,
                "canonical_json": report.to_json(),
                "loaded_at": now,
            },
        )
        self.planned[source.sha256] = self.current[key] = planned
        self.results.append(source.sha256)

    def write(self) -> list[LoadResult]:
        """Write the planned documents, reports and contents; returns one result per planned report."""
        plans = list(self.planned.values())
        for plan in plans:
            if plan.document_id is not None:
                values = {k: v for k, v in plan.document.items() if v is not None or k == "reason"}
                values.pop("path", None)
                self.session.execute(
                    update(SourceDocument)
                    .where(SourceDocument.id == plan.document_id)
                    .values(path=func.coalesce(SourceDocument.path, plan.document["path"]), **values)
                )
        new = [plan for plan in plans if plan.document_id is None]
        for plan, document_id in zip(
            new,
            insert_returning_ids(self.session, SourceDocument.__table__, [p.document for p in new]),
            strict=True,
        ):
            plan.document_id = document_id
        for plan in plans:
            plan.row["source_document_id"] = plan.document_id
        report_ids = insert_returning_ids(self.session, Report.__table__, [p.row for p in plans])
        pending = PendingRows()
        done: dict[str, LoadResult] = {}
        for plan, report_id in zip(plans, report_ids, strict=True):
            _collect_contents(pending, report_id, plan.report, plan.agency_name)
            done[plan.document["sha256"]] = LoadResult(
                "loaded",
                plan.report.source.path,
                plan.document_id,
                report_id,
                plan.agency_name,
                plan.row["year"],
                plan.row["version"],
            )
        pending.write(self.session)
        return [done[r] if isinstance(r, str) else r for r in self.results]


def record_failure(session: Session, *, path: str, sha256: str, reason: str, url: str | None = None) -> int:
    """Record that the document with these bytes could not be loaded, and why; returns its id."""
    document = _document(session, sha256)
    if document is None:
        document = SourceDocument(sha256=sha256, path=path, url=url, status="failed")
        session.add(document)
    if document.status != "failed" or document.reason != reason:
        document.status, document.reason, document.parsed_at = "failed", reason, utcnow()
    session.flush()
    return document.id


def load_file(
    engine: Engine, path: Path, *, agency_code: str | None = None, url: str | None = None
) -> LoadResult:
    """Parse one file and load it in its own transaction; a failure is recorded, never half-loaded."""
    from nianbao.parsing import parse_bytes  # imported here: the PDF stack is only needed to parse
    from parsers.document import ParseError

    try:
        data = path.read_bytes()
    except OSError as error:
        return LoadResult("failed", str(path), reason=f"无法读取文件：{error.strerror or error}")
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction(engine) as session:
        document = _document(session, sha256)
        existing = _loaded_report(session, document) if document is not None else None
        if existing is not None:
            return LoadResult(
                "unchanged",
                str(path),
                document.id,
                existing.id,
                existing.agency.name,
                existing.year,
                existing.version,
            )
    try:
        report = parse_bytes(data, path=str(path), url=url)
        with transaction(engine) as session:
            return load_report(session, report, agency_code=agency_code, url=url)
    except (ParseError, LoadError) as error:
        reason = str(error)
    with transaction(engine) as session:
        document_id = record_failure(session, path=str(path), sha256=sha256, reason=reason, url=url)
    return LoadResult("failed", str(path), document_id, reason=reason)
