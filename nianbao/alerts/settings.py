"""The alerts' settings, read from the environment when used (so a test or the DAG can set them).

``NIANBAO_ALERT_GRACE_DAYS`` (14): an open finding is mentioned again once this long has passed since
it was last reported. ``NIANBAO_ALERT_MAX_ATTEMPTS`` (6): attempts before a message is given up.
``NIANBAO_ALERT_RETRY_SECONDS`` (300): the first retry's delay, doubled after every failure up to a day.
``NIANBAO_ALERT_INFLIGHT_HOLD_SECONDS`` (900): how long a message found in flight (its sender died during
the attempt) is held before it is sent again. ``NIANBAO_WEBHOOK_TIMEOUT`` (10): seconds per robot request.
"""

from __future__ import annotations

import os
from datetime import timedelta

MAX_RETRY_DELAY = timedelta(days=1)


class SettingError(ValueError):
    """A setting holds something unusable; the message is for operators."""


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise SettingError(f"环境变量 {name} 应为数字，现为 {raw!r}") from exc
    if value < 0:
        raise SettingError(f"环境变量 {name} 不能为负数，现为 {raw!r}")
    return value


def grace_period() -> timedelta:
    return timedelta(days=_number("NIANBAO_ALERT_GRACE_DAYS", 14))


def max_attempts() -> int:
    return max(1, int(_number("NIANBAO_ALERT_MAX_ATTEMPTS", 6)))


def retry_delay(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: base × 2^(attempts − 1), at most a day."""
    base = timedelta(seconds=_number("NIANBAO_ALERT_RETRY_SECONDS", 300))
    return min(base * 2 ** max(0, attempts - 1), MAX_RETRY_DELAY)


def in_flight_hold() -> timedelta:
    return timedelta(seconds=_number("NIANBAO_ALERT_INFLIGHT_HOLD_SECONDS", 900))


def webhook_timeout() -> float:
    return _number("NIANBAO_WEBHOOK_TIMEOUT", 10)


def check() -> None:
    """Read every delivery setting once, so a bad value stops the sender before it claims a message."""
    max_attempts(), retry_delay(1), in_flight_hold(), webhook_timeout()


def operator_emails() -> list[str]:
    """``NIANBAO_OPERATOR_EMAILS``, comma separated; empty when unset."""
    return [a.strip() for a in os.environ.get("NIANBAO_OPERATOR_EMAILS", "").split(",") if a.strip()]
