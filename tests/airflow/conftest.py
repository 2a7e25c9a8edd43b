"""One native Celery cluster (tests/airflow/cluster.py) for the cluster tests of a test session.

Its DAG folder holds the project's DAGs (``dags/``) and the probe DAG of :data:`PROBE`. The tests that
use it run on one pytest-xdist worker (see tests/conftest.py); the ``cluster`` fixture restarts a worker
an earlier test killed.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.airflow.cluster import Cluster, cluster_processes, running_cluster

REPO = Path(__file__).resolve().parents[2]
WORKERS = ("w1", "w2")

# Each mapped task sleeps ``seconds`` of the run's conf and returns the worker it ran on (NIANBAO_WORKER_NAME).
PROBE = '''
import os
import time

from airflow.sdk import dag, get_current_context, task


@dag(schedule=None, catchup=False)
def cluster_probe():
    @task
    def items() -> list[int]:
        return list(range(get_current_context()["dag_run"].conf["items"]))

    @task
    def work(item: int) -> str:
        time.sleep(get_current_context()["dag_run"].conf["seconds"])
        return os.environ["NIANBAO_WORKER_NAME"]

    work.expand(item=items())


cluster_probe()
'''


@pytest.fixture(scope="session")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("cluster")
    dags = root / "dags"
    shutil.copytree(REPO / "dags", dags, ignore=shutil.ignore_patterns("__pycache__"))
    (dags / "cluster_probe.py").write_text(PROBE, encoding="utf-8")
    with running_cluster(root, dags, WORKERS) as cluster:
        yield cluster
    assert not cluster_processes(root)


@pytest.fixture
def cluster(running: Cluster) -> Cluster:
    """The session's cluster with both workers up."""
    running.ensure_workers(WORKERS)
    return running
