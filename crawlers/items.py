"""The item a spider yields for every annual report document it identified."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from nianbao.warehouse.documents import KnownDocument


@dataclass
class ReportItem:
    """One report document: an attachment to download (``file_urls``) or an HTML page already fetched.

    ``status``/``sha256``/``path`` are filled by the files pipeline; ``unchanged`` may be set by the
    spider already when the server answered 304 for a page it knows.
    """

    agency_code: str
    year: int
    title: str
    url: str
    page_url: str | None
    published_on: date | None
    suffix: str
    known: KnownDocument | None = None
    body: bytes | None = None
    file_urls: list[str] = field(default_factory=list)
    status: str | None = None
    sha256: str | None = None
    path: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    reason: str | None = None
