"""The ``nianbao`` command line: one sub-command per pipeline step, each in ``nianbao/commands/``."""

from __future__ import annotations

import argparse
import importlib
import sys

# Sub-command modules; each exposes ``register(subparsers)`` and sets ``func`` on its parser.
COMMANDS: tuple[str, ...] = ("parse", "db", "load", "sql", "crawl", "check", "run", "notify", "dashboard")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nianbao", description="政府信息公开工作年度报告的采集、解析、入库与核查")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="命令")
    for name in COMMANDS:
        importlib.import_module(f"nianbao.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
