"""``nianbao sql FILE``: run one auditor query (a path or a name from ``sql/queries``) and print a table."""

from __future__ import annotations

import argparse

from sqlalchemy.exc import DBAPIError

from nianbao.warehouse.db import make_engine
from nianbao.warehouse.queries import QueryNotFound, description, query_files, resolve, run_query
from nianbao.warehouse.tabulate import render


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("sql", help="运行一条审计查询并以表格显示结果")
    parser.add_argument("query", nargs="?", metavar="文件",
                        help="查询文件路径或 sql/queries 中的名称；省略则列出全部查询")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.query is None:
        for path in query_files():
            print(f"{path.stem}：{description(path)}")
        return 0
    try:
        path = resolve(args.query)
    except QueryNotFound as error:
        print(error)
        return 2
    engine = make_engine()
    try:
        result = run_query(engine, path)
    except DBAPIError as error:
        print(f"查询失败：{path.name}：{str(error.orig).splitlines()[0]}")
        return 1
    finally:
        engine.dispose()
    print(render(result.columns, result.rows))
    print(f"（{len(result.rows)} 行）")
    return 0
