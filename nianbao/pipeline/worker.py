"""Celery configuration of nianbao's Airflow workers: Airflow's own defaults, plus the modules a
parse+load task needs, imported once when the worker starts.

On Linux every Airflow task process is forked from its Celery worker, so whatever the worker has
imported, each task starts with: preloading the parser stack, SQLAlchemy and the database driver saves
every one of the (hundreds of) mapped load tasks of a run from importing them again. Great Expectations
is left out: only the one check task of a run needs it, and it would cost every worker its memory.

Workers use it through Airflow's setting
``AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS=nianbao.pipeline.worker.CELERY_CONFIG`` (docker-compose.yml,
and the native cluster of the tests).
"""

from __future__ import annotations

from typing import Any

from airflow.providers.celery.executors.default_celery import DEFAULT_CELERY_CONFIG

PRELOADED: tuple[str, ...] = (
    "nianbao.pipeline.steps",
    "nianbao.pipeline.load",
    "parsers.parse",
    "psycopg",
    "sqlalchemy.dialects.postgresql.psycopg",
)

CELERY_CONFIG: dict[str, Any] = {**DEFAULT_CELERY_CONFIG, "imports": PRELOADED}
