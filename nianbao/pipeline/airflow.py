"""The pipeline's side of Airflow: a task's settings, a run's report year, the failure callback.

The DAG files import this module when Airflow parses them, so it imports nothing heavy at module level.
"""

from __future__ import annotations

from datetime import date
from typing import Any


def settings(*, variables: bool = True):
    """The pipeline settings inside a task (Airflow Connection and Variables, then the environment);
    without ``variables``, only the warehouse Connection is read."""
    from nianbao.pipeline.settings import Settings

    return Settings.from_airflow(variables=variables)


TIMEZONE = "Asia/Shanghai"


def run_day(context: Any) -> date:
    """The run's day in China: its logical date, or when it was due to run (manual runs have no logical date)."""
    when = context.get("logical_date") or context["dag_run"].run_after
    return when.in_timezone(TIMEZONE).date()


def report_year(context: Any) -> int:
    """The run's report year: the ``year`` param, else the year before the run's day."""
    from nianbao.pipeline.steps import deadline_year

    params = context.get("params") or {}
    return int(params["year"]) if params.get("year") else deadline_year(run_day(context))


def on_failure(context: Any) -> None:
    """Tell the operators which task failed and why (``on_failure_callback``)."""
    from nianbao.pipeline.steps import task_failed

    instance = context["ti"]
    task_failed(settings(), instance.dag_id, instance.task_id, instance.map_index, context["run_id"],
                str(context.get("exception") or "未知原因"))
