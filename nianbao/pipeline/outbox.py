"""The alert outbox as operators see it (``nianbao notify --status``): its rows (every message not yet
delivered, then the latest delivered) and how many are in each state, with the words for each state
(:data:`STATE_WORDS`, the alerts' own)."""

from __future__ import annotations

from nianbao.alerts.status import STATE_WORDS, OutboxRow, outbox_counts, outbox_rows
from nianbao.pipeline.settings import Settings
from nianbao.pipeline.warehouse import engine_for

__all__ = ["STATE_WORDS", "OutboxRow", "outbox"]


def outbox(settings: Settings) -> tuple[list[OutboxRow], dict[str, int]]:
    """The outbox of the (upgraded) warehouse: its rows and the count of rows in each state."""
    with engine_for(settings, upgraded=True) as engine:
        return outbox_rows(engine), outbox_counts(engine)
