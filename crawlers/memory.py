"""The crawler's memory in the warehouse: what each URL gave last time, and recording each fetch.

Used inside the spider process. What was fetched before is read once when the crawl starts (one query,
not one per link); every fetch is then recorded in a short transaction of its own, in a worker thread
so the crawl goes on meanwhile, and a crash loses nothing already recorded.
"""

from __future__ import annotations

from datetime import date

from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy import Engine
from twisted.internet.threads import deferToThread

from nianbao.warehouse.db import make_engine, transaction
from nianbao.warehouse.documents import KnownDocument, known_documents, record_fetch


class Memory:
    def __init__(self, engine: Engine | None = None) -> None:
        self.engine = engine or make_engine()
        with transaction(self.engine) as session:
            self._known = known_documents(session)

    def known(self, url: str) -> KnownDocument | None:
        """The last successful fetch of ``url`` before this crawl started."""
        return self._known.get(url)

    def record(self, *, url: str, agency_code: str | None, year: int, sha256: str | None = None,
               path: str | None = None, etag: str | None = None, last_modified: str | None = None,
               published_on: date | None = None, reason: str | None = None) -> None:
        """Remember one fetch (``sha256`` given) or one failure (``reason`` given)."""
        with transaction(self.engine) as session:
            record_fetch(session, url=url, agency_code=agency_code, year=year, sha256=sha256, path=path,
                         etag=etag, last_modified=last_modified, page_published_on=published_on,
                         status="fetched" if sha256 else "failed", reason=reason)

    async def record_async(self, **fetch: object) -> None:
        """:meth:`record` in the reactor's thread pool."""
        await maybe_deferred_to_future(deferToThread(lambda: self.record(**fetch)))

    def close(self) -> None:
        self.engine.dispose()


def conditional_headers(known: KnownDocument | None) -> dict[str, str]:
    """``If-None-Match`` / ``If-Modified-Since`` for a URL fetched before."""
    headers = {}
    if known is not None and known.etag:
        headers["If-None-Match"] = known.etag
    if known is not None and known.last_modified:
        headers["If-Modified-Since"] = known.last_modified
    return headers
