"""The warehouse as the commands speak of it: where it is, whether it is ready to read, its schema version,
bringing it up to date, and the dashboard built from it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from nianbao.pipeline.settings import Settings
from nianbao.warehouse.db import describe_url, make_engine
from nianbao.warehouse.migrate import current_revision, head_revision, require_ready, upgrade


def where(database_url: str) -> str:
    """Where the warehouse at ``database_url`` is, for messages to staff (password hidden)."""
    return describe_url(database_url)


@contextmanager
def engine_for(settings: Settings, *, upgraded: bool = False) -> Iterator[Engine]:
    """An engine on the settings' warehouse for the length of a ``with`` block, its connections closed
    after; ``upgraded``: the warehouse brought to the newest schema first."""
    engine = make_engine(settings.database_url)
    try:
        if upgraded:
            upgrade(engine)
        yield engine
    finally:
        engine.dispose()


def ready(settings: Settings, *, upgradable: bool = False) -> None:
    """Raise :class:`~nianbao.pipeline.errors.WarehouseNotReady` unless the warehouse exists at the newest
    schema (``upgradable``: at any schema, for a command that upgrades it before writing); a SQLite file
    that does not exist is not created by asking."""
    with engine_for(settings) as engine:
        require_ready(engine, upgradable=upgradable)


def upgrade_warehouse(settings: Settings) -> str:
    """Bring the warehouse to the newest schema; returns its revision."""
    with engine_for(settings, upgraded=True) as engine:
        return current_revision(engine)


def schema_versions(settings: Settings) -> tuple[str | None, str | None]:
    """The warehouse's schema revision (None: not created) and the newest one."""
    with engine_for(settings) as engine:
        return current_revision(engine), head_revision()


def build_dashboard(settings: Settings, out: Path) -> Path:
    """Write the oversight dashboard of the (upgraded) warehouse into ``out``; returns its front page."""
    from nianbao.dashboard import build  # imported here: Jinja and the site's assets only for this command

    with engine_for(settings, upgraded=True) as engine:
        return build(engine, out, docs_dir=Path(settings.docs_dir))
