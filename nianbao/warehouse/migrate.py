"""Alembic configured in code, so ``nianbao db upgrade`` works from any directory without an alembic.ini.

The migrations change tables only; the views are dropped before migrating and, once the database is at
the newest revision, created from the running code's files (:mod:`nianbao.warehouse.views`); the
reference rows copied from the model (:mod:`nianbao.warehouse.reference`) are restored from the running
code's model then too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from nianbao.resources import MIGRATIONS
from nianbao.warehouse.db import describe
from nianbao.warehouse.reference import sync_year_layout
from nianbao.warehouse.views import drop_views, replace_views


def alembic_config() -> Config:
    """The migrations' config; the connection to migrate is handed over in ``attributes``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database behind ``engine`` to ``revision`` (default: the newest), with the views and the
    model's reference rows at the newest revision."""
    _migrate(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the database back to ``revision`` (views only at the newest revision)."""
    _migrate(engine, command.downgrade, revision)


def _migrate(engine: Engine, step: Callable[[Config, str], None], revision: str) -> None:
    """Run ``step`` (Alembic's upgrade or downgrade) to ``revision`` in one transaction, views dropped
    before and, when the database ends at the newest revision, the model's reference rows restored and
    the views recreated after."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        drop_views(connection)
        step(config, revision)
        if MigrationContext.configure(connection).get_current_revision() == head_revision():
            sync_year_layout(connection)
            replace_views(connection)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


class WarehouseNotReady(Exception):
    """The warehouse to read does not exist, cannot be reached or is not migrated; the message says which
    and what to run, in Chinese."""


def require_ready(engine: Engine, *, upgradable: bool = False) -> None:
    """Raise :class:`WarehouseNotReady` unless the warehouse behind ``engine`` is at the newest revision
    (``upgradable``: at any revision, for a command that upgrades it before writing).

    A SQLite file that does not exist is not created by asking."""
    url = engine.url
    where = describe(engine)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") \
            and not Path(url.database).is_file():
        raise WarehouseNotReady(f"数据仓库不存在：{where}。请先运行 nianbao db upgrade 建立数据仓库，"
                                "再用 nianbao run 或 nianbao load 存入报告（或用 NIANBAO_HOME、"
                                "NIANBAO_DATABASE_URL 指向已有的数据仓库）。")
    try:
        current = current_revision(engine)
    except OperationalError as error:
        raise WarehouseNotReady(f"无法连接数据仓库 {where}：{str(error.orig).splitlines()[0]}") from error
    head = head_revision()
    if current is None:
        raise WarehouseNotReady(f"数据仓库 {where} 尚未建立结构：请运行 nianbao db upgrade。")
    if current != head and not upgradable:
        raise WarehouseNotReady(f"数据仓库 {where} 的结构版本 {current} 不是最新版本 {head}：请运行 nianbao db upgrade。")
