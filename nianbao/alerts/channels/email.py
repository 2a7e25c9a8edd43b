"""Email: one multipart message (plain text and HTML, UTF-8) per recipient, over SMTP (SSL or STARTTLS,
with login when configured) or into a local Maildir. The outbox's idempotency key is the
``Message-ID``, so a copy resent after a crash is the same message to the receiver."""

from __future__ import annotations

import mailbox
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate

from nianbao.alerts.channels.base import Channel, DeliveryError, Message
from nianbao.alerts.channels.mailconfig import MailSettings, mail_settings


def message_id(key: str) -> str:
    return f"<{key}@nianbao>"


def build(message: Message, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["Subject"] = message.subject
    email["From"] = sender
    email["To"] = message.recipient
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = message_id(message.idempotency_key)
    email.set_content(message.body)
    if message.html:
        email.add_alternative(message.html, subtype="html")
    return email


def _smtp(settings: MailSettings, email: EmailMessage) -> None:
    context = ssl.create_default_context(cafile=settings.cafile)
    if settings.ssl:
        client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    with client:
        if settings.starttls:
            client.starttls(context=context)
        if settings.username:
            client.login(settings.username, settings.password or "")
        client.send_message(email)


class EmailChannel(Channel):
    def __init__(self) -> None:
        self._settings: MailSettings | None = None

    def settings(self) -> MailSettings:
        if self._settings is None:
            self._settings = mail_settings()
        return self._settings

    def send(self, message: Message, text: str, part: int, total: int) -> None:
        settings = self.settings()
        email = build(message, settings.sender)
        if settings.maildir is not None:
            try:
                mailbox.Maildir(settings.maildir, create=True).add(email)
            except OSError as exc:
                raise DeliveryError(f"无法写入邮箱目录 {settings.maildir}：{exc.strerror or exc}") from exc
            return
        try:
            _smtp(settings, email)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            raise DeliveryError(f"SMTP 拒收收件人 {message.recipient}：{code} {reply.decode(errors='replace')}",
                                permanent=code >= 500) from exc
        except smtplib.SMTPResponseException as exc:
            reply = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else exc.smtp_error
            raise DeliveryError(f"SMTP 服务器回复 {exc.smtp_code} {reply}", permanent=exc.smtp_code >= 500) from exc
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"SMTP 发送失败：{type(exc).__name__} {exc}") from exc
