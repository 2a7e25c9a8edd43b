"""``argparse`` speaking Chinese: usage and section titles, the ``-h`` option and the common errors."""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any, NoReturn

# argparse's own error messages (Python 3.11), each with its Chinese wording.
ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), r) for p, r in (
    (r"^the following arguments are required: (.*)$", r"缺少必需的参数：\1"),
    (r"^unrecognized arguments: (.*)$", r"无法识别的参数：\1"),
    (r"^argument (.*?): invalid choice: (.*) \(choose from (.*)\)$", r"参数 \1 的取值 \2 无效（可选：\3）"),
    (r"^argument (.*?): invalid \S+ value: (.*)$", r"参数 \1 的取值 \2 无效"),
    (r"^argument (.*?): expected one argument$", r"参数 \1 需要一个值"),
    (r"^argument (.*?): not allowed with argument (.*)$", r"参数 \1 不能与 \2 同时使用"),
))


def translate(message: str) -> str:
    """argparse's English error message in Chinese (unknown ones are kept as they are)."""
    for pattern, replacement in ERRORS:
        if pattern.match(message):
            return pattern.sub(replacement, message)
    return message


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the epilog's lines (the exit statuses) and prints 「用法：」."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ArgumentParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose help and errors read in Chinese; sub-parsers inherit it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        kwargs.setdefault("formatter_class", Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate(message)}\n（运行 {self.prog} -h 查看帮助）\n")
