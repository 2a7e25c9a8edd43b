"""The auditors' queries in ``sql/queries``: one SELECT a file, opening with its header in comments.

    -- title: 未发布年度报告的机关                        (Chinese, what staff see)
    -- description: …                                   (Chinese, one paragraph)
    -- param year integer: 报告年度，如 2024（默认：…）   (one line per parameter: name, type, help)

Further comment lines are notes for developers. Parameters are SQLAlchemy bind parameters (``:year``),
never pasted into the SQL; a parameter left out is bound as NULL, which each query reads as "all" or
"latest". A query is named by its path, its file name, or a unique prefix of it (``05``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, text

from nianbao.resources import SQL

QUERIES_DIR = SQL / "queries"

PARAM_TYPES = {"integer": int, "text": str, "date": date.fromisoformat}
BIND_NAME = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


class QueryNotFound(Exception):
    """No query file by that path or name; the message is a one-line Chinese reason."""


class QueryParamError(Exception):
    """A parameter the query does not take or a value of the wrong kind; one-line Chinese reason."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    help: str


@dataclass(frozen=True)
class Query:
    path: Path
    title: str
    description: str
    params: tuple[Param, ...]
    sql: str

    @property
    def name(self) -> str:
        return self.path.stem


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]


def query_files() -> list[Path]:
    return sorted(QUERIES_DIR.glob("*.sql"))


def resolve(name: str) -> Path:
    """A path to a .sql file, or the name of one in ``sql/queries`` (with or without ``.sql``), or a
    prefix of exactly one such name (``05`` for ``05_missing_reports``)."""
    path = Path(name)
    if path.is_file():
        return path
    stem = name.removesuffix(".sql")
    candidates = [p for p in query_files() if p.stem == stem] or [p for p in query_files()
                                                                 if p.stem.startswith(stem)]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise QueryNotFound(f"查询名称「{name}」不唯一，可能是：{'、'.join(p.stem for p in candidates)}")
    raise QueryNotFound(f"找不到查询文件：{name}（运行 nianbao sql 列出全部查询）")


def load_query(path: Path) -> Query:
    """The query file with its header read."""
    sql = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    params = []
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        key, _, value = line[2:].strip().partition(":")
        if key.startswith("param "):
            name, kind = key.split()[1:3]
            params.append(Param(name, kind, value.strip()))
        elif key in ("title", "description"):
            header[key] = value.strip()
    return Query(path, header.get("title", path.stem), header.get("description", ""), tuple(params), sql)


def bind(query: Query, values: dict[str, str]) -> dict[str, object]:
    """Every declared parameter of ``query`` with its value converted from text (NULL when not given)."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(values) - set(declared))
    if unknown:
        offered = "、".join(declared) or "无"
        raise QueryParamError(f"查询 {query.name} 没有参数 {'、'.join(unknown)}（可用参数：{offered}）")
    bound: dict[str, object] = dict.fromkeys(declared)
    for name, raw in values.items():
        try:
            bound[name] = PARAM_TYPES[declared[name].type](raw.strip())
        except ValueError:
            raise QueryParamError(f"参数 {name} 的值「{raw}」无效：{declared[name].help}") from None
    return bound


def run_query(engine: Engine, path: Path, values: dict[str, str] | None = None) -> QueryResult:
    """Run the query at ``path`` with its parameters (given as text) bound."""
    query = load_query(path)
    parameters = bind(query, values or {})
    with engine.connect() as connection:
        result = connection.execute(text(query.sql), parameters)
        return QueryResult(list(result.keys()), [tuple(row) for row in result])
