"""The native Celery cluster (tests/airflow/cluster.py) distributes a mapped DAG over both workers, and a
run survives one worker SIGKILLed mid-task: Airflow fails the lost task instances for missing heartbeats
and retries them on the other worker.

The DAG is a probe written into the cluster's DAG folder by this module: each mapped task records the
worker it ran on (``NIANBAO_WORKER_NAME``) as its return value and marks its start and end in a folder.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.airflow.cluster import Cluster, processes_with, running_cluster

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("airflow_cluster")]

PROBE = '''
import os
import time
from datetime import timedelta
from pathlib import Path

from airflow.sdk import dag, get_current_context, task


@dag(schedule=None, catchup=False, default_args={"retries": 2, "retry_delay": timedelta(seconds=5)})
def cluster_probe():
    @task
    def items() -> list[int]:
        return list(range(get_current_context()["dag_run"].conf["items"]))

    @task
    def work(item: int) -> str:
        context = get_current_context()
        name, conf = os.environ["NIANBAO_WORKER_NAME"], context["dag_run"].conf
        mark = Path(conf["marks"], f"{item}.{name}.{context['ti'].try_number}")
        mark.with_suffix(mark.suffix + ".start").touch()
        time.sleep(conf["seconds"])
        mark.with_suffix(mark.suffix + ".end").touch()
        return name

    work.expand(item=items())


cluster_probe()
'''


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("cluster")
    dags = root / "dags"
    dags.mkdir()
    (dags / "cluster_probe.py").write_text(PROBE, encoding="utf-8")
    with running_cluster(root, dags) as running:
        yield running
    assert not processes_with(f"AIRFLOW_HOME={running.home}")


def probe(cluster: Cluster, marks: Path, items: int, seconds: float) -> str:
    marks.mkdir()
    return cluster.trigger("cluster_probe", {"items": items, "seconds": seconds, "marks": str(marks)})


def workers_of(cluster: Cluster, run_id: str) -> dict[int, str]:
    """map index → the worker that returned it, checked against the task instance's hostname."""
    instances = [ti for ti in cluster.task_instances(run_id) if ti["task_id"] == "work"]
    returned = {ti["map_index"]: cluster.xcom(run_id, "work", ti["map_index"]) for ti in instances}
    assert returned == {ti["map_index"]: ti["hostname"] for ti in instances}
    return returned


def test_mapped_tasks_run_on_both_workers(cluster: Cluster, tmp_path: Path) -> None:
    run_id = probe(cluster, tmp_path / "marks", items=8, seconds=2)
    assert cluster.wait(run_id) == "success"
    ran_on = workers_of(cluster, run_id)
    assert sorted(ran_on) == list(range(8))
    assert set(ran_on.values()) == {"w1", "w2"}


def test_run_survives_a_sigkilled_worker(cluster: Cluster, tmp_path: Path) -> None:
    marks = tmp_path / "marks"
    run_id = probe(cluster, marks, items=6, seconds=6)
    deadline = time.monotonic() + 120
    while not list(marks.glob("*.w1.*.start")):
        assert time.monotonic() < deadline, cluster.logs()
        time.sleep(0.2)
    cluster.kill_worker("w1")
    interrupted = {int(mark.name.split(".")[0]) for mark in marks.glob("*.w1.1.start")
                   if not mark.with_name(mark.name.replace(".start", ".end")).exists()}
    assert interrupted

    assert cluster.wait(run_id) == "success"
    ran_on = workers_of(cluster, run_id)
    assert sorted(ran_on) == list(range(6))
    tries = {ti["map_index"]: ti["try_number"] for ti in cluster.task_instances(run_id) if ti["task_id"] == "work"}
    for item in interrupted:
        assert ran_on[item] == "w2" and tries[item] > 1
