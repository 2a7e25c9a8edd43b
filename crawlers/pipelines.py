"""Item pipelines: the raw store (a FilesPipeline addressed by sha256) and the warehouse memory.

:class:`RawStorePipeline` downloads attachments with conditional headers from the warehouse memory,
treats 304 and identical bytes as unchanged, and writes new bytes to ``<sha[:2]>/<sha><suffix>`` in
``FILES_STORE`` (any store Scrapy supports). HTML-body reports arrive with their bytes and are stored
the same way. :class:`WarehousePipeline` records each outcome in the warehouse and the crawl summary.
"""

from __future__ import annotations

import hashlib
from io import BytesIO
from typing import Any

from scrapy import Request
from scrapy.exceptions import DropItem
from scrapy.pipelines.files import FilesPipeline
from scrapy.pipelines.media import FileException
from scrapy.utils.defer import ensure_awaitable
from twisted.python.failure import Failure

from crawlers.faults import http_reason, reason_for
from crawlers.filenames import disposition_filename, suffix_of
from crawlers.items import ReportItem
from crawlers.memory import conditional_headers
from crawlers.summary import Document
from crawlers.summary import Failure as CrawlFailure


def _header(headers: Any, name: str) -> str | None:
    value = headers.get(name)
    return value.decode("latin-1") if value else None


class RawStorePipeline(FilesPipeline):
    @classmethod
    def from_crawler(cls, crawler):
        pipe = super().from_crawler(crawler)
        pipe.store_uri = str(crawler.settings["FILES_STORE"]).rstrip("/")
        return pipe

    async def process_item(self, item: ReportItem, spider: Any = None) -> ReportItem:
        if item.status is not None:
            return item
        if item.body is not None:
            await self._store(item, item.body)
            return item
        return await super().process_item(item)

    async def _store(self, item: ReportItem, body: bytes) -> None:
        sha256 = hashlib.sha256(body).hexdigest()
        item.sha256 = sha256
        if item.known is not None and item.known.sha256 == sha256:
            item.status, item.path = "unchanged", item.known.path
            return
        relative = self.file_path(None, item=item)
        await ensure_awaitable(self.store.persist_file(relative, BytesIO(body), self.spiderinfo))
        item.path = f"{self.store_uri}/{relative}"
        item.status = "changed" if item.known is not None else "new"

    def get_media_requests(self, item: ReportItem, info: Any) -> list[Request]:
        headers = conditional_headers(item.known)
        return [Request(url, headers=headers, meta={"agency": item.agency_code, "kind": "document"})
                for url in item.file_urls]

    def media_to_download(self, request: Request, info: Any, *, item: Any = None) -> None:
        return None  # always ask the server; the conditional headers keep unchanged files from coming again

    async def media_downloaded(self, response, request, info, *, item: ReportItem | None = None) -> dict:
        assert item is not None
        if response.status == 304 and item.known is not None:
            item.status, item.sha256, item.path = "unchanged", item.known.sha256, item.known.path
            item.etag, item.last_modified = item.known.etag, item.known.last_modified
            return {"url": request.url, "path": item.path, "checksum": item.sha256, "status": "uptodate"}
        if response.status != 200:
            raise FileException(http_reason(response.status))
        if not response.body:
            raise FileException("文件为空")
        item.etag = _header(response.headers, "ETag")
        item.last_modified = _header(response.headers, "Last-Modified")
        # The site's file name only ever tells the format; the bytes go where file_path() says.
        item.suffix = suffix_of(disposition_filename(response.headers.get("Content-Disposition"))) or item.suffix
        await self._store(item, response.body)
        return {"url": request.url, "path": item.path, "checksum": item.sha256, "status": "downloaded"}

    def media_failed(self, failure: Failure, request: Request, info: Any):
        if isinstance(failure.value, FileException):
            raise failure.value
        raise FileException(reason_for(failure.value))

    def item_completed(self, results: list, item: ReportItem, info: Any) -> ReportItem:
        for ok, value in results:
            if not ok:
                item.status = "failed"
                item.reason = str(value.value) or reason_for(value.value)
        return item

    def file_path(self, request, response=None, info=None, *, item: ReportItem | None = None) -> str:
        """Where bytes go in the raw store, ``<sha[:2]>/<sha><suffix>``: never a name the site chose."""
        assert item is not None and item.sha256 is not None
        return f"{item.sha256[:2]}/{item.sha256}{item.suffix}"


class WarehousePipeline:
    """Remembers every outcome in the warehouse and adds it to the spider's summary."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.seen: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler) -> WarehousePipeline:
        return cls(crawler)

    async def process_item(self, item: ReportItem) -> ReportItem:
        spider = self.crawler.spider
        if item.status == "failed":
            await spider.memory.record_async(url=item.url, agency_code=item.agency_code, year=item.year,
                                             published_on=item.published_on, reason=item.reason)
            spider.add_failure(item.agency_code, CrawlFailure("document", item.url, item.reason or "下载失败"))
            return item
        if (item.agency_code, item.sha256) in self.seen:
            raise DropItem(f"与已收集的文件内容相同：{item.url}")
        self.seen.add((item.agency_code, item.sha256))
        await spider.memory.record_async(url=item.url, agency_code=item.agency_code, year=item.year,
                                         sha256=item.sha256, path=item.path, etag=item.etag,
                                         last_modified=item.last_modified, published_on=item.published_on)
        spider.add_document(item.agency_code, Document(
            url=item.url, title=item.title, year=item.year,
            published_on=item.published_on.isoformat() if item.published_on else None,
            status=item.status, sha256=item.sha256, path=item.path, page_url=item.page_url))
        return item
