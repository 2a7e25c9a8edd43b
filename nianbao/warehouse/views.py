"""The auditors' views, kept as SQL files in ``sql/views`` (one ``CREATE VIEW`` each, applied by name order).

Migrations call :func:`replace_views` whenever a view changes, so a view file is the one source of truth.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, text

from nianbao.resources import SQL

VIEWS_DIR = SQL / "views"


def view_files() -> list[Path]:
    return sorted(VIEWS_DIR.glob("*.sql"))


def view_name(path: Path) -> str:
    """``01_v_application_matrix.sql`` → ``v_application_matrix``."""
    return path.stem.split("_", 1)[1]


def drop_views(connection: Connection) -> None:
    for path in reversed(view_files()):
        connection.execute(text(f"DROP VIEW IF EXISTS {view_name(path)}"))


def replace_views(connection: Connection) -> None:
    """Drop and recreate every view from its file."""
    drop_views(connection)
    for path in view_files():
        connection.execute(text(path.read_text(encoding="utf-8")))
