"""The sender: delivers due outbox rows exactly once as far as a protocol allows.

Before every attempt the row is claimed by a compare-and-set on its state (pending and due, or in
flight past the hold): another sender, or a row delivered meanwhile, is left alone. The claim marks it
``in_flight`` and counts the attempt; each part sent is recorded before the next is tried, so a retry
resumes after the parts already accepted. A failure puts the row back to ``pending`` with its next
attempt after an exponential backoff, or to ``failed`` after the last attempt (or a refusal a retry
cannot mend), with the reason kept on the row and on the attempt.

The one window no protocol closes — the receiver accepted a part and the sender died before recording
it — leaves the row ``in_flight``. Such a row is sent again only once the in-flight hold has passed
(``NIANBAO_ALERT_INFLIGHT_HOLD_SECONDS``), with the same idempotency key (email ``Message-ID``, the
robots' ``Idempotency-Key`` header), so the copy is recognisable as the same digest; its unfinished
attempt is recorded as interrupted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, and_, or_, select, update

from nianbao.alerts import settings
from nianbao.alerts.channels import CHANNELS, Channel, DeliveryError, Message
from nianbao.alerts.clock import naive_utc
from nianbao.warehouse.db import transaction
from nianbao.warehouse.schema import AlertAttempt, AlertOutbox

INTERRUPTED = "发送过程中断（发送进程退出，接收方是否已收到不明），按原编号重发"


@dataclass(frozen=True)
class Outcome:
    """What one claimed row came to: ``state`` delivered, pending (will retry) or failed (gave up)."""

    outbox_id: int
    jurisdiction: str | None
    channel: str
    recipient: str
    state: str
    reason: str | None = None


def _due_condition(now: datetime):
    hold_until = now - settings.in_flight_hold()
    return or_(and_(AlertOutbox.state == "pending", AlertOutbox.next_attempt_at <= now),
               and_(AlertOutbox.state == "in_flight", AlertOutbox.in_flight_since <= hold_until))


def _claim(engine: Engine, row_id: int, now: datetime) -> AlertOutbox | None:
    """Mark the row in flight if it is still due; None when it is not (any more)."""
    with transaction(engine) as session:
        claimed = session.execute(
            update(AlertOutbox).where(AlertOutbox.id == row_id, _due_condition(now))
            .values(state="in_flight", in_flight_since=now, attempts=AlertOutbox.attempts + 1)
            .execution_options(synchronize_session=False))
        if claimed.rowcount != 1:
            return None
        session.execute(update(AlertAttempt).where(AlertAttempt.outbox_id == row_id, AlertAttempt.outcome.is_(None))
                        .values(outcome="interrupted", finished_at=now, reason=INTERRUPTED)
                        .execution_options(synchronize_session=False))
        return session.get(AlertOutbox, row_id)


def _start_part(engine: Engine, row_id: int, part: int, now: datetime) -> int:
    with transaction(engine) as session:
        attempt = AlertAttempt(outbox_id=row_id, part=part, started_at=now)
        session.add(attempt)
        session.flush()
        return attempt.id


def _finish(engine: Engine, attempt_id: int, outcome: str, reason: str | None, now: datetime,
            **row: object) -> None:
    """Close the attempt and update its row in one transaction."""
    with transaction(engine) as session:
        attempt = session.get(AlertAttempt, attempt_id)
        attempt.outcome, attempt.reason, attempt.finished_at = outcome, reason, now
        session.execute(update(AlertOutbox).where(AlertOutbox.id == attempt.outbox_id).values(**row)
                        .execution_options(synchronize_session=False))


def _send_row(engine: Engine, row: AlertOutbox, channel: Channel, clock: Callable[[], datetime],
              limit: int) -> Outcome:
    message = Message(row.subject, row.body, row.html, row.recipient, row.secret_name, row.idempotency_key)
    result = {"outbox_id": row.id, "jurisdiction": row.jurisdiction, "channel": row.channel,
              "recipient": row.recipient}
    parts = channel.parts(message)
    for index in range(row.parts_sent, len(parts)):
        attempt_id = _start_part(engine, row.id, index + 1, clock())
        try:
            channel.send(message, parts[index], index + 1, len(parts))
        except Exception as exc:  # noqa: BLE001 - any failure is recorded on the row, never lost
            reason = str(exc) if isinstance(exc, DeliveryError) else f"{type(exc).__name__}: {exc}"
            give_up = getattr(exc, "permanent", False) or row.attempts >= limit
            now = clock()
            state = "failed" if give_up else "pending"
            _finish(engine, attempt_id, "failed", reason, now, state=state, in_flight_since=None,
                    last_error=reason, next_attempt_at=now + settings.retry_delay(row.attempts))
            return Outcome(**result, state=state, reason=reason)
        now = clock()
        last = index + 1 == len(parts)
        _finish(engine, attempt_id, "delivered", None, now, parts_sent=index + 1,
                **({"state": "delivered", "delivered_at": now, "in_flight_since": None, "last_error": None}
                   if last else {}))
    return Outcome(**result, state="delivered")


def deliver(engine: Engine, *, max_attempts: int | None = None, now: datetime | None = None,
            ids: Iterable[int] | None = None) -> list[Outcome]:
    """Deliver every due outbox row (only ``ids`` when given), oldest first; returns what each came to.

    ``max_attempts`` defaults to ``NIANBAO_ALERT_MAX_ATTEMPTS``; ``now`` fixes the clock (tests)."""
    settings.check()
    limit = max_attempts or settings.max_attempts()
    clock: Callable[[], datetime] = (lambda: naive_utc(now)) if now is not None else (lambda: naive_utc(None))
    query = select(AlertOutbox.id).where(_due_condition(clock())).order_by(AlertOutbox.id)
    if ids is not None:
        query = query.where(AlertOutbox.id.in_(list(ids)))
    with engine.connect() as connection:
        due = list(connection.scalars(query))
    channels: dict[str, Channel] = {}
    outcomes = []
    for row_id in due:
        row = _claim(engine, row_id, clock())
        if row is None:
            continue
        channel = channels.setdefault(row.channel, CHANNELS[row.channel]())
        outcomes.append(_send_row(engine, row, channel, clock, limit))
    return outcomes
