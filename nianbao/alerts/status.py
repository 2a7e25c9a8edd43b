"""The outbox as operators see it (``nianbao notify --status``): every message not yet delivered, the
latest delivered ones, and counts by state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select

from nianbao.warehouse.schema import AlertOutbox

STATE_WORDS = {"pending": "待发送", "in_flight": "发送中", "delivered": "已送达", "failed": "已放弃"}


@dataclass(frozen=True)
class OutboxRow:
    id: int
    jurisdiction: str | None
    channel: str
    recipient: str
    state: str
    attempts: int
    next_attempt_at: datetime | None
    delivered_at: datetime | None
    last_error: str | None


def outbox_counts(engine: Engine) -> dict[str, int]:
    """How many outbox rows are in each state."""
    with engine.connect() as connection:
        return dict(connection.execute(select(AlertOutbox.state, func.count()).group_by(AlertOutbox.state)).all())


def outbox_rows(engine: Engine, *, delivered: int = 20) -> list[OutboxRow]:
    """Every row not delivered, then the ``delivered`` latest delivered ones."""
    columns = (AlertOutbox.id, AlertOutbox.jurisdiction, AlertOutbox.channel, AlertOutbox.recipient,
               AlertOutbox.state, AlertOutbox.attempts, AlertOutbox.next_attempt_at, AlertOutbox.delivered_at,
               AlertOutbox.last_error)
    with engine.connect() as connection:
        waiting = connection.execute(select(*columns).where(AlertOutbox.state != "delivered")
                                     .order_by(AlertOutbox.id)).all()
        done = connection.execute(select(*columns).where(AlertOutbox.state == "delivered")
                                  .order_by(AlertOutbox.delivered_at.desc(), AlertOutbox.id.desc())
                                  .limit(delivered)).all()
    return [OutboxRow(*r) for r in [*waiting, *done]]
