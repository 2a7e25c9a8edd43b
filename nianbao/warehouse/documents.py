"""The crawler's incremental memory (what each URL gave last time) and the agency registry sync.

The crawler calls :func:`known_document` before fetching a URL (to send ``If-None-Match`` /
``If-Modified-Since`` and to skip bytes it already has) and :func:`record_fetch` after; the loader later
picks the recorded document up by its sha256. Registry entries arrive through :func:`sync_agencies`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from nianbao.model import DeadlineKind, deadline_kind
from nianbao.warehouse.schema import Agency, AgencyAlias, SourceDocument

FetchStatus = Literal["fetched", "failed"]


def utcnow() -> datetime:
    """Timestamps are stored as naive UTC, the same on SQLite and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class AgencyRecord:
    """One registry entry: ``deadline_kind`` is 'department' (31 January) or 'government' (31 March)."""

    code: str
    name: str
    level: str | None = None
    parent_jurisdiction: str | None = None
    office: str | None = None
    deadline_kind: DeadlineKind = "department"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class KnownDocument:
    """What the warehouse remembers of the last successful fetch of a URL."""

    id: int
    url: str
    sha256: str
    path: str | None
    status: str
    etag: str | None
    last_modified: str | None
    page_published_on: date | None
    fetched_at: datetime | None


def sync_agencies(session: Session, agencies: Iterable[AgencyRecord]) -> int:
    """Insert or update registry entries by code (adopting an unregistered agency of the same name), and
    their aliases.

    Returns how many rows were inserted or changed.
    """
    changed = 0
    for record in agencies:
        agency = session.scalar(select(Agency).where(Agency.code == record.code))
        if agency is None:
            agency = session.scalar(select(Agency).where(Agency.name == record.name))
        if agency is None:
            agency = Agency(name=record.name)
            session.add(agency)
        wanted = {
            "code": record.code,
            "name": record.name,
            "level": record.level,
            "parent_jurisdiction": record.parent_jurisdiction,
            "office": record.office,
            "deadline_kind": record.deadline_kind,
            "deadline_known": True,
            "in_registry": True,
        }
        if any(getattr(agency, key, None) != value for key, value in wanted.items()):
            for key, value in wanted.items():
                setattr(agency, key, value)
            agency.updated_at = utcnow()
            changed += 1
        session.flush()
        changed += _sync_aliases(session, agency, record.aliases)
    session.flush()
    return changed


def _sync_aliases(session: Session, agency: Agency, aliases: tuple[str, ...]) -> int:
    """Make ``aliases`` exactly the agency's aliases (an alias the registry moved to it is taken over)."""
    have = {row.name: row for row in session.scalars(select(AgencyAlias).where(
        (AgencyAlias.agency_id == agency.id) | AgencyAlias.name.in_(aliases)))}
    changed = 0
    for name, row in have.items():
        if name not in aliases:
            session.delete(row)
            changed += 1
        elif row.agency_id != agency.id:
            row.agency_id = agency.id
            changed += 1
    for name in set(aliases) - set(have):
        session.add(AgencyAlias(name=name, agency_id=agency.id))
        changed += 1
    return changed


def agency_named(session: Session, name: str) -> Agency | None:
    """The agency called ``name``, or signing its reports with it (an alias from the registry)."""
    return session.scalar(select(Agency).where(Agency.name == name)) or session.scalar(
        select(Agency).join(AgencyAlias, AgencyAlias.agency_id == Agency.id).where(AgencyAlias.name == name))


def agency_for_name(session: Session, name: str) -> Agency:
    """The agency called ``name`` (by name or alias), added outside the registry when it is not known yet,
    its deadline kind read from the name (when the name does not tell, the later deadline, marked not
    known)."""
    agency = agency_named(session, name)
    if agency is None:
        kind = deadline_kind(name)
        agency = Agency(name=name, deadline_kind=kind or "government", deadline_known=kind is not None,
                        in_registry=False, updated_at=utcnow())
        session.add(agency)
        session.flush()
    return agency


def agency_for_code(session: Session, code: str) -> Agency | None:
    return session.scalar(select(Agency).where(Agency.code == code))


def known_document(session: Session, url: str) -> KnownDocument | None:
    """The most recent successfully fetched document of ``url``, or None if it was never fetched."""
    document = session.scalar(
        select(SourceDocument)
        .where(SourceDocument.url == url, SourceDocument.sha256.is_not(None))
        .order_by(SourceDocument.fetched_at.desc().nulls_last(), SourceDocument.id.desc())
        .limit(1)
    )
    return None if document is None else _known(document)


def known_documents(session: Session) -> dict[str, KnownDocument]:
    """:func:`known_document` for every URL at once, for a crawler that checks thousands of them."""
    documents = session.scalars(
        select(SourceDocument)
        .where(SourceDocument.url.is_not(None), SourceDocument.sha256.is_not(None))
        .order_by(SourceDocument.fetched_at.asc().nulls_first(), SourceDocument.id.asc())
    )
    return {document.url: _known(document) for document in documents}  # the most recent fetch wins


def _known(document: SourceDocument) -> KnownDocument:
    return KnownDocument(
        id=document.id,
        url=document.url,
        sha256=document.sha256,
        path=document.path,
        status=document.status,
        etag=document.etag,
        last_modified=document.last_modified,
        page_published_on=document.page_published_on,
        fetched_at=document.fetched_at,
    )


def record_fetch(
    session: Session,
    *,
    url: str,
    agency_code: str | None,
    year: int | None,
    sha256: str | None,
    path: str | None,
    etag: str | None = None,
    last_modified: str | None = None,
    page_published_on: date | None = None,
    status: FetchStatus = "fetched",
    reason: str | None = None,
) -> int:
    """Remember one fetch of ``url``; returns the source document's id.

    With ``sha256`` the document of those bytes is created or refreshed (a document already loaded
    stays loaded). Without it the fetch failed: one failed-fetch row per URL keeps the latest reason.
    An unknown ``agency_code`` is ignored here; the loader then goes by the name in the report.
    """
    agency = agency_for_code(session, agency_code) if agency_code else None
    now = utcnow()
    if sha256 is None:
        document = session.scalar(
            select(SourceDocument).where(SourceDocument.url == url, SourceDocument.sha256.is_(None))
        )
        status, reason = "failed", reason or "下载失败"
    else:
        document = session.scalar(select(SourceDocument).where(SourceDocument.sha256 == sha256))
    if document is None:
        document = SourceDocument(sha256=sha256, status=status)
        session.add(document)
    document.url = url
    document.path = path or document.path
    document.agency_id = agency.id if agency is not None else document.agency_id
    document.year = year if year is not None else document.year
    document.etag = etag
    document.last_modified = last_modified
    document.page_published_on = page_published_on or document.page_published_on
    document.fetched_at = now
    if document.status != "loaded":
        document.status = status
        document.reason = reason
    session.flush()
    return document.id
