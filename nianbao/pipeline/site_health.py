"""The site-health monitor: after each crawl, every registry entry is compared with its own history.

An entry whose list pages all fail is ``unreachable``; one whose list pages open but show no annual
report of any year is ``empty_list``; one showing far fewer reports than its last crawl is
``fewer_items`` (compared with its last crawl that showed no problem). Each is a *site problem* for operators (the CMS was redesigned or the column moved),
kept open across crawls and resolved when a crawl reads the entry as before. It is never the agency's
fault: while a problem is open, the agency's ``report_missing`` is unverifiable, not an error.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from crawlers.registry import Jurisdiction
from crawlers.summary import AgencySummary, CrawlSummary
from nianbao.warehouse.documents import agency_for_code, utcnow
from nianbao.warehouse.schema import CrawlObservation, SiteProblem

# "Far fewer": under half of what the entry listed last time, and at least this many fewer.
FEWER_RATIO = 0.5
FEWER_MINIMUM_DROP = 2

KIND_WORDS = {"unreachable": "栏目无法访问", "empty_list": "栏目未列出年度报告", "fewer_items": "栏目所列报告明显减少"}


@dataclass(frozen=True)
class SiteHealth:
    """The outcome for one registry entry: ``kind`` None when the entry read as before."""

    agency_code: str
    agency: str
    entry: str
    kind: str | None
    message: str | None
    new: bool = False  # a problem this crawl opened (operators are told once)

    def as_dict(self) -> dict:
        return asdict(self)


def _verdict(agency: AgencySummary, entry: str, previous: CrawlObservation | None) -> tuple[str, str] | None:
    list_failures = [f for f in agency.failures if f.kind == "list"]
    who = f"{agency.name}（{agency.code}）的年报栏目（{entry}）"
    if agency.list_pages == 0 and list_failures:
        return "unreachable", (f"{who}无法读取（{list_failures[0].reason}），网站可能已迁移或停止服务；"
                               "请核对登记表中的栏目地址。")
    if agency.list_pages > 0 and agency.listed == 0:
        return "empty_list", (f"{who}可以打开（读取 {agency.list_pages} 页），但未列出任何年度报告，网站可能已改版；"
                              "请核对登记表中的栏目地址和网站类型（cms）。")
    if previous is not None and agency.listed < previous.items * FEWER_RATIO \
            and previous.items - agency.listed >= FEWER_MINIMUM_DROP:
        return "fewer_items", (f"{who}只列出 {agency.listed} 份年度报告，上次采集（{previous.observed_at:%Y-%m-%d}）"
                               f"列出 {previous.items} 份，网站可能已改版或栏目已拆分；请核对栏目地址。")
    return None


def assess(session: Session, summary: CrawlSummary, jurisdictions: list[Jurisdiction]) -> list[SiteHealth]:
    """Record what the crawl saw of every registry entry in ``summary`` and open or resolve its site problem."""
    entries = {a.code: a.entry for j in jurisdictions for a in j.agencies}
    now = utcnow()
    results = []
    for agency in summary.agencies:
        record = agency_for_code(session, agency.code)
        if record is None:
            continue
        entry = entries.get(agency.code, "")
        previous = session.scalars(
            select(CrawlObservation).where(CrawlObservation.agency_id == record.id, CrawlObservation.items > 0,
                                           CrawlObservation.problem.is_(None))
            .order_by(CrawlObservation.observed_at.desc()).limit(1)).first()
        verdict = _verdict(agency, entry, previous)
        opened = False
        session.add(CrawlObservation(
            agency_id=record.id, year=summary.year, observed_at=now, entry=entry, list_pages=agency.list_pages,
            list_failures=sum(f.kind == "list" for f in agency.failures), items=agency.listed,
            failures=sum(f.kind != "list" for f in agency.failures), problem=verdict[0] if verdict else None))
        open_problems = session.scalars(select(SiteProblem).where(
            SiteProblem.agency_id == record.id, SiteProblem.status == "open")).all()
        for problem in open_problems:
            if verdict is None or problem.kind != verdict[0] or problem.entry != entry:
                problem.status, problem.resolved_on = "resolved", now
        if verdict is not None:
            kind, message = verdict
            problem = next((p for p in open_problems if p.kind == kind and p.entry == entry), None)
            if problem is None:
                session.add(SiteProblem(agency_id=record.id, kind=kind, entry=entry, message=message,
                                        first_seen=now, last_seen=now, status="open"))
                opened = True
            else:
                problem.message, problem.last_seen = message, now
        results.append(SiteHealth(agency.code, agency.name, entry, *(verdict or (None, None)), new=opened))
    session.flush()
    return results
