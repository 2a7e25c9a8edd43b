"""Building the dashboard: read the warehouse once, then write the overview, one compliance matrix per
jurisdiction, each jurisdiction's agency histories (one data script, drawn by the agency page), one page
per report with open findings (the findings beside its tables), the crawler's site problems, and the
assets. Splitting by jurisdiction and writing report pages only where there is something to fix keeps
100,000 reports within a few tens of MB."""

from __future__ import annotations

import os
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from markupsafe import Markup
from sqlalchemy import Engine

from nianbao.checks.catalogue import RULES_BY_ID, SEVERITY_WORDS
from nianbao.dashboard import assets, data, highlight, history, pages, tables
from nianbao.dashboard.embed import script_json
from nianbao.dashboard.status import KINDS, Status, status
from nianbao.model import layout_for_year
from nianbao.warehouse.documents import utcnow
from nianbao.warehouse.readings import UncertainCells

UNASSIGNED = "未归属辖区"
SEVERITIES = SEVERITY_WORDS  # 错误 / 警告 / 无法核验, as everywhere
SEVERITY_ORDER = {severity: i for i, severity in enumerate(SEVERITIES)}
PROBLEM_KINDS = {"empty_list": "栏目列表为空", "fewer_items": "条目明显减少", "unreachable": "无法访问"}
GENERATED = ("index.html", "problems.html", "agency.html", "j", "a", "r", assets.ASSETS)


@dataclass(frozen=True)
class Entry:
    """One agency-year as the pages show it."""

    row: data.Compliance
    status: Status
    link: str | None  # the report's page, when it has one
    uncertain: UncertainCells | None  # the report's cells OCR read with doubt, when it has any


@dataclass(frozen=True)
class Numbered:
    """A finding on a report page: its number (marked on the cells it used) and the rule's arithmetic."""

    number: int
    finding: data.OpenFinding
    severity: str
    rule: str
    arithmetic: list[str]


def _today(now: date | datetime | None) -> date:
    if now is None:
        return utcnow().date()
    return now.date() if isinstance(now, datetime) else now


def _docs_link(out: Path, docs_dir: Path | None) -> str | None:
    """The Data Docs' index relative to the site's top, when they exist."""
    if docs_dir is None or not (docs_dir / "index.html").is_file():
        return None
    return Path(os.path.relpath((docs_dir / "index.html").resolve(), out.resolve())).as_posix()


def _clear(out: Path) -> None:
    """Remove what an earlier build wrote, so pages of reports fixed since then disappear."""
    for name in GENERATED:
        path = out / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def _report_page(out: Path, entry: Entry, jurisdiction: str, found: list[data.OpenFinding],
                 detail: data.ReportDetail, context: dict) -> None:
    row = entry.row
    layout = detail.layout or layout_for_year(row.year)
    ordered = sorted(found, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.id))
    marks: dict[highlight.Cell, list[int]] = defaultdict(list)
    shown = []
    for number, finding in enumerate(ordered, start=1):
        used = highlight.use(finding.rule_id, finding.location, layout, detail.cells)
        for cell in used.cells:
            marks[cell].append(number)
        rule = RULES_BY_ID.get(finding.rule_id)
        shown.append(Numbered(number, finding, SEVERITIES.get(finding.severity, finding.severity),
                           rule.title if rule else finding.rule_id, highlight.arithmetic(used, detail.cells)))
    cells = Markup(script_json(tables.report_cells(layout, detail.cells, marks)))  # escaped for a script
    pages.write(out, pages.report_path(row.report_id), "report.html", entry=entry, jurisdiction=jurisdiction,
                detail=detail, layout=layout, findings=shown, cells=cells, **context)


def build(engine: Engine, out: Path, *, docs_dir: Path | None = None,
          now: date | datetime | None = None) -> Path:
    """Write the dashboard into ``out`` (replacing an earlier build) and return its index page."""
    today = _today(now)
    rows = data.compliance(engine, UNASSIGNED)
    found_by_report: dict[int, list[data.OpenFinding]] = defaultdict(list)
    for finding in data.open_findings(engine):
        if finding.report_id is not None:
            found_by_report[finding.report_id].append(finding)
    problems = data.site_problems(engine, UNASSIGNED)
    figures = data.history(engine)
    doubts = data.uncertain(engine)
    details = data.report_details(engine, [r.report_id for r in rows if r.report_id in found_by_report])

    out.mkdir(parents=True, exist_ok=True)
    _clear(out)
    assets.install(out)
    years = sorted({r.year for r in rows})
    by_place: dict[str, dict[int, list[Entry]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        link = pages.report_path(row.report_id) if row.report_id in details else None
        doubt = doubts.get(row.report_id) if row.report_id is not None else None
        by_place[row.jurisdiction][row.agency_id].append(Entry(row, status(row, today), link, doubt))
    for agencies in by_place.values():
        for entries in agencies.values():
            entries.sort(key=lambda e: e.row.year)
    jurisdictions = sorted(by_place)
    open_problems = Counter(p.jurisdiction for p in problems if p.status == "open")
    context = {"generated": today.isoformat(), "docs": _docs_link(out, docs_dir), "kinds": KINDS,
               "open_problems": sum(open_problems.values()), "jurisdictions": jurisdictions, "years": years}

    summary = {}
    for name in jurisdictions:
        agencies = sorted(by_place[name].values(), key=lambda entries: entries[0].row.agency)
        counts = {year: Counter(e.status.kind for entries in agencies for e in entries if e.row.year == year)
                  for year in years}
        summary[name] = counts
        pages.write(out, pages.jurisdiction_path(name), "jurisdiction.html", name=name, agencies=agencies,
                    counts=counts, problems=open_problems[name], **context)
        rows_by_agency = []
        for entries in agencies:
            agency_id = entries[0].row.agency_id
            rows_by_agency.append((agency_id, entries[0].row.agency, [
                history.year_row(e.row.year, e.status, str(e.row.published_on or ""), e.row.deadline, e.link,
                                 figures.get(agency_id, {}).get(e.row.year)) for e in entries]))
            for entry in entries:
                if entry.link:
                    _report_page(out, entry, name, found_by_report[entry.row.report_id],
                                 details[entry.row.report_id], context)
        (out / pages.history_path(name)).parent.mkdir(parents=True, exist_ok=True)
        (out / pages.history_path(name)).write_text(history.data_script(name, rows_by_agency), encoding="utf-8")
    pages.write(out, "agency.html", "agency.html", outcomes=history.OUTCOMES, new_label=history.NEW_LABEL,
                **context)
    pages.write(out, "problems.html", "problems.html", problems=problems, problem_kinds=PROBLEM_KINDS, **context)
    return pages.write(out, "index.html", "index.html", summary=summary, open_by_place=open_problems, **context)
