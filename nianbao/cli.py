"""The ``nianbao`` command line: one sub-command per pipeline step, each in ``nianbao/commands/``.

Without a sub-command (or without a ``db`` action) it prints the Chinese help and exits with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from nianbao.commands.argparse_zh import ArgumentParser
from nianbao.commands.exits import epilog

# Sub-command modules; each exposes ``register(subparsers)`` and sets ``func`` on its parser.
COMMANDS: tuple[str, ...] = ("parse", "db", "load", "sql", "export", "crawl", "check", "run", "notify")


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(prog="nianbao", description="政府信息公开工作年度报告的采集、解析、入库与核查",
                            epilog="每个命令的退出状态见 nianbao 命令 -h。")
    subparsers = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMANDS:
        importlib.import_module(f"nianbao.commands.{name}").register(subparsers)
        subparsers.choices[name].epilog = epilog(name)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        (parser._subparsers._group_actions[0].choices[args.command] if args.command else parser).print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:  # the reader went away (``nianbao sql | head``): nothing more to say
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
