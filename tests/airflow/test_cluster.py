"""The native Celery cluster (tests/airflow/cluster.py) runs a mapped DAG on both workers, and each task
instance's ``hostname`` names the worker that ran it.

The DAG is the probe of tests/airflow/conftest.py: each mapped task returns the worker it ran on
(``NIANBAO_WORKER_NAME`` in the worker's environment). That a run survives a worker SIGKILLed mid-task
is tested with the real DAG in test_collect_cluster.py.
"""

from __future__ import annotations

import pytest

from tests.airflow.cluster import Cluster

pytestmark = pytest.mark.slow


def test_mapped_tasks_run_on_both_workers(cluster: Cluster) -> None:
    run_id = cluster.trigger("cluster_probe", {"items": 8, "seconds": 1})
    assert cluster.wait(run_id) == "success"
    instances = [ti for ti in cluster.task_instances(run_id) if ti["task_id"] == "work"]
    returned = {ti["map_index"]: cluster.xcom(run_id, "work", ti["map_index"]) for ti in instances}
    assert sorted(returned) == list(range(8))
    assert returned == {ti["map_index"]: ti["hostname"] for ti in instances}
    assert set(returned.values()) == {"w1", "w2"}
