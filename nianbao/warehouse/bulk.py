"""Fast inserts of many rows: ``COPY`` on PostgreSQL, one ``executemany`` elsewhere.

Rows go through the caller's session connection, so they commit or roll back with its transaction.
"""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import JSON, Table, text
from sqlalchemy.orm import Session


class PendingRows:
    """Rows collected per table, written together by :meth:`write` (parents before children)."""

    def __init__(self) -> None:
        self.rows: dict[Table, list[dict]] = defaultdict(list)

    def add(self, table: Table, rows: list[dict]) -> None:
        self.rows[table].extend(rows)

    def write(self, session: Session) -> None:
        for table, rows in self.rows.items():
            if rows:
                insert_rows(session, table, rows)
        self.rows.clear()


def insert_rows(session: Session, table: Table, rows: list[dict]) -> None:
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        connection.execute(table.insert(), rows)
        return
    columns = list(rows[0])
    as_json = {c for c in columns if isinstance(table.c[c].type, JSON)}
    names = ", ".join(f'"{c}"' for c in columns)
    with (
        connection.connection.driver_connection.cursor() as cursor,
        cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(
                [json.dumps(row[c], ensure_ascii=False) if c in as_json else row[c] for c in columns]
            )


def insert_returning_ids(session: Session, table: Table, rows: list[dict]) -> list[int]:
    """Insert ``rows`` and return their new ids in the order given: on PostgreSQL, ids drawn from the
    table's sequence first and the rows copied with them; elsewhere, multi-row ``INSERT … RETURNING``."""
    if not rows:
        return []
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        ids = list(connection.execute(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"),
            {"table": table.name, "count": len(rows)},
        ).scalars())
        insert_rows(session, table, [{"id": id_, **row} for id_, row in zip(ids, rows, strict=True)])
        return ids
    result = connection.execute(table.insert().returning(table.c.id, sort_by_parameter_order=True), rows)
    return list(result.scalars())
