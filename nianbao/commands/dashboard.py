"""``nianbao dashboard [--out DIR] [--docs DIR]``: write the oversight dashboard (a static site) from the
warehouse and print where its front page is. The Data Docs it links to are ``--docs``, else
``NIANBAO_DOCS``, else ``var/data_docs`` (as ``nianbao check`` writes them)."""

from __future__ import annotations

import argparse
from pathlib import Path

from nianbao.pipeline.settings import Settings
from nianbao.warehouse.db import describe, make_engine
from nianbao.warehouse.migrate import upgrade

DEFAULT_OUT = Path("var") / "dashboard"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("dashboard", help="生成合规监督看板（静态网页，可离线打开）")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"看板输出目录（默认 {DEFAULT_OUT}）")
    parser.add_argument("--docs", type=Path, help="数据文档（Data Docs）目录，看板链接到其首页（默认 var/data_docs）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from nianbao.dashboard import build

    settings = Settings.from_env(docs_dir=args.docs.resolve() if args.docs else None)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    index = build(engine, args.out, docs_dir=Path(settings.docs_dir))
    print(f"看板已生成：{index.resolve()}（数据仓库：{describe(engine)}）")
    engine.dispose()
    return 0
