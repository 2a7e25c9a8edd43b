"""Messages to the operators (a failed Airflow task, a site the crawler can no longer read): email to
``NIANBAO_OPERATOR_EMAILS`` through the same email channel, through the outbox when a warehouse is
given (retried like any digest; straight away if the warehouse cannot take it), else sent at once. No
operator configured: logged, not an error."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime

from sqlalchemy import Engine

from nianbao.alerts import settings
from nianbao.alerts.channels import Message
from nianbao.alerts.channels.email import EmailChannel
from nianbao.alerts.clock import naive_utc
from nianbao.alerts.deliver import deliver
from nianbao.alerts.outbox import add_message
from nianbao.warehouse.db import transaction

log = logging.getLogger(__name__)


def alert_operators(subject: str, text: str, *, engine: Engine | None = None) -> None:
    """Email ``subject`` and ``text`` to every operator; failures are logged, never raised (this runs in
    failure callbacks)."""
    recipients = settings.operator_emails()
    if not recipients:
        log.warning("未配置运维人员邮箱（NIANBAO_OPERATOR_EMAILS），未发送：%s", subject)
        return
    now = naive_utc(None)
    prefix = "nianbao-ops-" + hashlib.sha256(f"{now.isoformat()}|{subject}|{text}".encode()).hexdigest()[:20]
    if engine is not None:
        try:
            _through_outbox(engine, now, prefix, recipients, subject, text)
            return
        except Exception as exc:  # noqa: BLE001 - the warehouse may be what failed; mail directly then
            log.error("运维通知无法写入发件箱（%s），改为直接发送", exc)
    channel = EmailChannel()
    for address in recipients:
        key = f"{prefix}-{hashlib.sha256(address.encode()).hexdigest()[:10]}"
        try:
            channel.send(Message(subject, text, None, address, None, key), text, 1, 1)
        except Exception as exc:  # noqa: BLE001 - a failure callback must not fail itself
            log.error("运维通知未送达 %s：%s", address, exc)


def _through_outbox(engine: Engine, now: datetime, prefix: str, recipients: list[str], subject: str,
                    text: str) -> None:
    with transaction(engine) as session:
        rows = [add_message(session, now=now, prefix=prefix, channel="email", recipient=address,
                            subject=subject, body=text) for address in recipients]
        session.flush()
        ids = [row.id for row in rows]
    for outcome in deliver(engine, ids=ids):
        if outcome.state != "delivered":
            log.error("运维通知未送达 %s：%s", outcome.recipient, outcome.reason)
