"""``nianbao dashboard [--out DIR] [--docs DIR]``: write the oversight dashboard (a static site) from the
warehouse and print where its front page is. The Data Docs it links to are ``--docs``, else
``NIANBAO_DOCS``, else ``var/data_docs`` (as ``nianbao check`` writes them)."""

from __future__ import annotations

import argparse
from pathlib import Path

from nianbao.pipeline.settings import Settings
from nianbao.pipeline.warehouse import build_dashboard, where

DEFAULT_OUT = Path("var") / "dashboard"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("dashboard", help="生成合规监督看板（静态网页，可离线打开）")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"看板输出目录（默认 {DEFAULT_OUT}）")
    parser.add_argument("--docs", type=Path, help="数据文档（Data Docs）目录，看板链接到其首页（默认 var/data_docs）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env(docs_dir=args.docs.resolve() if args.docs else None)
    index = build_dashboard(settings, args.out)
    print(f"看板已生成：{index.resolve()}（数据仓库：{where(settings.database_url)}）")
    return 0
