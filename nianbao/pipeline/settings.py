"""Where the pipeline reads and writes: warehouse URL, sources registry, raw store, Data Docs folder
(and how many check runs its Data Docs keep).

Outside Airflow everything comes from the environment (``NIANBAO_DATABASE_URL``, ``NIANBAO_REGISTRY``,
``NIANBAO_RAW_STORE``, ``NIANBAO_DOCS``, ``NIANBAO_BASE_URL``, ``NIANBAO_FAST``), then ``nianbao.toml``,
then the defaults in the home folder (:mod:`nianbao.home`; the registry defaults to the bundled sample,
:data:`DEFAULT_REGISTRY`, which the commands' help names). Inside a task, Airflow's own configuration comes
first: the Connection ``nianbao_warehouse`` and the Variables ``nianbao_registry``, ``nianbao_raw_store``,
``nianbao_docs``, ``nianbao_base_url`` and ``nianbao_fast``, each falling back to the environment and then
the default.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from crawlers.registry import DEFAULT_REGISTRY
from nianbao import home

WAREHOUSE_CONNECTION = "nianbao_warehouse"


@dataclass(frozen=True)
class Settings:
    """Where one run works. ``base_url`` resolves the registry's relative entry pages (instead of each
    file's own ``base_url``); ``fast`` switches crawl politeness off (loopback sites only); the Data
    Docs keep the newest ``docs_keep_runs`` check runs, none older than ``docs_keep_days``."""

    database_url: str
    registry: str
    raw_store: str
    docs_dir: str
    base_url: str | None = None
    fast: bool = False
    docs_keep_runs: int = home.DOCS_KEEP["docs_keep_runs"]
    docs_keep_days: int = home.DOCS_KEEP["docs_keep_days"]

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Settings from the environment; ``overrides`` that are not None win."""
        settings = cls(
            database_url=home.database_url(),
            registry=home.setting("registry") or str(DEFAULT_REGISTRY),
            raw_store=home.raw_store(),
            docs_dir=home.docs_dir(),
            base_url=os.environ.get("NIANBAO_BASE_URL") or None,
            fast=_flag(os.environ.get("NIANBAO_FAST")),
            docs_keep_runs=home.docs_keep("docs_keep_runs"),
            docs_keep_days=home.docs_keep("docs_keep_days"),
        )
        return settings.with_overrides(**overrides)

    @classmethod
    def from_airflow(cls, *, variables: bool = True, **overrides: Any) -> Settings:
        """Settings inside an Airflow task: Connection and Variables first, then the environment.

        Each Connection or Variable is a request to Airflow's API server; a task that needs only the
        warehouse (the mapped load tasks, hundreds a run) passes ``variables=False`` and makes one."""
        from airflow.sdk import Variable

        base = cls.from_env()
        base = replace(base, database_url=_warehouse_connection() or base.database_url)
        if not variables:
            return base.with_overrides(**overrides)
        settings = replace(
            base,
            registry=Variable.get("nianbao_registry", default=base.registry),
            raw_store=Variable.get("nianbao_raw_store", default=base.raw_store),
            docs_dir=Variable.get("nianbao_docs", default=base.docs_dir),
            base_url=Variable.get("nianbao_base_url", default=base.base_url),
            fast=_flag(Variable.get("nianbao_fast", default=str(base.fast))),
        )
        return settings.with_overrides(**overrides)

    def with_overrides(self, **overrides: Any) -> Settings:
        return replace(self, **{k: str(v) if isinstance(v, Path) else v
                                for k, v in overrides.items() if v is not None})

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "yes", "on")


def _warehouse_connection() -> str | None:
    """The SQLAlchemy URL of the Airflow Connection ``nianbao_warehouse``, if there is one.

    The connection's extra ``sqlalchemy_url`` is taken as it is; otherwise its URI, with Airflow's
    ``postgres`` scheme named for the psycopg 3 driver nianbao uses."""
    from airflow.sdk import Connection
    from airflow.sdk.exceptions import AirflowNotFoundException

    try:
        connection = Connection.get(WAREHOUSE_CONNECTION)
    except AirflowNotFoundException:
        return None
    explicit = connection.extra_dejson.get("sqlalchemy_url")
    if explicit:
        return explicit
    uri = connection.get_uri()
    scheme, _, rest = uri.partition("://")
    if scheme in ("postgres", "postgresql"):
        return f"postgresql+psycopg://{rest}"
    return uri
