"""The one interface every channel implements, and the message it is handed.

A channel turns a :class:`Message` into one or more numbered parts (a platform's size limit) and sends
one part at a time; a failure is a :class:`DeliveryError` whose reason the outbox records. ``permanent``
failures (the receiver refused the message itself) are not retried.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass


class DeliveryError(Exception):
    """A part was not accepted; ``str()`` is the reason, for operators."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.permanent = permanent


@dataclass(frozen=True)
class Message:
    """One outbox row as a channel sees it: ``recipient`` is an email address or, for a robot, the name
    of the setting holding its webhook URL (``secret_name`` its signing secret)."""

    subject: str
    body: str
    html: str | None
    recipient: str
    secret_name: str | None
    idempotency_key: str


class Channel(ABC):
    """Email or one robot platform."""

    def parts(self, message: Message) -> list[str]:
        """The texts to send in order; one unless the platform limits a message's size."""
        return [message.body]

    @abstractmethod
    def send(self, message: Message, text: str, part: int, total: int) -> None:
        """Send part ``part`` (1-based) of ``total``; raise :class:`DeliveryError` when not accepted."""
