"""Crawler test fixtures: a freshly built fixture site served on 127.0.0.1, a migrated SQLite warehouse,
and :class:`Crawler`, which runs the real spider (one ``scrapy crawl`` subprocess per crawl) against them.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from crawlers.registry import DEFAULT_REGISTRY, load_registry
from crawlers.run import FAST_SETTINGS, crawl
from crawlers.summary import CrawlSummary
from nianbao.warehouse.db import make_engine
from nianbao.warehouse.migrate import upgrade
from tests.support.fixture_site.build import build
from tests.support.fixture_site.serve import FixtureServer
from tests.warehouse.conftest import postgresql_url  # noqa: F401 (fixture: a fresh PostgreSQL schema)

YEAR = 2024


def site_path(url: str) -> str:
    """The path (with query) a URL asks the fixture server for."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class FixtureSite:
    """A built site: its folder and the truth its builder wrote next to it."""

    root: Path
    truth: dict[str, Any]
    routes: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> FixtureSite:
        """The site the builder wrote into ``root``."""
        return cls(root, json.loads((root / "truth.json").read_text(encoding="utf-8")),
                   json.loads((root / "routes.json").read_text(encoding="utf-8")))

    def documents(self, agencies: set[str]) -> dict[tuple[str, str], dict]:
        """Expected documents of ``agencies`` by (agency code, site path)."""
        return {(d["agency"], d["path"]): d for d in self.truth["documents"] if d["agency"] in agencies}

    def failures(self, agencies: set[str]) -> list[dict]:
        return [f for f in self.truth["failures"] if f["agency"] in agencies]

    def final(self, path: str) -> str:
        """Where the server's redirects take ``path``."""
        route = self.routes.get(path, {})
        return self.final(route["location"]) if "location" in route else path

    def file(self, path: str) -> Path:
        """The file the server answers ``path`` with, after its redirects."""
        path = self.final(path)
        return self.root / self.routes.get(path, {}).get("file", path).lstrip("/")


@dataclass
class Crawl:
    """One crawl's summary and what the server answered while it ran, as (path, status)."""

    summary: CrawlSummary
    requests: list[tuple[str, int]]

    def collected(self) -> dict[tuple[str, str], Any]:
        return {(agency.code, site_path(document.url)): document for agency, document in self.summary.documents()}

    def served(self, status: int = 200) -> set[str]:
        return {path for path, code in self.requests if code == status}


@dataclass
class Crawler:
    server: FixtureServer
    database_url: str
    raw_store: Path
    log_path: Path

    def run(self, registry: Path = DEFAULT_REGISTRY, *, settings: dict[str, Any] | None = None,
            **options: Any) -> Crawl:
        before = len(self.server.requests)
        summary = crawl(YEAR, registry, base_url=self.server.base_url, database_url=self.database_url,
                        files_store=str(self.raw_store), settings={**FAST_SETTINGS, **(settings or {})},
                        log_path=self.log_path, **options)
        return Crawl(summary, self.server.requests[before:])

    def stored_files(self) -> list[Path]:
        return sorted(path for path in self.raw_store.rglob("*") if path.is_file())


def registry_codes(registry: Path = DEFAULT_REGISTRY) -> set[str]:
    return {agency.code for jurisdiction in load_registry(registry) for agency in jurisdiction.agencies}


@pytest.fixture(scope="session")
def warehouse_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite warehouse, copied for each test (migrating once per worker)."""
    path = tmp_path_factory.mktemp("warehouse") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def database_url(warehouse_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "nianbao.db"
    shutil.copyfile(warehouse_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def fixture_site(tmp_path: Path) -> FixtureSite:
    root = tmp_path / "site"
    build(root, year=YEAR)
    return FixtureSite.load(root)


@pytest.fixture
def crawler(fixture_site: FixtureSite, database_url: str, tmp_path: Path) -> Iterator[Crawler]:
    with FixtureServer(fixture_site.root) as server:
        yield Crawler(server, database_url, tmp_path / "raw", tmp_path / "scrapy.log")
