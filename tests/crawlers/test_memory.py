"""The crawler's memory read at start (one query) agrees with the warehouse's per-URL answer."""

from __future__ import annotations

from nianbao.warehouse.db import make_engine, transaction
from nianbao.warehouse.documents import (
    AgencyRecord,
    known_document,
    known_documents,
    record_fetch,
    sync_agencies,
)

A, B = "http://127.0.0.1:1/a.pdf", "http://127.0.0.1:1/b.html"


def test_known_documents_is_known_document_for_every_url(database_url: str) -> None:
    engine = make_engine(database_url)
    with transaction(engine) as session:
        sync_agencies(session, [AgencyRecord("c1", "某县某局")])
        record_fetch(session, url=A, agency_code="c1", year=2024, sha256="1" * 64, path="x/1.pdf", etag='"1"')
        record_fetch(session, url=A, agency_code="c1", year=2024, sha256="2" * 64, path="x/2.pdf", etag='"2"')
        record_fetch(session, url=A, agency_code="c1", year=2024, sha256=None, path=None, status="failed",
                     reason="HTTP 500")
        record_fetch(session, url=B, agency_code="c1", year=2024, sha256="3" * 64, path="x/3.html")
        record_fetch(session, url="http://127.0.0.1:1/gone", agency_code="c1", year=2024, sha256=None, path=None,
                     status="failed", reason="HTTP 404")
    with transaction(engine) as session:
        everything = known_documents(session)
        assert everything == {url: known_document(session, url) for url in (A, B)}
    engine.dispose()
    assert everything[A].sha256 == "2" * 64
