"""The registry-driven spider: every report column (an agency's own, or one shared by many agencies),
its list pages, detail pages and files.

A report in an agency's own column is that agency's. In a shared column each report is attributed to
its agency by the name in its title, else on its page (registry names and aliases,
:meth:`~crawlers.registry.Jurisdiction.agency_named`); a report of an agency outside the registry is
recorded as :class:`~crawlers.summary.Unregistered`, never credited to another agency.

Arguments (``-a``): ``year``, ``registry`` (the snapshot :func:`crawlers.run.crawl` writes of the loaded
registry) and optional ``summary_path`` (where the :class:`~crawlers.summary.CrawlSummary` JSON goes when
the spider closes).
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure
from w3lib.url import canonicalize_url

from crawlers.adapters import ADAPTERS, detail
from crawlers.adapters.base import ListEntry
from crawlers.adapters.hanweb import ListDataError
from crawlers.faults import reason_for
from crawlers.items import ReportItem
from crawlers.memory import Memory, conditional_headers
from crawlers.registry import ColumnPlan, Jurisdiction, read_snapshot
from crawlers.summary import AgencySummary, CrawlSummary, Document, Unregistered, emit
from crawlers.summary import Failure as CrawlFailure
from nianbao.titles import read_title, report_year


class AnnualReportSpider(scrapy.Spider):
    name = "annual_reports"

    def __init__(self, year: str, registry: str, summary_path: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.year = int(year)
        jurisdictions = read_snapshot(Path(registry))
        self.columns: dict[str, tuple[ColumnPlan, Jurisdiction]] = {
            plan.key: (plan, j) for j in jurisdictions for plan in j.column_plans()}
        self.allowed_hosts: set[str] = set().union(*(a.hosts for j in jurisdictions for a in j.agencies))
        self.allowed_domains = sorted(self.allowed_hosts)
        self.summary = CrawlSummary(year=self.year, agencies=[
            AgencySummary(code=a.code, name=a.name, jurisdiction=j.name) for j in jurisdictions for a in j.agencies
        ])
        self.summary_path = Path(summary_path) if summary_path else None
        self.memory = Memory()
        self.seen_documents: set[str] = set()
        self.started = time.monotonic()

    # -- bookkeeping -------------------------------------------------------------------------------

    def add_document(self, code: str, document: Document) -> None:
        agency = self.summary.agency(code)
        agency.documents.append(document)
        emit("document", agency, status=document.status, url=document.url, title=document.title)

    def add_failure(self, code: str, failure: CrawlFailure) -> None:
        agency = self.summary.agency(code)
        agency.failures.append(failure)
        emit("failure", agency, kind=failure.kind, url=failure.url, reason=failure.reason)

    def failed(self, failure: Failure) -> None:
        """Errback: the failure goes into the summary (of every agency of a list page's column, or of an
        unattributed report page's); a report page that failed also into the warehouse."""
        request = failure.request
        code, kind, reason = request.meta["agency"], request.meta["kind"], reason_for(failure.value)
        if kind == "detail":
            self.memory.record(url=request.url, agency_code=code, year=self.year,
                               published_on=request.meta["entry"].published_on, reason=reason)
        self.fail(code, request.meta["column"], CrawlFailure(kind, request.url, reason))

    def fail(self, code: str | None, column: str, failure: CrawlFailure) -> None:
        """A failure of agency ``code``, or (None) of every agency of ``column``: a list page of the column,
        or a report page that did not say whose it is."""
        for who in [code] if code else self.columns[column][0].agencies:
            self.add_failure(who, failure)

    def unregistered(self, column: str, name: str | None, entry: ListEntry) -> None:
        """A report of an agency outside the registry: recorded for operators, in the summary and the
        warehouse (a fetch not made, with the reason), never credited to another agency."""
        plan, jurisdiction = self.columns[column]
        record = Unregistered(jurisdiction.name, column, name, entry.title, entry.url)
        if any((r.url, r.name) == (record.url, record.name) for r in self.summary.unregistered):
            return
        self.summary.unregistered.append(record)
        emit("unregistered", record)
        self.memory.record(url=entry.url, agency_code=None, year=self.year, published_on=entry.published_on,
                           reason=record.message())

    def closed(self, reason: str) -> None:
        self.summary.finished, self.summary.close_reason = reason == "finished", reason
        self.summary.requests = self.crawler.stats.get_value("downloader/request_count", 0)
        self.summary.elapsed_seconds = round(time.monotonic() - self.started, 3)
        if self.summary_path is not None:
            self.summary_path.write_text(self.summary.to_json(), encoding="utf-8")
        self.memory.close()

    # -- crawling ----------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        self.started = time.monotonic()
        for plan, _ in self.columns.values():
            yield self._list_request(plan.key, plan.entry)

    def _list_request(self, column: str, url: str) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_list, errback=self.failed,
                              meta={"agency": None, "column": column, "kind": "list"})

    def parse_list(self, response: Response) -> Iterator[scrapy.Request | ReportItem]:
        plan, jurisdiction = self.columns[response.meta["column"]]
        if not isinstance(response, TextResponse):
            self.fail(None, plan.key, CrawlFailure("list", response.url, "栏目页不是网页"))
            return
        try:
            page = ADAPTERS[plan.cms].parse(response)
        except ListDataError as exc:
            self.fail(None, plan.key, CrawlFailure("list", response.url, str(exc)))
            return
        listed = sum(report_year(entry.title) is not None for entry in page.entries)
        for code in plan.agencies:  # a shared column's health is every one of its agencies'
            agency = self.summary.agency(code)
            agency.list_pages += 1
            agency.listed += listed
        for url in page.more:
            if self._on_registry(url):
                yield self._list_request(plan.key, url)
        for entry in page.entries:
            title = read_title(entry.title)
            if title is None or title.year != self.year:
                continue
            if not plan.shared:
                yield from self._candidate(plan.agencies[0], entry, response.url, plan.key)
            elif title.agency is None:  # the page will say whose it is
                yield from self._candidate(None, entry, response.url, plan.key)
            elif (found := jurisdiction.agency_named(title.agency)) is not None:
                yield from self._candidate(found.code, entry, response.url, plan.key)
            else:
                self.unregistered(plan.key, title.agency, entry)

    def _on_registry(self, url: str) -> bool:
        return (urlsplit(url).hostname or "") in self.allowed_hosts

    def _candidate(self, code: str | None, entry: ListEntry, list_url: str,
                   column: str) -> Iterator[scrapy.Request | ReportItem]:
        """A report of the year listed in ``column``: ``code`` None when only its page can say whose it is."""
        if not self._on_registry(entry.url):
            self.fail(code, column, CrawlFailure("detail", entry.url, "链接位于登记范围外的主机，未访问"))
            return
        linked = detail.attachment(entry.url, entry.title)
        if linked is not None:  # the column links the file itself
            if code is None:
                self.unregistered(column, None, entry)
            else:
                yield from self._attachment_item(code, entry, list_url, linked)
            return
        known = self.memory.known(entry.url)
        # A page that must say whose report it is is asked for whole (no 304 without its content).
        yield scrapy.Request(entry.url, callback=self.parse_detail, errback=self.failed,
                             headers=conditional_headers(known) if code else {},
                             meta={"agency": code, "column": column, "kind": "detail", "entry": entry,
                                   "known": known, "handle_httpstatus_list": [304]})

    def _attachment_item(self, code: str, entry: ListEntry, page_url: str,
                         attachment: detail.Attachment) -> Iterator[ReportItem]:
        if not self._first_time(attachment.url):
            return
        if not self._on_registry(attachment.url):
            self.add_failure(code, CrawlFailure("document", attachment.url, "附件位于登记范围外的主机，未下载"))
            return
        yield ReportItem(agency_code=code, year=self.year, title=entry.title, url=attachment.url,
                         page_url=page_url, published_on=entry.published_on, suffix=attachment.suffix or "",
                         known=self.memory.known(attachment.url), file_urls=[attachment.url])

    def _first_time(self, url: str) -> bool:
        key = canonicalize_url(url)
        if key in self.seen_documents:
            return False
        self.seen_documents.add(key)
        return True

    def parse_detail(self, response: Response) -> Iterator[ReportItem]:
        """A report page: its best attachment, or the page itself. A report page is known by the address
        its column links to (``entry.url``), so next year's conditional request goes there again even when
        the site redirects it."""
        code, entry, known = response.meta["agency"], response.meta["entry"], response.meta["known"]
        if code is None:  # a shared column's report whose title names no agency
            code = self._attribute(response, entry)
            if code is None:
                return
        if response.status == 304 and known is not None:
            if self._first_time(entry.url):
                yield ReportItem(agency_code=code, year=self.year, title=entry.title, url=entry.url,
                                 page_url=response.url, published_on=known.page_published_on or entry.published_on,
                                 suffix=".html", known=known, status="unchanged", sha256=known.sha256,
                                 path=known.path, etag=known.etag, last_modified=known.last_modified)
            return
        if not isinstance(response, TextResponse):
            self.add_failure(code, CrawlFailure("detail", response.url, "详情页不是网页"))
            return
        page = detail.parse(response)
        dated = ListEntry(title=entry.title, url=entry.url, published_on=page.published_on or entry.published_on)
        best = page.best_attachment()
        if best is not None:
            yield from self._attachment_item(code, dated, response.url, best)
        elif self._first_time(entry.url):
            yield ReportItem(agency_code=code, year=self.year, title=entry.title, url=entry.url,
                             page_url=response.url, published_on=dated.published_on, suffix=".html",
                             known=known, body=response.body,
                             etag=_text(response.headers.get("ETag")),
                             last_modified=_text(response.headers.get("Last-Modified")))

    def _attribute(self, response: Response, entry: ListEntry) -> str | None:
        """The registry agency a shared column's report page names (in its title, else as its 来源), or
        None after recording the report as unregistered."""
        column = response.meta["column"]
        page = detail.parse(response) if isinstance(response, TextResponse) else None
        title = read_title(page.title) if page is not None else None
        names = [n for n in (title.agency if title else None, page.source if page else None) if n]
        jurisdiction = self.columns[column][1]
        for name in names:
            found = jurisdiction.agency_named(name)
            if found is not None:
                return found.code
        self.unregistered(column, names[0] if names else None, entry)
        return None


def _text(value: bytes | None) -> str | None:
    return value.decode("latin-1") if value else None
