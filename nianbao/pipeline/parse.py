"""Parsing files on their own (``nianbao parse``): each file read into the canonical model, several on all
cores; a file that cannot be read fails with its reason and the others go on. A parsed report reads as a
short Chinese summary (:func:`summary`) or as its JSON parse object."""

from __future__ import annotations

from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from nianbao.model import SECTION_KEYS, AnnualReport
from parsers.parse import ParseError, parse_path

SECTION_NAMES = dict(zip(SECTION_KEYS, ("总体情况", "主动公开", "依申请公开", "复议诉讼", "问题及改进", "其他事项"), strict=True))
TABLE_NAMES = {"active_disclosure": "表二", "applications": "表三", "review_litigation": "表四"}


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


def parse_files(paths: list[Path], jobs: int = 1) -> list[tuple[str, str]]:
    """:func:`parse_one` of each file, in order; several files in up to ``jobs`` processes."""
    if len(paths) > 1 and jobs > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
            return [worker_result(future) for future in [pool.submit(parse_one, p) for p in paths]]
    return [parse_one(p) for p in paths]


def summary(report_json: str) -> str:
    """A readable Chinese summary of one parsed report, from its JSON parse object."""
    report = AnnualReport.from_json(report_json)
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
