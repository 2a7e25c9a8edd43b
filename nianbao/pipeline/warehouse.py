"""The warehouse as the commands speak of it: where it is, whether it is ready to read, its schema version,
bringing it up to date, and the dashboard built from it."""

from __future__ import annotations

from pathlib import Path

from nianbao.pipeline.settings import Settings
from nianbao.warehouse.db import describe_url, make_engine
from nianbao.warehouse.migrate import current_revision, head_revision, require_ready, upgrade


def where(database_url: str) -> str:
    """Where the warehouse at ``database_url`` is, for messages to staff (password hidden)."""
    return describe_url(database_url)


def ready(settings: Settings, *, upgradable: bool = False) -> None:
    """Raise :class:`~nianbao.pipeline.errors.WarehouseNotReady` unless the warehouse exists at the newest
    schema (``upgradable``: at any schema, for a command that upgrades it before writing); a SQLite file
    that does not exist is not created by asking."""
    engine = make_engine(settings.database_url)
    try:
        require_ready(engine, upgradable=upgradable)
    finally:
        engine.dispose()


def upgrade_warehouse(settings: Settings) -> str:
    """Bring the warehouse to the newest schema; returns its revision."""
    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        return current_revision(engine)
    finally:
        engine.dispose()


def schema_versions(settings: Settings) -> tuple[str | None, str | None]:
    """The warehouse's schema revision (None: not created) and the newest one."""
    engine = make_engine(settings.database_url)
    try:
        return current_revision(engine), head_revision()
    finally:
        engine.dispose()


def build_dashboard(settings: Settings, out: Path) -> Path:
    """Write the oversight dashboard of the (upgraded) warehouse into ``out``; returns its front page."""
    from nianbao.dashboard import build  # imported here: Jinja and the site's assets only for this command

    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)
        return build(engine, out, docs_dir=Path(settings.docs_dir))
    finally:
        engine.dispose()
