"""Times in the outbox are naive UTC like the rest of the warehouse; callers may pass an aware time."""

from __future__ import annotations

from datetime import UTC, datetime

from nianbao.warehouse.documents import utcnow


def naive_utc(moment: datetime | None) -> datetime:
    """``moment`` as naive UTC; now when None."""
    if moment is None:
        return utcnow()
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment
