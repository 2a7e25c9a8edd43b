"""nianbao_deadlines: the day after each legal deadline, who has not published.

On 1 February (departments' reports were due 31 January) and 1 April (governments' own, due 31 March)
the year before the logical date's is checked as of that day, so ``report_missing`` and
``published_on_time`` name the agencies whose deadline has just passed, and the 公开办 is notified.
Wiring only: the work is done by :mod:`nianbao.pipeline`, imported inside the tasks.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import CronTriggerTimetable, dag, get_current_context, task

from nianbao.pipeline.airflow import TIMEZONE, on_failure, report_year, run_day, settings


@dag(
    dag_id="nianbao_deadlines",
    schedule=CronTriggerTimetable("0 6 1 2,4 *", timezone=TIMEZONE),
    start_date=pendulum.datetime(2020, 2, 1, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    default_args={"on_failure_callback": on_failure},
    tags=["nianbao"],
)
def nianbao_deadlines() -> None:
    @task
    def check() -> dict:
        from nianbao.pipeline import steps

        context = get_current_context()
        return steps.check_year(settings(), report_year(context), as_of=run_day(context))

    @task(retries=3, retry_delay=timedelta(minutes=1), retry_exponential_backoff=2.0)
    def notify(checked: dict) -> dict:
        from nianbao.pipeline import steps

        return steps.notify(settings(), checked["year"])

    notify(check())


nianbao_deadlines()
