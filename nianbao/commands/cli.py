"""The ``nianbao`` command line: one sub-command per pipeline step, each in ``nianbao/commands/``.

Without a sub-command (or without a ``db`` action) it prints the Chinese help and exits with status 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from nianbao import home, logs
from nianbao.commands.argparse_zh import ArgumentParser
from nianbao.commands.exits import epilog

# Sub-command modules; each exposes ``register(subparsers)`` and sets ``func`` on its parser.
COMMANDS: tuple[str, ...] = ("parse", "db", "load", "sql", "export", "crawl", "check", "run", "notify", "dashboard")

# The commands (and cases) that write to the warehouse; each first names it, on stderr so that stdout
# stays the command's own output.
WRITERS = {
    "db": lambda args: args.db_action == "upgrade",
    "load": lambda args: True,
    "crawl": lambda args: True,
    "run": lambda args: True,
    "check": lambda args: not args.files,
    "notify": lambda args: not args.status,
}


def warehouse_line() -> str:
    """Which warehouse and home folder this command works in."""
    from nianbao.pipeline.warehouse import where

    return f"数据仓库：{where(home.database_url())}（数据目录 {home.home()}）"


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(prog="nianbao", description="政府信息公开工作年度报告的采集、解析、入库与核查",
                            epilog="每个命令的退出状态见 nianbao 命令 -h。")
    subparsers = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMANDS:
        importlib.import_module(f"nianbao.commands.{name}").register(subparsers)
        subparsers.choices[name].epilog = epilog(name)
        subparsers.choices[name].add_argument(
            "--verbose", action="store_true",
            help=f"在终端同时显示程序库的警告与错误详情（平时只写入日志 {logs.log_file()}）")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        (parser._subparsers._group_actions[0].choices[args.command] if args.command else parser).print_help()
        return 2
    try:
        logs.configure(verbose=args.verbose)
        if WRITERS.get(args.command, lambda _: False)(args):
            print(warehouse_line(), file=sys.stderr, flush=True)
        return int(args.func(args) or 0)
    except home.ConfigError as error:
        print(error, file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (``nianbao sql | head``): nothing more to say
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
