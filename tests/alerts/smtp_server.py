"""A real SMTP server for the tests: aiosmtpd on 127.0.0.1 (a free port), in its own thread and event
loop, optionally with STARTTLS or implicit TLS (a self-signed certificate made here) and login.

``fail_next`` makes the next DATA commands answer with ``fail_reply`` (e.g. 451), the way a busy or
broken server does; ``messages`` holds every message accepted, parsed with the default email policy.
"""

from __future__ import annotations

import asyncio
import datetime
import email
import email.policy
import ipaddress
import socket
import ssl
import threading
import warnings
from pathlib import Path

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key, as PEM files."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class Handler:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.fail_next = 0
        self.fail_reply = "451 4.3.0 Requested action aborted: local error in processing"
        self.logins: list[str] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.fail_next > 0:
            self.fail_next -= 1
            return self.fail_reply
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        return "250 OK"


class SmtpServer:
    """``with SmtpServer() as server:`` serves until the block ends; ``url`` is its NIANBAO_SMTP_URL."""

    def __init__(self, *, tls: str | None = None, login: tuple[str, str] | None = None,
                 folder: Path | None = None) -> None:
        self.handler = Handler()
        self.tls, self.login = tls, login
        self.cafile: Path | None = None
        self._context: ssl.SSLContext | None = None
        if tls:
            assert folder is not None
            cert, key = self_signed(folder)
            self.cafile = cert
            self._context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            self._context.load_cert_chain(cert, key)
        self._loop = asyncio.new_event_loop()
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]

    def _authenticate(self, server, session, envelope, mechanism, data) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login.decode(), data.password.decode()) == self.login
        if ok:
            self.handler.logins.append(data.login.decode())
        return AuthResult(success=ok, handled=False, auth_data=data)

    def _protocol(self) -> SMTP:
        with warnings.catch_warnings():  # login without STARTTLS is the implicit-TLS case here
            warnings.simplefilter("ignore", UserWarning)
            return SMTP(self.handler, hostname="127.0.0.1",
                        tls_context=self._context if self.tls == "starttls" else None,
                        require_starttls=self.tls == "starttls",
                        authenticator=self._authenticate if self.login else None,
                        auth_required=bool(self.login), auth_require_tls=self.tls == "starttls")

    def __enter__(self) -> SmtpServer:
        ssl_context = self._context if self.tls == "ssl" else None
        self._server = self._loop.run_until_complete(
            self._loop.create_server(self._protocol, sock=self._socket, ssl=ssl_context))
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        async def close() -> None:
            self._server.close()
            await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return self.handler.messages

    @property
    def url(self) -> str:
        scheme = "smtps" if self.tls == "ssl" else "smtp"
        auth = f"{self.login[0]}:{self.login[1]}@" if self.login else ""
        query = [f"cafile={self.cafile}"] if self.cafile else []
        if self.tls == "starttls":
            query.append("starttls=true")
        return f"{scheme}://{auth}127.0.0.1:{self.port}" + ("?" + "&".join(query) if query else "")
