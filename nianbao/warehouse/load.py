"""Loading parsed reports into the warehouse: idempotent by content, versioned by agency and year.

:func:`load_report` writes one :class:`AnnualReport` inside the caller's transaction; :func:`load_reports`
writes many in a few statements; :func:`unchanged_result` tells bytes already loaded and
:func:`record_failure` records a document that could not be read or placed (the pipeline parses files:
``nianbao.pipeline.load``). The same bytes loaded again change nothing, and so do other bytes whose parsed
content is the current version's (a CMS that saves the file again on every download: the document is
recorded, the report is unchanged); other content for an agency and year already loaded becomes the next
version, and the earlier version stays, no longer current.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from nianbao.model import APPLICANT_COLUMNS, REVIEW_ROW, SECTION_KEYS, AnnualReport, CellReading
from nianbao.warehouse.bulk import PendingRows, insert_returning_ids
from nianbao.warehouse.documents import agency_for_code, agency_for_name, utcnow
from nianbao.warehouse.schema import (
    ActiveDisclosureCell,
    Agency,
    ApplicationCell,
    ApplicationRow,
    NarrativeBand,
    NarrativeClaimRecord,
    Report,
    ReportSection,
    ReviewLitigationCell,
    RowShapeRecord,
    RowShapeValue,
    SourceDocument,
    UnreadTable,
)
from nianbao.warehouse.similarity import narrative, signature, signature_rows

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
    notes: tuple[str, ...] = ()  # what operators should know of a loaded report (unregistered name, year)


def _document(session: Session, sha256: str) -> SourceDocument | None:
    return session.scalar(select(SourceDocument).where(SourceDocument.sha256 == sha256))


def _loaded_report(session: Session, document: SourceDocument) -> Report | None:
    return session.scalar(select(Report).where(Report.source_document_id == document.id))


def _reading(reading: CellReading | None) -> dict:
    """The OCR columns of a cell or claim (NULL, NULL, false for a value read from text)."""
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
    prose claims, the narrative's similarity signature and the tables not read of a new report row."""
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
        {"report_id": report_id, "metric": c.metric, "value": c.value, "claim_text": c.text} | _reading(c.reading)
        for c in report.narrative_claims
    ]
    unread = [{"report_id": report_id, "table_key": key, "reason": reason}
              for key, reason in report.unread_tables.items()]
    for model, rows in (
        (ReportSection, sections),
        (ApplicationCell, _cells(report_id, tables.applications, readings.get("applications", {}))),
        (ApplicationRow, _printed_rows(report_id, tables.applications)),
        (ActiveDisclosureCell, _cells(report_id, tables.active_disclosure, readings.get("active_disclosure", {}))),
        (ReviewLitigationCell, review),
        (RowShapeRecord, shapes),
        (RowShapeValue, shape_values),
        (NarrativeClaimRecord, claims),
        (NarrativeBand, bands),
        (UnreadTable, unread),
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
    notes: tuple[str, ...]
    document: dict
    document_id: int | None
    row: dict
    results: list[int] = field(default_factory=list)  # positions in the batch's results
    same_as: Any = None  # the current version (a row), when the content is the same: no new report


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
            row.name: (row.id, row.name, row.in_registry)
            for row in self._rows(select(Agency.name, Agency.id, Agency.in_registry), Agency.name, names)
        }
        self.has_registry = session.scalar(select(Agency.id).where(Agency.in_registry).limit(1)) is not None
        ids = sorted(
            {a[0] for a in self.agencies.values()} | {d.agency_id for d in self.documents.values() if d.agency_id}
        )
        self.latest: dict[tuple[int, int], int] = {}
        self.content: dict[tuple[int, int], Any] = {}  # the current version of each agency-year (a row)
        self.fetched: set[int] = set()
        self._fetch(ids)
        self.planned: dict[str, _Planned] = {}  # by sha256
        self.current: dict[tuple[int, int], _Planned] = {}
        self.results: list[LoadResult | str] = []  # a result, or the sha256 of a planned report

    def _fetch(self, agency_ids: list[int]) -> None:
        """The latest version numbers and the current versions of these agencies' reports."""
        latest = select(Report.agency_id, Report.year, func.max(Report.version).label("version")).group_by(
            Report.agency_id, Report.year
        )
        self.latest.update({(r.agency_id, r.year): r.version for r in self._rows(latest, Report.agency_id,
                                                                                  agency_ids)})
        current = select(Report.id, Report.agency_id, Report.year, Report.version, Report.content_sha256).where(
            Report.is_current)
        self.content.update({(r.agency_id, r.year): r for r in self._rows(current, Report.agency_id, agency_ids)})
        self.fetched.update(agency_ids)

    def _rows(self, query, column, keys: list) -> list:
        rows = []
        for start in range(0, len(keys), 500):
            rows += self.session.execute(query.where(column.in_(keys[start : start + 500]))).all()
        return rows

    def _agency(
        self, report: AnnualReport, document_agency_id: int | None, code: str | None
    ) -> tuple[int, str, str | None]:
        """The report's agency: the crawl's attribution (``code``, or the document's agency), else the
        agency the report names (by name or alias). The third item is a note for operators when the name
        matches no registry agency: the report is then loaded for an agency outside the registry."""
        if code:
            agency = agency_for_code(self.session, code)
            if agency is None:
                raise LoadError(f"机关代码 {code} 不在机关名录中")
            return agency.id, agency.name, None
        if document_agency_id is not None:
            return document_agency_id, self.session.get(Agency, document_agency_id).name, None
        if not report.agency:
            raise LoadError("未能从报告中识别出机关名称")
        if report.agency not in self.agencies:
            agency = agency_for_name(self.session, report.agency)
            self.agencies[report.agency] = (agency.id, agency.name, agency.in_registry)
        agency_id, name, registered = self.agencies[report.agency]
        if registered or not self.has_registry:
            return agency_id, name, None
        return agency_id, name, (f"未登记机构：报告署名「{report.agency}」与登记表中的机构名称和别名都不符，"
                                 "已作为登记表外的机构入库，请核对登记表")

    def plan(self, report: AnnualReport, *, agency_code: str | None = None, url: str | None = None) -> None:
        """Decide what ``report`` becomes: unchanged (the same bytes, or the current version's content in
        other bytes), or a new version of its agency-year."""
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
        agency_id, agency_name, agency_note = self._agency(report, known.agency_id if known else None, agency_code)
        crawled_year = known.year if known else None
        year = report.year if report.year is not None else crawled_year
        if year is None:
            raise LoadError("未能从报告中识别出报告年度")
        notes = tuple(note for note in (agency_note, _year_note(report.year, crawled_year)) if note)
        key = (agency_id, year)
        if agency_id not in self.fetched:  # an agency named by its code, not looked up with the batch
            self._fetch([agency_id])
        current = self.content.get(key)
        fingerprint = report.content_sha256()
        now = utcnow()
        document = {
            "sha256": source.sha256,
            "path": source.path,
            "url": url or source.url,
            "format": source.format,
            "agency_id": agency_id,
            "year": year,
            "status": "loaded",
            "reason": "；".join(notes) or None,
            "parsed_at": now,
        }
        document_id = known.id if known is not None else None
        if key not in self.current and current is not None and current.content_sha256 == fingerprint:
            # the current version's content in other bytes: the document is recorded, the report unchanged
            self.planned[source.sha256] = _Planned(report, agency_name, notes, document, document_id, {},
                                                          same_as=current)
            self.results.append(source.sha256)
            return
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
        published_on, published_on_source = report.published_on, report.published_on_source
        if published_on is None and known is not None and known.page_published_on is not None:
            published_on, published_on_source = known.page_published_on, "web_page"
        period = report.statistics_period
        planned = _Planned(
            report=report,
            agency_name=agency_name,
            notes=notes,
            document=document,
            document_id=document_id,
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
                "content_sha256": fingerprint,
                "loaded_at": now,
            },
        )
        self.planned[source.sha256] = self.current[key] = planned
        self.results.append(source.sha256)

    def write(self) -> list[LoadResult]:
        """Write the planned documents, and the reports and contents of those with new content; returns
        one result per planned report."""
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
        done: dict[str, LoadResult] = {}
        for plan in plans:
            if plan.same_as is not None:
                same = plan.same_as
                done[plan.document["sha256"]] = LoadResult("unchanged", plan.report.source.path, plan.document_id,
                                                           same.id, plan.agency_name, same.year, same.version)
        plans = [plan for plan in plans if plan.same_as is None]
        for plan in plans:
            plan.row["source_document_id"] = plan.document_id
        report_ids = insert_returning_ids(self.session, Report.__table__, [p.row for p in plans])
        pending = PendingRows()
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
                notes=plan.notes,
            )
        pending.write(self.session)
        return [done[r] if isinstance(r, str) else r for r in self.results]


def _year_note(document_year: int | None, crawled_year: int | None) -> str | None:
    """When the document's own year and the year the crawl collected it for differ: the document's wins."""
    if document_year is None or crawled_year is None or document_year == crawled_year:
        return None
    return (f"年度不一致：报告所写为 {document_year} 年度，采集时按 {crawled_year} 年度收集；"
            f"已按报告所写的 {document_year} 年度入库")


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


def unchanged_result(session: Session, sha256: str, path: str) -> LoadResult | None:
    """The result of loading again the bytes ``sha256`` when a report was loaded from them (``unchanged``);
    None when none was."""
    document = _document(session, sha256)
    existing = _loaded_report(session, document) if document is not None else None
    if existing is None:
        return None
    return LoadResult("unchanged", path, document.id, existing.id, existing.agency.name, existing.year,
                      existing.version)
