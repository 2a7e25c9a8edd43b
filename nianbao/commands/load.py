"""``nianbao load FILE...``: parse each file and load it into the warehouse, one transaction per file;
each file's outcome shows as it is done, with a count, the rate and the time left."""

from __future__ import annotations

import argparse
from pathlib import Path

from nianbao.commands.progress import terminal_progress
from nianbao.pipeline import steps
from nianbao.pipeline.settings import Settings
from nianbao.pipeline.warehouse import where


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("load", help="解析年度报告文件并存入数据仓库")
    parser.add_argument("files", nargs="+", type=Path, metavar="文件")
    parser.add_argument("--agency-code", help="机关代码（覆盖报告中的机关名称）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    with terminal_progress() as progress:
        results = steps.load_paths(settings, args.files, args.agency_code, progress=progress)
    tally = dict.fromkeys(steps.OUTCOME_WORDS, 0)
    for result in results:
        tally[result["outcome"]] += 1
    summary = "，".join(f"{steps.OUTCOME_WORDS[k]} {n} 份" for k, n in tally.items())
    print(f"共 {len(args.files)} 份：{summary}。数据仓库：{where(settings.database_url)}")
    return 1 if tally["failed"] else 0
