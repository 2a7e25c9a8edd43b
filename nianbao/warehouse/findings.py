"""Findings tracked across check runs: first seen, last seen, open until a later run no longer finds them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from nianbao.warehouse.documents import utcnow
from nianbao.warehouse.schema import Finding


@dataclass(frozen=True)
class FindingRecord:
    """One finding of one rule; ``location`` names where (a row, column or section), '' for the report."""

    rule_id: str
    severity: str
    message: str
    location: str = ""
    expected: str | None = None
    actual: str | None = None


def record_findings(
    session: Session,
    *,
    agency_id: int,
    year: int,
    report_id: int | None,
    findings: Iterable[FindingRecord],
    rules_checked: Iterable[str] | None = None,
) -> tuple[int, int]:
    """Record one check run's findings for an agency-year; returns (open, newly resolved).

    Findings seen again keep their ``first_seen``; open findings of the checked rules (default: all)
    that this run did not produce are resolved.
    """
    now = utcnow()
    existing = {
        (f.rule_id, f.location): f
        for f in session.scalars(select(Finding).where(Finding.agency_id == agency_id, Finding.year == year))
    }
    seen = set()
    for record in findings:
        key = (record.rule_id, record.location)
        seen.add(key)
        finding = existing.get(key)
        if finding is None:
            finding = Finding(agency_id=agency_id, year=year, rule_id=record.rule_id,
                              location=record.location, first_seen=now)
            session.add(finding)
        finding.severity, finding.message = record.severity, record.message
        finding.expected, finding.actual, finding.report_id = record.expected, record.actual, report_id
        finding.last_seen, finding.status, finding.resolved_on = now, "open", None
    checked = set(rules_checked) if rules_checked is not None else None
    resolved = 0
    for key, finding in existing.items():
        in_scope = checked is None or finding.rule_id in checked
        if key in seen or finding.status != "open" or not in_scope:
            continue
        finding.status, finding.resolved_on = "resolved", now
        resolved += 1
    session.flush()
    return len(seen), resolved
