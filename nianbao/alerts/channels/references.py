"""Webhook URLs, secrets and the SMTP connection by name: from an environment variable, or inside
Airflow from a connection of that id (never from the registry or the warehouse).

Airflow is consulted only in a process that already imported it (a task) or when an
``AIRFLOW_CONN_<ID>`` variable defines the connection, so the command line does not pay Airflow's
import time.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from nianbao.alerts.channels.base import DeliveryError


def airflow_connection(conn_id: str) -> Any | None:
    """Airflow's connection ``conn_id``, or None outside Airflow or when it does not exist."""
    if "airflow" not in sys.modules and f"AIRFLOW_CONN_{conn_id.upper()}" not in os.environ:
        return None
    from airflow.sdk import BaseHook
    from airflow.sdk.exceptions import AirflowNotFoundException

    try:
        return BaseHook.get_connection(conn_id)
    except AirflowNotFoundException:
        return None


def resolve(name: str, *, secret: bool = False) -> str:
    """The value the registry refers to by ``name``: the environment variable, else the Airflow
    connection's host (a webhook URL) or password (a secret)."""
    value = os.environ.get(name, "").strip()
    if value:
        return value
    connection = airflow_connection(name)
    value = (connection.password if secret else connection.host) if connection is not None else None
    if not value:
        what = "密钥" if secret else "网址"
        raise DeliveryError(f"未找到{what} {name}：请设置同名环境变量或 Airflow 连接")
    return value
