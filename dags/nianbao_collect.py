"""nianbao_collect: the yearly collection, every morning while reports are due and trickle in.

Report year = the logical date's year − 1. Each jurisdiction of the registry is crawled in its own
mapped task, each newly collected document parsed and loaded in its own (a corrupt document fails only
its own task instance, recorded with its reason), then the year is checked and the 公开办 notified
(digests through the alert outbox, exactly once).
Runs daily at 06:00 Asia/Shanghai from 1 February to 30 April; earlier years with
``airflow backfill create --dag-id nianbao_collect --from-date 2024-02-01 --to-date 2024-02-01``.
Wiring only: the work is done by :mod:`nianbao.pipeline`, imported inside the tasks.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Asset, CronTriggerTimetable, Param, dag, get_current_context, task

from nianbao.pipeline.airflow import TIMEZONE, on_failure, report_year, settings

# The reports loaded into the warehouse: written by the load tasks, read by the check.
WAREHOUSE_REPORTS = Asset("nianbao://warehouse/report")

# Network steps retry with exponential backoff; loading retries only when its worker died, never for a
# document that cannot be read (that fails at once, see load()).
BACKOFF = {"retries": 3, "retry_delay": timedelta(minutes=1), "retry_exponential_backoff": 2.0,
           "max_retry_delay": timedelta(minutes=30)}


@dag(
    dag_id="nianbao_collect",
    schedule=CronTriggerTimetable("0 6 * 2-4 *", timezone=TIMEZONE),
    start_date=pendulum.datetime(2020, 2, 1, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    params={"year": Param(None, type=["null", "integer"], description="报告年度（默认：运行日期的上一年）"),
            "jurisdiction": Param(None, type=["null", "string"], description="只处理这个辖区（编码或名称）")},
    default_args={"on_failure_callback": on_failure, "retries": 2, "retry_delay": timedelta(seconds=5)},
    tags=["nianbao"],
)
def nianbao_collect() -> None:
    @task
    def plan() -> list[dict]:
        from nianbao.pipeline import steps

        context = get_current_context()
        return steps.plan_year(settings(), report_year(context), context["params"]["jurisdiction"])

    # One crawl per site at a time (Scrapy throttles within it); a few sites crawled side by side.
    @task(max_active_tis_per_dagrun=4, **BACKOFF)
    def crawl(item: dict) -> dict:
        from nianbao.pipeline import steps

        return steps.crawl_jurisdiction(settings(), item["year"], item["jurisdiction"])

    @task(trigger_rule="all_done")
    def collected(crawls: list[dict]) -> list[int]:
        return [document for crawled in crawls if crawled for document in crawled["documents"]]

    @task(outlets=[WAREHOUSE_REPORTS])
    def load(document_id: int) -> dict:
        from airflow.sdk.exceptions import AirflowFailException

        from nianbao.pipeline import steps

        result = steps.load_document(settings(variables=False), document_id)  # it needs only the warehouse
        if result["outcome"] == "failed":
            raise AirflowFailException(f"{result['url'] or result['path']}：{result['reason']}")
        return result

    @task(trigger_rule="all_done", inlets=[WAREHOUSE_REPORTS])
    def check(planned: list[dict]) -> dict:
        from nianbao.pipeline import steps

        context = get_current_context()
        return steps.check_year(settings(), report_year(context), context["params"]["jurisdiction"])

    @task(**BACKOFF)
    def notify(checked: dict) -> dict:
        from nianbao.pipeline import steps

        return steps.notify(settings(), checked["year"], checked["jurisdiction"])

    planned = plan()
    loads = load.expand(document_id=collected(crawl.expand(item=planned)))
    checked = check(planned)
    loads >> checked
    notify(checked)


nianbao_collect()
