"""``nianbao sql [QUERY] [--param NAME=VALUE]... [--csv | --json]``: list the auditor queries, or run one
(a path, a name from ``sql/queries`` or a unique prefix such as ``05``) and print its rows."""

from __future__ import annotations

import argparse

from nianbao.pipeline import queries
from nianbao.pipeline.errors import QueryFailed, QueryNotFound, QueryParamError, WarehouseNotReady
from nianbao.pipeline.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("sql", help="运行一条审计查询并以表格显示结果")
    parser.add_argument("query", nargs="?", metavar="查询",
                        help="查询文件路径、sql/queries 中的名称或其编号（如 05）；省略则列出全部查询及其参数")
    parser.add_argument("--param", action="append", default=[], metavar="名称=值",
                        help="查询参数，可重复，如 --param year=2024 --param jurisdiction=北城区")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--csv", action="store_true", help="输出 CSV（列名为固定的英文标识）")
    output.add_argument("--json", action="store_true", help="输出 JSON 数组（列名为固定的英文标识）")
    parser.set_defaults(func=run)


def list_queries() -> None:
    for query in queries.queries():
        print(f"{query.name}  {query.title}\n    {query.description}")
        for param in query.params:
            print(f"    --param {param.name}=…  {param.help}")


def parse_params(pairs: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryParamError(f"参数「{pair}」应写作 名称=值，如 year=2024")
        values[name.strip()] = value
    return values


def run(args: argparse.Namespace) -> int:
    if args.query is None:
        list_queries()
        return 0
    try:
        path = queries.resolve(args.query)
        values = parse_params(args.param)
    except (QueryNotFound, QueryParamError) as error:
        print(error)
        return 2
    try:
        result = queries.run(Settings.from_env(), path, values)
    except WarehouseNotReady as error:
        print(error)
        return 4
    except QueryParamError as error:
        print(error)
        return 2
    except QueryFailed as error:
        print(error)
        return 1
    if args.csv:
        print(queries.as_csv(result.columns, result.rows), end="")
    elif args.json:
        print(queries.as_json(result.columns, result.rows))
    else:
        query = queries.load_query(path)
        print(f"{query.title}（{query.name}）")
        print(queries.as_table(result.columns, result.rows))
        print(f"（{len(result.rows)} 行）")
    return 0
