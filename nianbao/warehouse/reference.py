"""Reference tables whose rows are the model's: ``year_layout`` holds :func:`nianbao.model.layout_years`.

A migration creates the table with the rows of its day; :func:`nianbao.warehouse.migrate.upgrade` then
restores them from the running code's model every time the database reaches the newest revision, like the
views, so a new layout in the model reaches the SQL without a migration.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select

from nianbao.model import layout_years
from nianbao.warehouse.schema import YearLayout


def sync_year_layout(connection: Connection) -> None:
    """Make ``year_layout`` hold the model's layout years (written only when they differ)."""
    table = YearLayout.__table__
    wanted = set(layout_years())
    stored = {tuple(row) for row in connection.execute(select(table.c.first_year, table.c.last_year, table.c.layout))}
    if stored != wanted:
        connection.execute(delete(table))
        connection.execute(insert(table), [{"first_year": first, "last_year": last, "layout": layout}
                                           for first, last, layout in wanted])
