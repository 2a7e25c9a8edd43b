"""``nianbao run --year Y``: the whole yearly collection without a scheduler — crawl, load what the crawl
collected, check, notify — with a progress display per stage and a closing summary in Chinese.

Exit status 0 when every stage ran (whatever the findings), 1 when a stage failed (reasons listed),
2 when the run could not start (registry or warehouse unusable).
"""

from __future__ import annotations

import argparse
import sys

from crawlers.registry import RegistryError
from nianbao.commands.crawl import add_source_options, settings_from
from nianbao.pipeline import steps
from nianbao.pipeline.run import STAGES
from nianbao.pipeline.run import run as run_pipeline


class PlainProgress:
    """Progress as plain lines, for logs and pipes."""

    def start(self, stage: str, total: int | None) -> None:
        print(f"{STAGES[stage]}：" + ("开始" if total is None else f"共 {total} 项"), flush=True)

    def advance(self, stage: str, note: str | None = None) -> None:
        if note:
            print(f"  {STAGES[stage]}：{note}", flush=True)


class RichProgress:
    """Progress bars on a terminal, one per stage (count, rate, time left)."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeRemainingColumn())
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> RichProgress:
        self.progress.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.progress.stop()

    def start(self, stage: str, total: int | None) -> None:
        self.tasks[stage] = self.progress.add_task(STAGES[stage], total=total)

    def advance(self, stage: str, note: str | None = None) -> None:
        self.progress.advance(self.tasks[stage])


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("run", help="完整运行一个年度：采集、解析入库、核查、告警")
    add_source_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    try:
        if sys.stdout.isatty():
            with RichProgress() as progress:
                summary = run_pipeline(settings, args.year, args.jurisdiction, progress=progress)
        else:
            summary = run_pipeline(settings, args.year, args.jurisdiction, progress=PlainProgress())
    except (RegistryError, steps.StepError) as error:
        print(f"运行未能开始：{error}")
        return 2
    print("\n".join(summary.lines()))
    return 0 if summary.ok else 1
