"""Composing digests: per jurisdiction of the registry, what changed since its last digest, rendered
and written as outbox rows (one per email recipient and robot) in the same transaction that records,
per finding, what the 公开办 has now been told. Nothing new, no digest.

The transaction first locks the jurisdiction's ``alert_jurisdiction`` row, so two composers (the DAG
and a clerk's ``nianbao notify``) never report one finding twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from crawlers.registry import Jurisdiction
from nianbao.alerts import settings
from nianbao.alerts.clock import naive_utc
from nianbao.alerts.content import Digest, gather
from nianbao.alerts.outbox import add_message
from nianbao.alerts.render import render
from nianbao.warehouse.db import transaction
from nianbao.warehouse.schema import AlertDigest, AlertJurisdiction, FindingNotice


@dataclass(frozen=True)
class Composed:
    """One digest written: its id, jurisdiction, subject, counts and the (channel, recipient) rows."""

    digest_id: int
    jurisdiction: str
    subject: str
    counts: dict[str, int]
    messages: tuple[tuple[str, str], ...]


def _ensure_lock_row(engine: Engine, jurisdiction: str) -> None:
    with engine.connect() as connection:
        exists = connection.scalar(select(AlertJurisdiction.jurisdiction)
                                   .where(AlertJurisdiction.jurisdiction == jurisdiction))
    if exists is None:
        try:
            with transaction(engine) as session:
                session.add(AlertJurisdiction(jurisdiction=jurisdiction))
        except IntegrityError:
            pass  # another composer added it first


def _record_notices(session, digest: Digest, digest_id: int, now: datetime) -> None:
    """What each finding was reported as: open (new or reminded) or resolved."""
    rows = [{"finding_id": i.finding_id, "digest_id": digest_id, "notified_at": now,
             "notified_status": "resolved" if i.kind == "resolved" else "open"} for i in digest.items]
    seen = {i.finding_id for i in digest.items if i.noticed}
    if updates := [r for r in rows if r["finding_id"] in seen]:
        session.execute(update(FindingNotice), updates)
    if inserts := [r for r in rows if r["finding_id"] not in seen]:
        session.execute(insert(FindingNotice), inserts)


def _compose_one(engine: Engine, jurisdiction: Jurisdiction, year: int | None, now: datetime,
                 grace: timedelta) -> Composed | None:
    _ensure_lock_row(engine, jurisdiction.name)
    with transaction(engine) as session:
        session.execute(update(AlertJurisdiction).where(AlertJurisdiction.jurisdiction == jurisdiction.name)
                        .values(last_composed_at=AlertJurisdiction.last_composed_at))  # takes the row lock
        digest = gather(session, jurisdiction=jurisdiction.name, office=jurisdiction.office.name, year=year,
                        now=now, grace=grace)
        if not digest.agencies:
            return None
        digest_hash, counts = digest.content_hash(), digest.counts()
        record = AlertDigest(jurisdiction=jurisdiction.name, year=year, composed_at=now, subject="",
                             content_hash=digest_hash, counts=counts)
        session.add(record)
        session.flush()
        rendered = render(digest, number=f"{jurisdiction.code}-{record.id}")
        record.subject = rendered.subject
        prefix = f"nianbao-{jurisdiction.code[:40]}-{record.id}-{digest_hash[:12]}"
        common = {"now": now, "prefix": prefix, "subject": rendered.subject, "jurisdiction": jurisdiction.name,
                  "digest_id": record.id}
        messages = []
        for address in jurisdiction.office.alert_recipients:
            add_message(session, channel="email", recipient=address, body=rendered.text, html=rendered.html,
                        **common)
            messages.append(("email", address))
        for robot in jurisdiction.office.robots:
            body = rendered.text if robot.platform == "feishu" else rendered.markdown
            add_message(session, channel=robot.platform, recipient=robot.url, secret_name=robot.secret,
                        body=body, **common)
            messages.append((robot.platform, robot.url))
        _record_notices(session, digest, record.id, now)
        session.execute(update(AlertJurisdiction).where(AlertJurisdiction.jurisdiction == jurisdiction.name)
                        .values(last_composed_at=now))
        return Composed(record.id, jurisdiction.name, rendered.subject, counts, tuple(messages))


def compose(engine: Engine, *, registry: list[Jurisdiction], year: int | None = None,
            jurisdiction: str | None = None, now: datetime | None = None) -> list[Composed]:
    """Compose and queue the digests due now, one per jurisdiction with something new; ``jurisdiction``
    (code or name) and ``year`` narrow what is looked at."""
    moment, grace = naive_utc(now), settings.grace_period()
    chosen = [j for j in registry if jurisdiction in (None, j.code, j.name)]
    return [c for j in chosen if (c := _compose_one(engine, j, year, moment, grace)) is not None]
