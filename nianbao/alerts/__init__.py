"""Alerts to the 公开办: digests of what changed in the findings, per jurisdiction, delivered exactly
once through an outbox in the warehouse by email and the 企业微信, 钉钉 and 飞书 group robots.

:func:`compose` writes the digests due, :func:`deliver` sends the outbox, :func:`notify` does both and
summarises; :func:`alert_operators` mails the operators (Airflow failure callbacks, site problems).
"""

from __future__ import annotations

from nianbao.alerts.compose import Composed, compose
from nianbao.alerts.deliver import Outcome, deliver
from nianbao.alerts.notify import notify
from nianbao.alerts.operators import alert_operators

__all__ = ["Composed", "Outcome", "alert_operators", "compose", "deliver", "notify"]
