"""Writing messages into the outbox: one row per recipient and channel, pending and due at once, with
the hash of what it says and the idempotency key it will carry on every attempt."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy.orm import Session

from nianbao.warehouse.schema import AlertOutbox


def content_hash(subject: str, body: str, html: str | None) -> str:
    return hashlib.sha256("\0".join((subject, body, html or "")).encode()).hexdigest()


def idempotency_key(prefix: str, channel: str, recipient: str) -> str:
    """``prefix`` (what the message is) plus a short hash of where it goes: unique per outbox row."""
    return f"{prefix}-{hashlib.sha256(f'{channel}|{recipient}'.encode()).hexdigest()[:10]}"


def add_message(session: Session, *, now: datetime, prefix: str, channel: str, recipient: str,
                subject: str, body: str, html: str | None = None, secret_name: str | None = None,
                jurisdiction: str | None = None, digest_id: int | None = None) -> AlertOutbox:
    row = AlertOutbox(
        digest_id=digest_id, jurisdiction=jurisdiction, channel=channel, recipient=recipient,
        secret_name=secret_name, subject=subject, body=body, html=html,
        content_hash=content_hash(subject, body, html), idempotency_key=idempotency_key(prefix, channel, recipient),
        state="pending", attempts=0, parts_sent=0, next_attempt_at=now, created_at=now,
    )
    session.add(row)
    return row
