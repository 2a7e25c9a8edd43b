"""What a jurisdiction's next digest holds: its findings that are new, still open past the grace
period, or resolved since they were reported, grouped by agency, most severe first.

A finding is *new* when it is open and the 公开办 has not been told (no notice, or the notice says it
was resolved: it came back); *overdue* when it is open, was reported, and was last mentioned at least
the grace period ago; *resolved* when it is resolved and was last reported open. ``report_missing``
findings are the agencies that have not published by their deadline. Every item carries the report it
concerns: its title, publication date, the address it was collected from, and its cells OCR read with
doubt (how many, on which pages), if it has any.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from nianbao.checks.catalogue import RULES, RULES_BY_ID, Rule
from nianbao.warehouse.readings import UncertainCells, uncertain_cells
from nianbao.warehouse.schema import Agency, Finding, FindingNotice, Report, SourceDocument

Kind = Literal["new", "overdue", "resolved"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "unverifiable": 2}
KIND_ORDER = {"new": 0, "overdue": 1, "resolved": 2}
RULE_ORDER = {rule.id: position for position, rule in enumerate(RULES)}
REPORT_TITLE = "{agency}{year}年政府信息公开工作年度报告"


@dataclass(frozen=True)
class ReportRef:
    """The report a finding concerns, as the 公开办 would look it up."""

    title: str
    published_on: date | None
    url: str | None
    uncertain: UncertainCells | None  # its cells OCR read with doubt, if any


@dataclass(frozen=True)
class Item:
    """One finding in a digest, with why it is there (``kind``) and whether it was reported before."""

    kind: Kind
    finding_id: int
    rule_id: str
    severity: str
    year: int
    message: str
    expected: str | None
    actual: str | None
    first_seen: datetime
    resolved_on: datetime | None
    report: ReportRef | None
    noticed: bool

    @property
    def rule(self) -> Rule | None:
        return RULES_BY_ID.get(self.rule_id)

    def sort_key(self) -> tuple:
        return (self.kind == "resolved", SEVERITY_ORDER.get(self.severity, 3), KIND_ORDER[self.kind],
                self.year, RULE_ORDER.get(self.rule_id, len(RULE_ORDER)), self.message)


@dataclass
class AgencySection:
    name: str
    items: list[Item] = field(default_factory=list)

    def sort_key(self) -> tuple:
        worst = min(item.sort_key()[:2] for item in self.items)
        return (*worst, -sum(item.kind != "resolved" for item in self.items), self.name)


@dataclass(frozen=True)
class Digest:
    """One jurisdiction's digest before it is rendered."""

    jurisdiction: str
    office: str
    year: int | None
    as_of: datetime
    grace: timedelta
    agencies: list[AgencySection]

    @property
    def items(self) -> list[Item]:
        return [item for agency in self.agencies for item in agency.items]

    def counts(self) -> dict[str, int]:
        """Items by kind; ``new`` and ``overdue`` count problems, open unverifiable items are apart."""
        items = self.items
        problems = [i for i in items if i.severity != "unverifiable"]
        return {
            "agencies": len(self.agencies),
            "new": sum(i.kind == "new" for i in problems),
            "overdue": sum(i.kind == "overdue" for i in problems),
            "resolved": sum(i.kind == "resolved" for i in items),
            "unverifiable": sum(i.kind != "resolved" and i.severity == "unverifiable" for i in items),
            "missing": sum(i.kind != "resolved" and i.rule_id == "report_missing" for i in items),
        }

    def content_hash(self) -> str:
        facts = [(i.finding_id, i.kind, i.severity, i.message) for i in self.items]
        text = json.dumps([self.jurisdiction, self.year, facts], ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()


def _report_refs(session: Session, report_ids: set[int]) -> dict[int, ReportRef]:
    query = (select(Report.id, Report.year, Report.published_on, Report.canonical_json, SourceDocument.url,
                    Agency.name)
             .join(SourceDocument, SourceDocument.id == Report.source_document_id)
             .join(Agency, Agency.id == Report.agency_id)
             .where(Report.id.in_(report_ids)))
    refs = {}
    doubts = uncertain_cells(session.connection(), report_ids)
    for report_id, year, published_on, canonical, url, agency in session.execute(query):
        parsed = json.loads(canonical)
        title = REPORT_TITLE.format(agency=parsed.get("agency") or agency, year=parsed.get("year") or year)
        refs[report_id] = ReportRef(title, published_on, url or (parsed.get("source") or {}).get("url"),
                                    doubts.get(report_id))
    return refs


def gather(session: Session, *, jurisdiction: str, office: str, year: int | None, now: datetime,
           grace: timedelta) -> Digest:
    """The digest due now for the agencies whose ``parent_jurisdiction`` is ``jurisdiction``."""
    notice = FindingNotice
    due_again = now - grace
    wanted = or_(
        and_(Finding.status == "open",
             or_(notice.finding_id.is_(None), notice.notified_status == "resolved", notice.notified_at <= due_again)),
        and_(Finding.status == "resolved", notice.notified_status == "open"),
    )
    query = (select(Finding, Agency.name, notice.notified_status)
             .join(Agency, Agency.id == Finding.agency_id)
             .outerjoin(notice, notice.finding_id == Finding.id)
             .where(Agency.parent_jurisdiction == jurisdiction, wanted))
    if year is not None:
        query = query.where(Finding.year == year)
    rows = session.execute(query).all()
    refs = _report_refs(session, {f.report_id for f, _, _ in rows if f.report_id is not None})
    sections: dict[str, AgencySection] = {}
    for finding, agency, notified in rows:
        if finding.status == "resolved":
            kind: Kind = "resolved"
        else:
            kind = "new" if notified in (None, "resolved") else "overdue"
        item = Item(kind, finding.id, finding.rule_id, finding.severity, finding.year, finding.message,
                    finding.expected, finding.actual, finding.first_seen, finding.resolved_on,
                    refs.get(finding.report_id) if finding.report_id is not None else None, notified is not None)
        sections.setdefault(agency, AgencySection(agency)).items.append(item)
    for section in sections.values():
        section.items.sort(key=Item.sort_key)
    agencies = sorted(sections.values(), key=AgencySection.sort_key)
    return Digest(jurisdiction, office, year, now, grace, agencies)
