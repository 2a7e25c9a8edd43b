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
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from nianbao.files import select_reports, skipped_line
from nianbao.model import SECTION_KEYS, AnnualReport
from parsers.parse import ParseError, parse_path

SECTION_NAMES = dict(zip(SECTION_KEYS, ("总体情况", "主动公开", "依申请公开", "复议诉讼", "问题及改进", "其他事项"), strict=True))
TABLE_NAMES = {"active_disclosure": "表二", "applications": "表三", "review_litigation": "表四"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("parse", help="解析年度报告文件（PDF、Word、WPS、Excel、网页、文本）")
    parser.add_argument("files", nargs="+", type=Path, metavar="文件或目录")
    parser.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="并行进程数（默认：全部核心）")
    parser.set_defaults(func=run)


def parse_one(path: Path) -> tuple[str, str]:
    """("ok", report JSON) or ("error", reason) — plain strings so results cross process boundaries."""
    try:
        return "ok", parse_path(path).to_json()
    except ParseError as exc:
        return "error", str(exc)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
        return "error", f"解析时发生内部错误（{type(exc).__name__}: {exc}）"


def worker_result(future: Future) -> tuple[str, str]:
    """A worker's result; a worker killed under the file (out of memory, a crash in a C library) fails
    that file and those still waiting, each with a reason, instead of the whole command."""
    try:
        return future.result()
    except BrokenProcessPool:
        return "error", "解析进程意外终止（可能内存不足或文件严重损坏），此文件未能解析"


def summary(report: AnnualReport) -> str:
    """A readable Chinese summary of one parsed report."""
    missing = [SECTION_NAMES[k] for k, present in report.sections.items() if not present]
    lines = [
        f"{report.source.path}" + (f"（部分读取：{'；'.join(report.read_notes)}）" if report.read_notes else ""),
        f"  机关：{report.agency or '未识别'}  年度：{report.year or '未识别'}  格式：{report.layout or '未识别'}"
        f"  发布日期：{report.published_on or '未注明'}",
        f"  章节：{'六个章节齐全' if not missing else '缺少 ' + '、'.join(missing)}",
    ]
    for table, name in TABLE_NAMES.items():
        cells = getattr(report.tables, table)
        count = sum(len(v) for v in cells.values()) if table != "review_litigation" else len(cells)
        odd = [f"{s.label or row}（{s.found} 个数值，应为 {s.expected} 个）"
               for row, s in report.shape.get(table, {}).items() if s.found != s.expected]
        lines.append(f"  {name}：读取 {count} 个数值" + (f"；行数值个数不符：{'；'.join(odd)}" if odd else ""))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    selection = select_reports(args.files)
    paths = selection.files
    if len(paths) > 1 and args.jobs > 1:
        with ProcessPoolExecutor(max_workers=min(args.jobs, len(paths))) as pool:
            results = [worker_result(future) for future in [pool.submit(parse_one, p) for p in paths]]
    else:
        results = [parse_one(p) for p in paths]
    failed = 0
    for path, (status, payload) in zip(paths, results, strict=True):
        if status == "error":
            failed += 1
            print(f"错误：{path}：{payload}", file=sys.stderr)
        elif args.json:
            print(json.dumps(json.loads(payload), ensure_ascii=False))
        else:
            print(summary(AnnualReport.from_json(payload)))
    if (skipped := skipped_line(selection)) is not None:
        print(skipped, file=sys.stderr if args.json else sys.stdout)
    if not args.json:
        print(f"共 {len(paths)} 份，成功 {len(paths) - failed} 份，失败 {failed} 份。")
    return 1 if failed else 0
