"""``nianbao run --year Y``: the whole yearly collection without a scheduler — crawl, load what the crawl
collected, check, notify — with a progress display per stage and a closing summary in Chinese.

Exit status 0 when every stage ran (whatever the findings), 1 when a stage failed (reasons listed),
2 when the run could not start (registry or warehouse unusable).
"""

from __future__ import annotations

import argparse

from nianbao.commands.crawl import add_source_options, settings_from
from nianbao.commands.progress import terminal_progress
from nianbao.pipeline.errors import RegistryError, StepError
from nianbao.pipeline.run import run as run_pipeline


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="完整运行一个年度：采集、解析入库、核查、告警")
    add_source_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    try:
        with terminal_progress() as progress:
            summary = run_pipeline(settings, args.year, args.jurisdiction, progress=progress)
    except (RegistryError, StepError) as error:
        print(f"运行未能开始：{error}")
        return 2
    print("\n".join(summary.lines()))
    return 0 if summary.ok else 1
