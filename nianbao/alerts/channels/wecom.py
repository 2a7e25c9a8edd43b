"""企业微信 group robot: a ``markdown`` message, whose content may hold at most 4096 bytes of UTF-8
(群机器人配置说明); no signature (the webhook key is the credential)."""

from __future__ import annotations

from nianbao.alerts.channels.base import Message
from nianbao.alerts.channels.robot import RobotChannel


class WeComChannel(RobotChannel):
    limit_bytes = 4096

    def request(self, url: str, secret: str | None, message: Message, text: str, part: int,
                total: int) -> tuple[str, dict]:
        return url, {"msgtype": "markdown", "markdown": {"content": text}}
