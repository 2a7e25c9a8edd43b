"""The auditors' queries of ``sql/queries`` as ``nianbao sql`` runs them: the list with their titles and
parameters, one query (named by path, name or number) run on a warehouse that is ready to read, and its
rows as an aligned table with Chinese headers, as CSV or as JSON (:mod:`nianbao.export.formats`)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import DBAPIError

from nianbao.export.formats import as_csv, as_json, as_table
from nianbao.pipeline.errors import QueryFailed
from nianbao.pipeline.settings import Settings
from nianbao.pipeline.warehouse import engine_for
from nianbao.warehouse.migrate import require_ready
from nianbao.warehouse.queries import Query, QueryResult, load_query, query_files, resolve, run_query

__all__ = ["as_csv", "as_json", "as_table", "load_query", "queries", "resolve", "run"]


def queries() -> list[Query]:
    """Every query of ``sql/queries``, in the order of their numbers."""
    return [load_query(path) for path in query_files()]


def run(settings: Settings, path: Path, values: dict[str, str]) -> QueryResult:
    """Run the query at ``path`` with its parameters (given as text) bound. A warehouse not ready to read
    is a :class:`~nianbao.pipeline.errors.WarehouseNotReady`, a parameter the query does not take or cannot
    read a :class:`~nianbao.pipeline.errors.QueryParamError`, a query the database refuses a
    :class:`~nianbao.pipeline.errors.QueryFailed`."""
    with engine_for(settings) as engine:
        try:
            require_ready(engine)
            return run_query(engine, path, values)
        except DBAPIError as error:
            raise QueryFailed(f"查询失败：{path.name}：{str(error.orig).splitlines()[0]}") from error
