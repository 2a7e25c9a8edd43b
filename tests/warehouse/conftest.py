"""Database fixtures: every warehouse test runs on SQLite and on PostgreSQL.

Each test session (each xdist worker) gets its own SQLite file and its own PostgreSQL schema, migrated
once; every test starts from empty data tables. PostgreSQL unreachable skips its half, except with
``CI=true``, where it fails.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from nianbao.warehouse.db import make_engine
from nianbao.warehouse.migrate import upgrade
from nianbao.warehouse.schema import Base

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
KEEP = {"application_row_ref", "year_layout"}


def _postgres_url(schema: str) -> str:
    return f"{PG_SERVER}?options=-csearch_path%3D{schema}"


def _unreachable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL unreachable in CI: {reason}")
    pytest.skip(f"PostgreSQL unreachable: {reason}")


@contextmanager
def throwaway_postgresql() -> Iterator[str]:
    """The URL of a new empty PostgreSQL schema, dropped afterwards."""
    schema = f"nianbao_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
    except OperationalError as error:
        admin.dispose()
        _unreachable(str(error).splitlines()[0])
    yield _postgres_url(schema)
    with admin.connect() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture(scope="session")
def postgresql_url() -> Iterator[str]:
    with throwaway_postgresql() as url:
        yield url


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('warehouse') / 'nianbao.db'}"


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def migrated(request: pytest.FixtureRequest) -> Iterator[Engine]:
    url = request.getfixturevalue(f"{request.param}_url")
    engine = make_engine(url)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(migrated: Engine) -> Engine:
    """A migrated warehouse with empty data tables."""
    with migrated.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEEP:
                connection.execute(table.delete())
    return migrated


@pytest.fixture
def database_url(engine: Engine) -> str:
    """The URL of ``engine`` for a subprocess, as ``NIANBAO_DATABASE_URL``."""
    return engine.url.render_as_string(hide_password=False)
