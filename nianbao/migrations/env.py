"""Alembic environment: migrates the connection `warehouse.migrate` hands over, else NIANBAO_DATABASE_URL."""

from __future__ import annotations

from alembic import context

from nianbao.warehouse.db import make_engine
from nianbao.warehouse.schema import Base

config = context.config


def run_on(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    engine = make_engine()
    with engine.connect() as connection:
        run_on(connection)
    engine.dispose()


run_migrations_online()
