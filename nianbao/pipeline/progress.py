"""How long work reports its progress: the stages and the :class:`Progress` protocol the pipeline calls.

A stage starts with its total (None when not known, as for a crawl) and each item done advances it, with
an optional line about the item; the commands draw it (:mod:`nianbao.commands.progress`).
"""

from __future__ import annotations

from typing import Protocol

STAGES = {"crawl": "采集", "load": "解析入库", "check": "核查", "notify": "告警"}


class Progress(Protocol):
    """Where work reports its progress: a stage starts with its total (None: not known), items advance it."""

    def start(self, stage: str, total: int | None) -> None: ...

    def advance(self, stage: str, note: str | None = None) -> None: ...


class Quiet:
    """A :class:`Progress` that reports nothing."""

    def start(self, stage: str, total: int | None) -> None:
        return None

    def advance(self, stage: str, note: str | None = None) -> None:
        return None
