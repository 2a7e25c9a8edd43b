"""Delivery channels behind one interface (:class:`~nianbao.alerts.channels.base.Channel`): email and
the 企业微信, 钉钉 and 飞书 group robots, by the outbox's ``channel`` name."""

from __future__ import annotations

from nianbao.alerts.channels.base import Channel, DeliveryError, Message
from nianbao.alerts.channels.dingtalk import DingTalkChannel
from nianbao.alerts.channels.email import EmailChannel
from nianbao.alerts.channels.feishu import FeishuChannel
from nianbao.alerts.channels.wecom import WeComChannel

CHANNELS: dict[str, type[Channel]] = {
    "email": EmailChannel,
    "wecom": WeComChannel,
    "dingtalk": DingTalkChannel,
    "feishu": FeishuChannel,
}

__all__ = ["CHANNELS", "Channel", "DeliveryError", "Message"]
