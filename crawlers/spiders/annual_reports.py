"""The registry-driven spider: every agency's report column, its list pages, detail pages and files.

Arguments (``-a``): ``year``, ``registry`` (file or folder), optional ``jurisdiction``, ``base_url`` and
``summary_path`` (where the :class:`~crawlers.summary.CrawlSummary` JSON goes when the spider closes).
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
from crawlers.recognise import is_annual_report, report_year
from crawlers.registry import RegistryAgency, load_registry
from crawlers.summary import AgencySummary, CrawlSummary, Document, emit
from crawlers.summary import Failure as CrawlFailure


class AnnualReportSpider(scrapy.Spider):
    name = "annual_reports"

    def __init__(self, year: str, registry: str, jurisdiction: str | None = None, base_url: str | None = None,
                 summary_path: str | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.year = int(year)
        jurisdictions = load_registry(Path(registry), jurisdiction=jurisdiction or None, base_url=base_url or None)
        self.sources: dict[str, RegistryAgency] = {a.code: a for j in jurisdictions for a in j.agencies}
        self.allowed_hosts: set[str] = set().union(*(a.hosts for a in self.sources.values()))
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
        """Errback: the failure goes into the summary; a report page that failed also into the warehouse."""
        request = failure.request
        code, kind, reason = request.meta["agency"], request.meta["kind"], reason_for(failure.value)
        if kind == "detail":
            self.memory.record(url=request.url, agency_code=code, year=self.year,
                               published_on=request.meta["entry"].published_on, reason=reason)
        self.add_failure(code, CrawlFailure(kind, request.url, reason))

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
        for source in self.sources.values():
            yield self._list_request(source.code, source.entry)

    def _list_request(self, code: str, url: str) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_list, errback=self.failed,
                              meta={"agency": code, "kind": "list"})

    def parse_list(self, response: Response) -> Iterator[scrapy.Request | ReportItem]:
        code = response.meta["agency"]
        if not isinstance(response, TextResponse):
            self.add_failure(code, CrawlFailure("list", response.url, "栏目页不是网页"))
            return
        try:
            page = ADAPTERS[self.sources[code].cms].parse(response)
        except ListDataError as exc:
            self.add_failure(code, CrawlFailure("list", response.url, str(exc)))
            return
        agency = self.summary.agency(code)
        agency.list_pages += 1
        agency.listed += sum(report_year(entry.title) is not None for entry in page.entries)
        for url in page.more:
            if self._on_registry(url):
                yield self._list_request(code, url)
        for entry in page.entries:
            if is_annual_report(entry.title, self.year):
                yield from self._candidate(code, entry, response.url)

    def _on_registry(self, url: str) -> bool:
        return (urlsplit(url).hostname or "") in self.allowed_hosts

    def _candidate(self, code: str, entry: ListEntry, list_url: str) -> Iterator[scrapy.Request | ReportItem]:
        if not self._on_registry(entry.url):
            self.add_failure(code, CrawlFailure("detail", entry.url, "链接位于登记范围外的主机，未访问"))
            return
        linked = detail.attachment(entry.url, entry.title)
        if linked is not None:  # the column links the file itself
            yield from self._attachment_item(code, entry, list_url, linked)
            return
        known = self.memory.known(entry.url)
        yield scrapy.Request(entry.url, callback=self.parse_detail, errback=self.failed,
                             headers=conditional_headers(known),
                             meta={"agency": code, "kind": "detail", "entry": entry, "known": known,
                                   "handle_httpstatus_list": [304]})

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

def _text(value: bytes | None) -> str | None:
    return value.decode("latin-1") if value else None
