"""``notify``: compose what is due, then deliver what is due, and say what happened in a small
JSON-serialisable summary (what the pipeline's notify step and the DAG log)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import Engine, func, select

from crawlers.registry import Jurisdiction
from nianbao.alerts.compose import compose
from nianbao.alerts.deliver import deliver
from nianbao.warehouse.schema import AlertOutbox

COUNTS = ("composed", "delivered", "failed", "pending")


def notify(engine: Engine, *, registry: list[Jurisdiction], year: int | None = None,
           jurisdiction: str | None = None, now: datetime | None = None) -> dict:
    """Compose and deliver. The summary: ``digests`` (id, jurisdiction, subject, counts), ``deliveries``
    (each message attempted: where, and whether delivered, pending a retry or failed for good, why) and
    ``channels``: per jurisdiction and channel, messages ``composed``, ``delivered`` and ``failed``
    (given up) in this run, and ``pending`` (waiting for a retry, or in flight) afterwards."""
    digests = compose(engine, registry=registry, year=year, jurisdiction=jurisdiction, now=now)
    outcomes = deliver(engine, now=now)
    table: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: dict.fromkeys(COUNTS, 0)))
    for digest in digests:
        for channel, _ in digest.messages:
            table[digest.jurisdiction][channel]["composed"] += 1
    for outcome in outcomes:
        if outcome.state in ("delivered", "failed"):
            table[outcome.jurisdiction or ""][outcome.channel][outcome.state] += 1
    waiting = (select(AlertOutbox.jurisdiction, AlertOutbox.channel, func.count())
               .where(AlertOutbox.state.in_(("pending", "in_flight")))
               .group_by(AlertOutbox.jurisdiction, AlertOutbox.channel))
    with engine.connect() as connection:
        for name, channel, count in connection.execute(waiting):
            table[name or ""][channel]["pending"] = count
    return {
        "digests": [{"id": d.digest_id, "jurisdiction": d.jurisdiction, "subject": d.subject, "counts": d.counts}
                    for d in digests],
        "deliveries": [{"jurisdiction": o.jurisdiction, "channel": o.channel, "recipient": o.recipient,
                        "state": o.state, "reason": o.reason} for o in outcomes],
        "channels": {name: {channel: dict(counts) for channel, counts in channels.items()}
                     for name, channels in table.items()},
    }
