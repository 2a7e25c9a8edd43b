"""Every migration, one revision at a time from an empty database to the newest and back to none, on
SQLite and PostgreSQL: at the newest revision the tables are exactly what the models declare."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from nianbao.warehouse.db import make_engine
from nianbao.warehouse.migrate import alembic_config, current_revision, downgrade, upgrade
from nianbao.warehouse.schema import Base
from nianbao.warehouse.views import view_names
from tests.warehouse.conftest import throwaway_postgresql


@pytest.fixture(params=["sqlite", "postgresql"])
def empty(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """An empty database of each back end."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
        yield engine
        engine.dispose()
        return
    with throwaway_postgresql() as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def revisions() -> list[str]:
    """Every revision, oldest first."""
    return [script.revision for script in reversed(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))]


def test_every_revision_up_matches_the_models_and_down_to_base(empty: Engine) -> None:
    ordered = revisions()
    assert len(ordered) >= 9 and ordered[0] == "0001"
    for revision in ordered:
        upgrade(empty, revision)
        assert current_revision(empty) == revision
    with empty.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        views = set(inspect(connection).get_view_names())
    assert differences == []
    assert views == set(view_names())

    for revision in reversed(ordered[:-1]):
        downgrade(empty, revision)
        assert current_revision(empty) == revision
    downgrade(empty, "base")
    assert current_revision(empty) is None
    with empty.connect() as connection:
        assert set(inspect(connection).get_table_names()) <= {"alembic_version"}
        assert inspect(connection).get_view_names() == []
