"""Test session set-up.

Every test works in the project's ``var/`` unless it names its own warehouse or home: the per-user data
folder (the default ``NIANBAO_HOME``) and a developer's ``nianbao.toml`` are never touched.

How pytest-xdist shares the tests among its workers: one test at a time to whichever worker is free,
except the Airflow cluster tests, which all go to one worker, in file order, so that they share one
cluster (tests/airflow/conftest.py). (xdist's own ``--dist loadgroup`` names groups by suffixing node
ids, which pytest 9 no longer lets a plugin do; a scope of xdist's ``loadscope`` scheduling does the
same job.)
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling

os.environ["NIANBAO_HOME"] = str(Path(__file__).resolve().parents[1] / "var")
os.environ.pop("NIANBAO_CONFIG", None)

# Tests that share one costly session fixture run as one work unit, on one worker, so it is built once:
# the native Airflow cluster, and the OCR of the scanned fixtures (minutes of CPU each).
SHARED_UNITS = {
    "airflow-cluster": ("tests/airflow/test_cluster.py::", "tests/airflow/test_collect_cluster.py::"),
    "scans": ("tests/test_scans.py::",),
}


class ClusterScheduling(LoadScopeScheduling):
    """Every test its own work unit, but the tests of each shared unit one unit together."""

    def _split_scope(self, nodeid: str) -> str:
        return next((unit for unit, prefixes in SHARED_UNITS.items() if nodeid.startswith(prefixes)), nodeid)


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> ClusterScheduling:
    return ClusterScheduling(config, log)
