"""Check tests run on SQLite and PostgreSQL with the warehouse fixtures; one GE context per session."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from nianbao.checks.report import record
from nianbao.warehouse.schema import Agency, Finding
from tests.warehouse.conftest import database_url, engine, migrated, postgresql_url, sqlite_url  # noqa: F401

AS_OF = date(2026, 12, 1)


@pytest.fixture(scope="session")
def docs_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("data_docs")


@pytest.fixture(scope="session")
def validator(docs_dir: Path):
    from nianbao.checks.suites import validator

    return validator(docs_dir)


@pytest.fixture
def check(engine: Engine, validator):  # noqa: F811 - the imported fixture
    """Run the whole-year suite over the warehouse and record the findings; returns (open, resolved)."""
    from nianbao.checks.suites import Retention, scope_query

    url = engine.url.render_as_string(hide_password=False)

    def run(year: int | None = None, as_of: date = AS_OF) -> tuple[int, int]:
        scope_sql = scope_query(year=year, as_of=as_of)
        validation = validator.validate(url, scope_sql, "year", "test", keep=Retention(runs=50, days=180))
        with engine.connect() as connection:
            scope = [(a, y, r) for a, y, r, _ in connection.execute(text(scope_sql))]
        return record(engine, validation, scope)

    return run


def open_findings(engine: Engine) -> list[tuple[str, int, str, str, str, str]]:  # noqa: F811
    """(agency, year, rule, severity, location, message) of every open finding."""
    query = (select(Agency.name, Finding.year, Finding.rule_id, Finding.severity, Finding.location, Finding.message)
             .join(Agency, Agency.id == Finding.agency_id).where(Finding.status == "open"))
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(query)]
