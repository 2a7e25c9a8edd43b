"""钉钉 custom robot: a ``markdown`` message (``title`` shown in the chat list, ``text`` the body). With
a secret (加签), ``timestamp`` (milliseconds) and ``sign`` are added to the URL's query: sign is
Base64(HMAC-SHA256(key=secret, msg=f"{timestamp}\\n{secret}")), URL-encoded. The pages found state no
size limit for the markdown text; parts are kept under 18,000 bytes, a conservative figure below the
20,000 bytes DingTalk is reported to reject."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from urllib.parse import quote_plus

from nianbao.alerts.channels.base import Message
from nianbao.alerts.channels.robot import RobotChannel, part_title


def sign(secret: str, timestamp: str) -> str:
    """The 加签 signature, before URL encoding."""
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


class DingTalkChannel(RobotChannel):
    limit_bytes = 18_000

    def request(self, url: str, secret: str | None, message: Message, text: str, part: int,
                total: int) -> tuple[str, dict]:
        if secret:
            timestamp = str(round(time.time() * 1000))
            url += ("&" if "?" in url else "?") + f"timestamp={timestamp}&sign={quote_plus(sign(secret, timestamp))}"
        return url, {"msgtype": "markdown",
                     "markdown": {"title": part_title(message.subject, part, total), "text": text}}
