"""Findings tracked across check runs: first seen, last seen, open until a later run no longer finds them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from nianbao.warehouse.documents import utcnow
from nianbao.warehouse.schema import Agency, Finding


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


def open_findings(engine: Engine, agency_years: Iterable[tuple[int, int]]) -> list[tuple]:
    """Open findings of these agency-years, by agency name and year: (agency, year, rule, severity,
    message)."""
    wanted = {tuple(pair) for pair in agency_years}
    query = (select(Finding.agency_id, Agency.name, Finding.year, Finding.rule_id, Finding.severity,
                    Finding.message)
             .join(Agency, Agency.id == Finding.agency_id).where(Finding.status == "open")
             .order_by(Agency.name, Finding.year, Finding.id))
    with engine.connect() as connection:
        return [(name, year, rule, severity, message)
                for agency_id, name, year, rule, severity, message in connection.execute(query)
                if (agency_id, year) in wanted]
