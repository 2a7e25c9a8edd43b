"""``nianbao parse FILE... [--json]``: read reports into the canonical model and print them.

Folders are searched for files in a report format (the others are counted and named as skipped);
several files are parsed on all cores. A file that cannot be read gets a one-line Chinese error naming
it and the reason; the others still parse; the exit status is 1 if any file failed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from nianbao.files import select_reports, skipped_line
from nianbao.pipeline.parse import parse_files, summary


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("parse", help="解析年度报告文件（PDF、Word、WPS、Excel、网页、文本）")
    parser.add_argument("files", nargs="+", type=Path, metavar="文件或目录")
    parser.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="并行进程数（默认：全部核心）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    selection = select_reports(args.files)
    paths = selection.files
    results = parse_files(paths, args.jobs)
    failed = 0
    for path, (status, payload) in zip(paths, results, strict=True):
        if status == "error":
            failed += 1
            print(f"错误：{path}：{payload}", file=sys.stderr)
        elif args.json:
            print(json.dumps(json.loads(payload), ensure_ascii=False))
        else:
            print(summary(payload))
    if (skipped := skipped_line(selection)) is not None:
        print(skipped, file=sys.stderr if args.json else sys.stdout)
    if not args.json:
        print(f"共 {len(paths)} 份，成功 {len(paths) - failed} 份，失败 {failed} 份。")
    return 1 if failed else 0
