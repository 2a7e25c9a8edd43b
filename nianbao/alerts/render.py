"""Digests in words: the subject line and the bodies (plain text and HTML for email, Markdown for the
企业微信 and 钉钉 robots; 飞书 posts are built from the plain text), from the Jinja2 templates in
``templates/``. The rule's sentence and what to do come from the rule catalogue, never the templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from nianbao.alerts.content import AgencySection, Digest, Item
from nianbao.checks.catalogue import SEVERITY_WORDS
from nianbao.checks.uncertain import scan_note

UNVERIFIABLE_ADVICE = "无法核验不等于报告有错：请核实报告原文是否完整、可读，如网站上的文件缺页或无法打开，请重新发布可读的版本。"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    markdown: str


@cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("nianbao.alerts", "templates"), undefined=StrictUndefined,
                       autoescape=select_autoescape(["html.j2"]), trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


def _status(item: Item, digest: Digest) -> str:
    unverifiable = item.severity == "unverifiable"
    if item.kind == "resolved":
        return "已可核验" if unverifiable else "已整改"
    if item.kind == "new":
        return "新发现"
    days = (digest.as_of - item.first_seen).days
    return f"已持续 {days} 天" if unverifiable else f"发现已 {days} 天，仍未整改"


def _view(item: Item, digest: Digest) -> dict:
    rule = item.rule
    if item.kind == "resolved":
        advice = None
    elif item.severity == "unverifiable":
        advice = UNVERIFIABLE_ADVICE
    else:
        advice = rule.advice if rule else None
    report = item.report
    return {
        "severity": item.severity,
        "label": f"{SEVERITY_WORDS.get(item.severity, item.severity)}·{_status(item, digest)}",
        "rule": rule.title if rule else item.rule_id,
        "rule_id": item.rule_id,
        "year": item.year,
        "message": item.message,
        "advice": advice,
        "report_title": report.title if report else None,
        "published_on": report.published_on.isoformat() if report and report.published_on else None,
        "url": report.url if report else None,
        "resolved": item.kind == "resolved",
    }


def _scans(agency: AgencySection) -> list[str]:
    """A sentence per report with cells OCR read with doubt that the agency's open items concern."""
    reports = {i.report.title: i.report.uncertain for i in agency.items
               if i.kind != "resolved" and i.report is not None and i.report.uncertain is not None}
    return [scan_note(cells, f"《{title}》") for title, cells in reports.items()]


def subject(digest: Digest) -> str:
    counts = digest.counts()
    parts = [f"{word} {counts[key]} 项" for key, word in
             (("new", "新发现问题"), ("overdue", "逾期未整改"), ("resolved", "已整改"),
                                          ("unverifiable", "无法核验")) if counts[key]]
    year = f"{digest.year} 年度" if digest.year is not None else ""
    return f"【{digest.jurisdiction}】{year}政府信息公开工作年度报告核查通报：{'，'.join(parts)}"


def render(digest: Digest, *, number: str) -> Rendered:
    """All bodies of one digest; ``number`` identifies it in the footer (e.g. ``nanhu-12``)."""
    environment = _environment()
    context = {
        "subject": subject(digest),
        "digest": digest,
        "counts": digest.counts(),
        "as_of": digest.as_of.strftime("%Y 年 %m 月 %d 日"),
        "grace_days": digest.grace.days,
        "agencies": [{"name": a.name, "findings": [_view(i, digest) for i in a.items], "scans": _scans(a),
                      "open": sum(i.kind != "resolved" for i in a.items)} for a in digest.agencies],
        "number": number,
    }
    return Rendered(
        subject=context["subject"],
        text=environment.get_template("digest.txt.j2").render(context),
        html=environment.get_template("digest.html.j2").render(context),
        markdown=environment.get_template("digest.md.j2").render(context),
    )
