"""The native Celery cluster (tests/airflow/cluster.py) distributes a mapped DAG over both workers, and a
run survives one worker SIGKILLed mid-task: Airflow fails the lost task instances for missing heartbeats
and retries them on the other worker.

The DAG is the probe of tests/airflow/conftest.py: each mapped task records the worker it ran on
(``NIANBAO_WORKER_NAME``) as its return value and marks its start and end in a folder.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.airflow.cluster import Cluster

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("airflow_cluster")]


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
    run_id = probe(cluster, tmp_path / "marks", items=8, seconds=1)
    assert cluster.wait(run_id) == "success"
    ran_on = workers_of(cluster, run_id)
    assert sorted(ran_on) == list(range(8))
    assert set(ran_on.values()) == {"w1", "w2"}


def test_run_survives_a_sigkilled_worker(cluster: Cluster, tmp_path: Path) -> None:
    marks = tmp_path / "marks"
    run_id = probe(cluster, marks, items=4, seconds=5)
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
    assert sorted(ran_on) == list(range(4))
    tries = {ti["map_index"]: ti["try_number"] for ti in cluster.task_instances(run_id) if ti["task_id"] == "work"}
    for item in interrupted:
        assert ran_on[item] == "w2" and tries[item] > 1
