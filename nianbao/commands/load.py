"""``nianbao load FILE...``: parse each file and load it into the warehouse, one transaction per file."""

from __future__ import annotations

import argparse
from pathlib import Path

from nianbao.pipeline import steps
from nianbao.pipeline.settings import Settings
from nianbao.pipeline.warehouse import where

OUTCOME_WORDS = {"loaded": "已入库", "unchanged": "未变化", "failed": "失败"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("load", help="解析年度报告文件并存入数据仓库")
    parser.add_argument("files", nargs="+", type=Path, metavar="文件")
    parser.add_argument("--agency-code", help="机关代码（覆盖报告中的机关名称）")
    parser.set_defaults(func=run)


def outcome_line(result: dict) -> str:
    """One loaded document in words."""
    if result["outcome"] == "failed":
        return f"{OUTCOME_WORDS['failed']}：{result['url'] or result['path']}：{result['reason']}"
    where = f"{result['agency']} {result['year']} 年度 第 {result['version']} 版"
    return f"{OUTCOME_WORDS[result['outcome']]}：{result['path']} → {where}"


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    tally = dict.fromkeys(OUTCOME_WORDS, 0)
    for path in args.files:
        result = steps.load_path(settings, path, args.agency_code)
        tally[result["outcome"]] += 1
        print(outcome_line(result))
    summary = "，".join(f"{OUTCOME_WORDS[k]} {n} 份" for k, n in tally.items())
    print(f"共 {len(args.files)} 份：{summary}。数据仓库：{where(settings.database_url)}")
    return 1 if tally["failed"] else 0
