"""The auditors' queries in ``sql/queries``: one SELECT a file, opening with a comment on what it answers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text

from nianbao.resources import SQL

QUERIES_DIR = SQL / "queries"


class QueryNotFound(Exception):
    """No query file by that path or name; the message is a one-line Chinese reason."""


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]


def query_files() -> list[Path]:
    return sorted(QUERIES_DIR.glob("*.sql"))


def resolve(name: str) -> Path:
    """A path to a .sql file, or the name of one in ``sql/queries`` (with or without ``.sql``)."""
    path = Path(name)
    if path.is_file():
        return path
    for candidate in (QUERIES_DIR / name, QUERIES_DIR / f"{name}.sql"):
        if candidate.is_file():
            return candidate
    raise QueryNotFound(f"找不到查询文件：{name}")


def description(path: Path) -> str:
    """The opening comment of a query file, as one paragraph."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    return " ".join(lines)


def run_query(engine: Engine, path: Path) -> QueryResult:
    with engine.connect() as connection:
        result = connection.execute(text(path.read_text(encoding="utf-8")))
        return QueryResult(list(result.keys()), [tuple(row) for row in result])
