"""``nianbao load FILE...``: parse each file and load it into the warehouse, one transaction per file."""

from __future__ import annotations

import argparse
from pathlib import Path

from nianbao.warehouse.db import describe, make_engine
from nianbao.warehouse.load import load_file
from nianbao.warehouse.migrate import upgrade

OUTCOME_WORDS = {"loaded": "已入库", "unchanged": "未变化", "failed": "失败"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("load", help="解析年度报告文件并存入数据仓库")
    parser.add_argument("files", nargs="+", type=Path, metavar="文件")
    parser.add_argument("--agency-code", help="机关代码（覆盖报告中的机关名称）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    engine = make_engine()
    upgrade(engine)
    tally = dict.fromkeys(OUTCOME_WORDS, 0)
    for path in args.files:
        result = load_file(engine, path, agency_code=args.agency_code)
        tally[result.outcome] += 1
        if result.outcome == "failed":
            print(f"{OUTCOME_WORDS['failed']}：{path}：{result.reason}")
        else:
            where = f"{result.agency} {result.year} 年度 第 {result.version} 版"
            print(f"{OUTCOME_WORDS[result.outcome]}：{path} → {where}")
    summary = "，".join(f"{OUTCOME_WORDS[k]} {n} 份" for k, n in tally.items())
    print(f"共 {len(args.files)} 份：{summary}。数据仓库：{describe(engine)}")
    engine.dispose()
    return 1 if tally["failed"] else 0
