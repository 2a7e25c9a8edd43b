"""飞书 custom bot: a rich-text ``post`` message (zh_cn title and paragraphs; a line holding a link gets
an ``a`` element). With a secret (签名校验), ``timestamp`` (seconds, as a string) and ``sign`` go in the
body: sign is Base64(HMAC-SHA256(key=f"{timestamp}\\n{secret}", msg=b"")). The request body may hold
at most 20 KB; parts of the text are kept under 12,000 bytes to leave room for the JSON around them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time

from nianbao.alerts.channels.base import Message
from nianbao.alerts.channels.robot import RobotChannel, part_title

LINK = re.compile(r"https?://\S+")


def sign(secret: str, timestamp: str) -> str:
    digest = hmac.new(f"{timestamp}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def paragraph(line: str) -> list[dict]:
    """One line as post elements: text, with each web address as a link."""
    elements, position = [], 0
    for match in LINK.finditer(line):
        if match.start() > position:
            elements.append({"tag": "text", "text": line[position:match.start()]})
        elements.append({"tag": "a", "text": match.group(), "href": match.group()})
        position = match.end()
    if position < len(line) or not elements:
        elements.append({"tag": "text", "text": line[position:]})
    return elements


class FeishuChannel(RobotChannel):
    limit_bytes = 12_000
    result_field = "code"

    def request(self, url: str, secret: str | None, message: Message, text: str, part: int,
                total: int) -> tuple[str, dict]:
        post = {"zh_cn": {"title": part_title(message.subject, part, total),
                          "content": [paragraph(line) for line in text.splitlines()]}}
        payload: dict = {"msg_type": "post", "content": {"post": post}}
        if secret:
            timestamp = str(int(time.time()))
            payload = {"timestamp": timestamp, "sign": sign(secret, timestamp), **payload}
        return url, payload
