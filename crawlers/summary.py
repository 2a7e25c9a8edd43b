"""What one crawl found, per agency: documents collected (new, changed, unchanged) and failures.

The spider process writes a :class:`CrawlSummary` as JSON when it closes and prints one JSON event per
document, failure or report of an agency outside the registry (:class:`Unregistered`) on stdout; :mod:`crawlers.run` reads both back. :func:`event_line` and
:meth:`CrawlSummary.report` put both into words for 公开办 staff.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

DocumentStatus = Literal["new", "changed", "unchanged"]
EVENT_PREFIX = "nianbao-event "
STATUS_WORDS = {"new": "新报告", "changed": "文件已变化（解析后比对内容）", "unchanged": "未变化"}
KIND_WORDS = {"list": "栏目页", "detail": "报告页", "document": "报告文件"}


@dataclass
class Document:
    url: str
    title: str
    year: int
    published_on: str | None
    status: DocumentStatus
    sha256: str
    path: str | None
    page_url: str | None = None


@dataclass
class Failure:
    kind: Literal["list", "detail", "document"]
    url: str
    reason: str


@dataclass
class Unregistered:
    """A report of the year found in a shared column whose agency is not in the registry (未登记机构):
    not collected, never credited to another agency; recorded for operators. ``name`` is None when
    neither the title nor the page names the agency."""

    jurisdiction: str
    column: str
    name: str | None
    title: str
    url: str

    def message(self) -> str:
        who = f"「{self.name}」" if self.name else "（标题和页面均未写明发布机构）"
        return (f"未登记机构：{self.jurisdiction}共用栏目 {self.column} 中的年度报告「{self.title}」{self.url} "
                f"的发布机构{who}不在登记表中，未收集；请在登记表中登记该机构或为其添加别名")


@dataclass
class AgencySummary:
    code: str
    name: str
    jurisdiction: str
    documents: list[Document] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    list_pages: int = 0
    listed: int = 0  # annual reports of any year the list pages showed (site health: is the column alive?)

    @property
    def found(self) -> int:
        return len(self.documents) + sum(1 for failure in self.failures if failure.kind != "list")

    def count(self, *statuses: str) -> int:
        return sum(1 for document in self.documents if document.status in statuses)

    @property
    def state(self) -> Literal["found", "failed", "not_found"]:
        if self.documents:
            return "found"
        return "failed" if self.failures else "not_found"


@dataclass
class CrawlSummary:
    year: int
    agencies: list[AgencySummary]
    unregistered: list[Unregistered] = field(default_factory=list)
    finished: bool = False
    close_reason: str | None = None
    requests: int = 0  # HTTP requests the crawl sent (Scrapy's downloader/request_count)
    elapsed_seconds: float = 0.0  # from the first request to the spider closing

    def __post_init__(self) -> None:
        self._by_code = {agency.code: agency for agency in self.agencies}

    def agency(self, code: str) -> AgencySummary:
        return self._by_code[code]

    def documents(self) -> list[tuple[AgencySummary, Document]]:
        return [(agency, document) for agency in self.agencies for document in agency.documents]

    def report(self) -> list[str]:
        """The closing summary: one line per agency (found, new, unchanged, failed, or not found), the
        reasons of each failure under it, and the totals."""
        lines = [f"{self.year} 年度报告采集结果："]
        for agency in self.agencies:
            who = f"{agency.jurisdiction} {agency.name}（{agency.code}）"
            if agency.state == "not_found":
                lines.append(f"{who}：未找到 {self.year} 年度报告")
                continue
            lines.append(f"{who}：找到 {agency.found} 份，新 {agency.count('new')}，文件变化 {agency.count('changed')}，"
                         f"未变化 {agency.count('unchanged')}，失败 {len(agency.failures)}（读取栏目页 {agency.list_pages} 页）")
            lines += [f"    失败：{KIND_WORDS[f.kind]} {f.url}：{f.reason}" for f in agency.failures]
        lines += [record.message() for record in self.unregistered]
        states = [agency.state for agency in self.agencies]
        documents = [document for _, document in self.documents()]
        lines.append(
            f"合计 {len(self.agencies)} 个机构：找到报告 {states.count('found')} 个，全部失败 {states.count('failed')} 个，"
            f"未找到 {states.count('not_found')} 个；报告 {len(documents)} 份，其中新 "
            f"{sum(d.status == 'new' for d in documents)}、更新 {sum(d.status == 'changed' for d in documents)}、"
            f"未变化 {sum(d.status == 'unchanged' for d in documents)}"
            + ("" if self.finished else f"；采集未正常结束（{self.close_reason}）"))
        return lines

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CrawlSummary:
        agencies = [
            AgencySummary(
                **{k: v for k, v in agency.items() if k not in ("documents", "failures")},
                documents=[Document(**d) for d in agency["documents"]],
                failures=[Failure(**f) for f in agency["failures"]],
            )
            for agency in data["agencies"]
        ]
        return cls(year=data["year"], agencies=agencies,
                   unregistered=[Unregistered(**record) for record in data["unregistered"]], finished=data["finished"],
                   close_reason=data["close_reason"], requests=data["requests"],
                   elapsed_seconds=data["elapsed_seconds"])

    @classmethod
    def read(cls, path: Path) -> CrawlSummary:
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))


def emit(event: str, agency: AgencySummary | Unregistered, **details: Any) -> None:
    """One progress line on stdout for the parent process."""
    if isinstance(agency, Unregistered):
        payload = {"event": event, "agency": None, "name": agency.name or "未写明发布机构", **asdict(agency)}
    else:
        payload = {"event": event, "agency": agency.code, "name": agency.name, **details}
    sys.stdout.write(EVENT_PREFIX + json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def event_line(event: dict[str, Any]) -> str:
    """One progress event in words."""
    who = f"[{event['name']}]"
    if event["event"] == "document":
        return f"{who} {STATUS_WORDS[event['status']]}：{event['title']} {event['url']}"
    if event["event"] == "unregistered":
        return f"{who} 未登记机构的报告，未收集：{event['title']} {event['url']}"
    return f"{who} 失败：{KIND_WORDS[event['kind']]} {event['url']}：{event['reason']}"
