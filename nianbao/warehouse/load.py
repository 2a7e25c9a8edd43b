"""Loading parsed reports into the warehouse: idempotent by content, versioned by agency and year.

:func:`load_report` writes one :class:`AnnualReport` inside the caller's transaction. :func:`load_file`
parses one file and loads it in its own transaction, so a document is loaded whole or not at all; a
document that cannot be parsed or placed is recorded as failed with its reason. The same bytes loaded
again change nothing; other bytes for an agency and year already loaded become the next version, and
the earlier version stays, no longer current.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.orm import Session

from nianbao.model import SECTION_KEYS, AnnualReport
from nianbao.warehouse.db import transaction
from nianbao.warehouse.documents import agency_for_code, agency_for_name, utcnow
from nianbao.warehouse.schema import (
    ActiveDisclosureCell,
    Agency,
    ApplicationCell,
    NarrativeClaim,
    Report,
    ReportSection,
    ReviewLitigationCell,
    RowShape,
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


def _agency(session: Session, report: AnnualReport, document: SourceDocument, code: str | None) -> Agency:
    if code:
        agency = agency_for_code(session, code)
        if agency is None:
            raise LoadError(f"机关代码 {code} 不在机关名录中")
        return agency
    if document.agency_id is not None:
        return session.get(Agency, document.agency_id)
    if report.agency:
        return agency_for_name(session, report.agency)
    raise LoadError("未能从报告中识别出机关名称")


def _cells(report_id: int, table: dict[str, dict]) -> list[dict]:
    return [
        {"report_id": report_id, "row_key": row, "col_key": col, "value": value, "blank": value is None}
        for row, cols in table.items()
        for col, value in cols.items()
    ]


def _write_contents(session: Session, report_id: int, report: AnnualReport) -> None:
    """Sections, the three tables, row shapes and prose claims of a new report row."""
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
    tables = report.tables
    review = [
        {"report_id": report_id, "col_key": key, "value": value, "blank": value is None}
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
    claims = [
        {"report_id": report_id, "metric": c.metric, "value": c.value, "claim_text": c.text}
        for c in report.narrative_claims
    ]
    for model, rows in (
        (ReportSection, sections),
        (ApplicationCell, _cells(report_id, tables.applications)),
        (ActiveDisclosureCell, _cells(report_id, tables.active_disclosure)),
        (ReviewLitigationCell, review),
        (RowShape, shapes),
        (NarrativeClaim, claims),
    ):
        if rows:
            session.execute(insert(model), rows)


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
    source = report.source
    document = _document(session, source.sha256)
    if document is not None:
        existing = _loaded_report(session, document)
        if existing is not None:
            return LoadResult("unchanged", source.path, document.id, existing.id, existing.agency.name,
                              existing.year, existing.version)
    else:
        document = SourceDocument(sha256=source.sha256, status="fetched")
        session.add(document)
    document.path = document.path or source.path
    document.url = url or source.url or document.url
    document.format = source.format
    agency = _agency(session, report, document, agency_code)
    year = report.year if report.year is not None else document.year
    if year is None:
        raise LoadError("未能从报告中识别出报告年度")
    now = utcnow()
    published_on, published_on_source = report.published_on, report.published_on_source
    if published_on is None and document.page_published_on is not None:
        published_on, published_on_source = document.page_published_on, "web_page"
    document.agency_id, document.year = agency.id, year
    document.status, document.reason, document.parsed_at = "loaded", None, now
    session.flush()

    latest = session.scalar(
        select(func.max(Report.version)).where(Report.agency_id == agency.id, Report.year == year)
    )
    if latest is not None:
        session.execute(
            update(Report)
            .where(Report.agency_id == agency.id, Report.year == year, Report.is_current)
            .values(is_current=False)
        )
    version = (latest or 0) + 1
    period = report.statistics_period
    report_id = session.scalar(
        insert(Report).returning(Report.id),
        {
            "agency_id": agency.id,
            "year": year,
            "version": version,
            "is_current": True,
            "layout": report.layout,
            "published_on": published_on,
            "published_on_source": published_on_source,
            "source_document_id": document.id,
            "period_start": period.start if period else None,
            "period_end": period.end if period else None,
            "period_text": period.text if period else None,
            "layout_signals": report.layout_signals,
            "canonical_json": report.to_json(),
            "loaded_at": now,
        },
    )
    _write_contents(session, report_id, report)
    return LoadResult("loaded", source.path, document.id, report_id, agency.name, year, version)


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
            return LoadResult("unchanged", str(path), document.id, existing.id, existing.agency.name,
                              existing.year, existing.version)
    try:
        report = parse_bytes(data, path=str(path))
        with transaction(engine) as session:
            return load_report(session, report, agency_code=agency_code, url=url)
    except (ParseError, LoadError) as error:
        reason = str(error)
    with transaction(engine) as session:
        document_id = record_failure(session, path=str(path), sha256=sha256, reason=reason, url=url)
    return LoadResult("failed", str(path), document_id, reason=reason)


def load_reports(session: Session, reports: Iterable[AnnualReport]) -> list[LoadResult]:
    """Load many parsed reports in the caller's single transaction (bulk loads of trusted input)."""
    return [load_report(session, report) for report in reports]
