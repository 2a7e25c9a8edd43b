"""Airflow's Celery workers preload the parse+load stack: the setting docker-compose.yml and the native
cluster give them reaches Airflow's Celery app, whose workers then import the modules before forking."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
OPTION = "AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS"

# In a fresh interpreter: Airflow's Celery app as a worker builds it, then the worker's own import step.
SCRIPT = """
import json, sys
from airflow.providers.celery.executors.celery_executor_utils import app
before = "parsers.parse" in sys.modules
app.loader.import_default_modules()
print(json.dumps({"before": before, "imports": list(app.conf.imports),
                  "loaded": [name for name in app.conf.imports if name in sys.modules]}))
"""


def test_compose_workers_preload_the_parse_stack(tmp_path: Path) -> None:
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    setting = compose["x-airflow-common"]["environment"][OPTION]
    environment = {key: value for key, value in os.environ.items() if not key.startswith("AIRFLOW")}
    environment |= {"AIRFLOW_HOME": str(tmp_path), "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor", OPTION: setting}
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=environment, capture_output=True, text=True,
                            timeout=120, check=True, cwd=tmp_path)
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["before"] is False  # nothing of nianbao comes with Airflow itself
    assert {"parsers.parse", "nianbao.pipeline.load"} <= set(seen["imports"])
    assert seen["loaded"] == seen["imports"]
