"""The crawler's memory in the warehouse: what each URL gave last time, and recording each fetch.

Used inside the spider process; every call is a short transaction of its own so a crash loses nothing
already recorded.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from nianbao.warehouse.db import make_engine, transaction
from nianbao.warehouse.documents import KnownDocument, known_document, record_fetch


class Memory:
    def __init__(self, engine: Engine | None = None) -> None:
        self.engine = engine or make_engine()

    def known(self, url: str) -> KnownDocument | None:
        with transaction(self.engine) as session:
            return known_document(session, url)

    def record(self, *, url: str, agency_code: str, year: int, sha256: str | None = None,
               path: str | None = None, etag: str | None = None, last_modified: str | None = None,
               published_on: date | None = None, reason: str | None = None) -> None:
        with transaction(self.engine) as session:
            record_fetch(session, url=url, agency_code=agency_code, year=year, sha256=sha256, path=path,
                         etag=etag, last_modified=last_modified, page_published_on=published_on,
                         status="fetched" if sha256 else "failed", reason=reason)

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
