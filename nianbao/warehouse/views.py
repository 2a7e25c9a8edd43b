"""The warehouse's views, one ``CREATE VIEW`` per SQL file: the checks' helper views (``expectations/views``)
and the auditors' views (``sql/views``, applied by name order).

Views hold no data, so they stand outside the migrations' history: :func:`nianbao.warehouse.migrate.upgrade`
drops them before migrating and creates them from the running code's files once the database is at the
newest revision. A view file is the one source of truth for its view.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import Connection, text

from nianbao.resources import EXPECTATIONS, SQL


def view_files() -> list[Path]:
    """Every view file, in the order the views are created (the checks' first)."""
    return sorted((EXPECTATIONS / "views").glob("*.sql")) + sorted((SQL / "views").glob("*.sql"))


def view_name(path: Path) -> str:
    """``01_v_application_matrix.sql`` → ``v_application_matrix``."""
    return re.sub(r"^\d+_", "", path.stem)


def view_names() -> list[str]:
    return [view_name(path) for path in view_files()]


def drop_views(connection: Connection) -> None:
    for name in reversed(view_names()):
        connection.execute(text(f"DROP VIEW IF EXISTS {name}"))


def replace_views(connection: Connection) -> None:
    """Drop and recreate every view from its file."""
    drop_views(connection)
    for path in view_files():
        connection.execute(text(path.read_text(encoding="utf-8")))
