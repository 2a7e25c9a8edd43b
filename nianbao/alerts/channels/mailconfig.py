"""Where email goes: inside Airflow the ``smtp_default`` connection, else ``NIANBAO_SMTP_URL``.

``NIANBAO_SMTP_URL`` is ``smtp://user:password@host:587?starttls=true`` (user and password URL-encoded;
``smtps://`` for SSL from the start, port 465 by default; ``cafile=PATH`` to trust a private CA;
``timeout=SECONDS``), or ``maildir:///path/to/folder`` to drop each message into a local Maildir instead.
The sender is ``NIANBAO_MAIL_FROM``, else the Airflow connection's ``from_email``, else
``nianbao@localhost``. Airflow's SMTP connection follows its SMTP provider: SSL unless
``disable_ssl``, then STARTTLS unless ``disable_tls``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from nianbao.alerts.channels.base import DeliveryError
from nianbao.alerts.channels.references import airflow_connection

DEFAULT_SENDER = "nianbao@localhost"
TRUE = ("1", "true", "yes", "on")


@dataclass(frozen=True)
class MailSettings:
    sender: str
    maildir: Path | None = None
    host: str = "localhost"
    port: int = 25
    username: str | None = None
    password: str | None = None
    ssl: bool = False
    starttls: bool = False
    cafile: str | None = None
    timeout: float = 30.0


def _flag(value: object) -> bool:
    return value is True or str(value).strip().lower() in TRUE


def _from_url(url: str, sender: str) -> MailSettings:
    parts = urlsplit(url)
    if parts.scheme == "maildir":
        path = unquote(parts.netloc + parts.path)
        if not path:
            raise DeliveryError(f"NIANBAO_SMTP_URL 的邮箱目录为空：{url!r}", permanent=True)
        return MailSettings(sender=sender, maildir=Path(path))
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise DeliveryError("NIANBAO_SMTP_URL 应形如 smtp://用户:密码@主机:587?starttls=true 或 maildir:///目录",
                            permanent=True)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    ssl = parts.scheme == "smtps"
    starttls = _flag(query.get("starttls", "false"))
    return MailSettings(
        sender=sender, host=parts.hostname, port=parts.port or (465 if ssl else 587 if starttls else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        ssl=ssl, starttls=starttls, cafile=query.get("cafile"), timeout=float(query.get("timeout", 30)),
    )


def mail_settings() -> MailSettings:
    """The configured mail settings; a :class:`DeliveryError` when none are."""
    sender = os.environ.get("NIANBAO_MAIL_FROM", "").strip()
    connection = airflow_connection("smtp_default")
    if connection is not None:
        extra = connection.extra_dejson
        ssl = not _flag(extra.get("disable_ssl", False))
        return MailSettings(
            sender=sender or extra.get("from_email") or DEFAULT_SENDER, host=connection.host or "localhost",
            port=connection.port or (465 if ssl else 587), username=connection.login or None,
            password=connection.password or None, ssl=ssl,
            starttls=not ssl and not _flag(extra.get("disable_tls", False)),
            timeout=float(extra.get("timeout", 30)),
        )
    url = os.environ.get("NIANBAO_SMTP_URL", "").strip()
    if not url:
        raise DeliveryError("未配置发信服务器：请设置 NIANBAO_SMTP_URL（或在 Airflow 中配置 smtp_default 连接）")
    return _from_url(url, sender or DEFAULT_SENDER)


def describe() -> str:
    """Where email goes, for messages to staff (no password)."""
    try:
        settings = mail_settings()
    except DeliveryError as error:
        return str(error)
    if settings.maildir is not None:
        return f"本地邮箱目录 {settings.maildir.resolve()}"
    return f"SMTP 服务器 {settings.host}:{settings.port}（发件人 {settings.sender}）"
