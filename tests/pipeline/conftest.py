"""Pipeline fixtures: the fixture site served on 127.0.0.1 and the settings of a run against it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nianbao.pipeline.settings import Settings
from tests.crawlers.conftest import (  # noqa: F401 (fixtures)
    YEAR,
    FixtureSite,
    database_url,
    fixture_site,
    warehouse_template,
)
from tests.support.fixture_site.serve import FixtureServer
from tests.warehouse.conftest import engine, migrated, postgresql_url, sqlite_url  # noqa: F401 (fixtures)


@pytest.fixture
def served(fixture_site: FixtureSite) -> Iterator[FixtureServer]:  # noqa: F811
    with FixtureServer(fixture_site.root) as server:
        yield server


@pytest.fixture
def settings(served: FixtureServer, database_url: str, tmp_path: Path) -> Settings:  # noqa: F811
    """A run against the served fixture site, politeness off, everything in ``tmp_path``."""
    return Settings.from_env(database_url=database_url, raw_store=tmp_path / "raw", docs_dir=tmp_path / "docs",
                             base_url=served.base_url, fast=True)


__all__ = ["YEAR"]
