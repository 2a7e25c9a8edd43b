"""What the three group robots share: the webhook URL and secret looked up by name, the message cut to
the platform's limit, one JSON POST per part with the idempotency key in an ``Idempotency-Key`` header
(the platforms ignore it; a receiver or proxy that logs it can tell a resent copy), and the platform's
answer checked (HTTP status, then its ``errcode``/``code`` field: 0 is accepted)."""

from __future__ import annotations

from abc import abstractmethod

import httpx

from nianbao.alerts import settings
from nianbao.alerts.channels.base import Channel, DeliveryError, Message
from nianbao.alerts.channels.references import resolve
from nianbao.alerts.channels.split import split

IDEMPOTENCY_HEADER = "Idempotency-Key"


def part_key(message: Message, part: int, total: int) -> str:
    return message.idempotency_key if total == 1 else f"{message.idempotency_key}#{part}"


def part_title(subject: str, part: int, total: int) -> str:
    return subject if total == 1 else f"{subject}（{part}/{total}）"


class RobotChannel(Channel):
    """A robot platform: subclasses give the size limit, the payload and the signature."""

    limit_bytes: int
    result_field: str = "errcode"

    def parts(self, message: Message) -> list[str]:
        return split(message.body, self.limit_bytes)

    @abstractmethod
    def request(self, url: str, secret: str | None, message: Message, text: str, part: int,
                total: int) -> tuple[str, dict]:
        """The URL to POST to and the JSON body, signed when ``secret`` is given."""

    def send(self, message: Message, text: str, part: int, total: int) -> None:
        url = resolve(message.recipient)
        secret = resolve(message.secret_name, secret=True) if message.secret_name else None
        target, payload = self.request(url, secret, message, text, part, total)
        try:
            response = httpx.post(target, json=payload, timeout=settings.webhook_timeout(),
                                  headers={IDEMPOTENCY_HEADER: part_key(message, part, total)})
        except httpx.HTTPError as exc:
            raise DeliveryError(f"{message.recipient} 请求失败：{type(exc).__name__} {exc}") from exc
        if response.status_code >= 400:
            permanent = 400 <= response.status_code < 500 and response.status_code not in (408, 429)
            raise DeliveryError(f"{message.recipient} 返回 HTTP {response.status_code}", permanent=permanent)
        try:
            answer = response.json()
        except ValueError as exc:
            raise DeliveryError(f"{message.recipient} 的答复不是 JSON：{response.text[:200]!r}") from exc
        code = answer.get(self.result_field, answer.get("StatusCode")) if isinstance(answer, dict) else None
        if code != 0:
            raise DeliveryError(f"{message.recipient} 未接受消息：{answer}")
