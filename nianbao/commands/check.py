"""``nianbao check``: run the rules of the spec over the warehouse, or over documents on their own.

``nianbao check [--year Y] [--jurisdiction J]`` runs every rule over the warehouse's agency-years
(showing each rule done, with the count, rate and time left), records the findings (opened, kept,
resolved) and prints the open ones as a table.
``nianbao check FILE... [--json]`` parses each file into a throwaway SQLite warehouse, runs the
single-document rules of the same suites and prints each report with its ``findings``.
The warehouse's check updates its Data Docs site (``--docs``, default ``data_docs`` in the home folder);
checking files writes its own site (default ``file_checks/data_docs`` in the home), never the warehouse's. ``--fail-on error|warning``
makes findings of that severity or worse end the command with exit status 3.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nianbao import home
from nianbao.commands.progress import terminal_progress
from nianbao.files import select_reports, skipped_line
from nianbao.pipeline import steps
from nianbao.pipeline.errors import WarehouseNotReady
from nianbao.pipeline.findings import SEVERITY_WORDS, fails, open_findings
from nianbao.pipeline.settings import Settings
from nianbao.pipeline.warehouse import ready
from nianbao.tabulate import render

FINDINGS_FAILED = 3


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help="按规则核查年度报告（数据仓库或单个文件）")
    parser.add_argument("files", nargs="*", type=Path, metavar="文件",
                        help="只核查这些文件（不写入数据仓库）；省略则核查数据仓库")
    parser.add_argument("--year", type=int, help="报告年度（默认：全部年度）")
    parser.add_argument("--jurisdiction", help="只核查该辖区的机关")
    parser.add_argument("--json", action="store_true", help="核查文件时每个文件输出一行 JSON")
    parser.add_argument("--docs", type=Path, help="数据文档（Data Docs）目录（默认：核查数据仓库时为 NIANBAO_DOCS、nianbao.toml 或数据目录下的 "
                             "data_docs；核查文件时为数据目录下的 file_checks/data_docs，不影响数据仓库的数据文档）")
    parser.add_argument("--fail-on", choices=("error", "warning"),
                        help="发现该级别及以上的问题时以状态 3 退出：error＝错误，warning＝错误或警告"
                             "（无法核验的项目不计）；默认发现问题也以 0 退出")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    docs = args.docs.resolve() if args.docs else (home.file_check_docs_dir() if args.files else None)
    settings = Settings.from_env(docs_dir=docs)
    if args.files:
        return check_files(settings, args.files, as_json=args.json, fail_on=args.fail_on)
    return check_warehouse(settings, year=args.year, jurisdiction=args.jurisdiction, fail_on=args.fail_on)


def check_warehouse(settings: Settings, *, year: int | None, jurisdiction: str | None,
                    fail_on: str | None = None) -> int:
    """Check the warehouse's agency-years, record the findings and print the open ones."""
    try:
        ready(settings, upgradable=True)
    except WarehouseNotReady as error:
        print(error)
        return 4
    with terminal_progress() as progress:
        result = steps.check_year(settings, year, jurisdiction, progress=progress)
    rows = open_findings(settings, result["agency_years"])
    print(render(["机关", "年度", "规则", "性质", "说明"],
                 [(a, y, rule, SEVERITY_WORDS[s], m) for a, y, rule, s, m in rows]))
    print(f"核查 {len(result['agency_years'])} 个机关年度：未解决问题 {result['open']} 项，"
          f"本次已解决 {result['resolved']} 项。数据仓库：{result['warehouse']}")
    if result["docs_index"]:
        print(f"数据文档：{result['docs_index']}")
    return FINDINGS_FAILED if fails((row[3] for row in rows), fail_on) else 0


def check_files(settings: Settings, paths: list[Path], *, as_json: bool, fail_on: str | None = None) -> int:
    """Check documents on their own in a temporary warehouse; print each with its findings."""
    selection = select_reports(paths)
    result = steps.check_files(settings, selection.files)
    failed, severities = 0, []
    for document in result["documents"]:
        if document["status"] == "failed":
            failed += 1
            print(f"错误：{document['path']}：{document['reason']}", file=sys.stderr)
            continue
        records = document["report"]["findings"]
        severities += [r["severity"] for r in records]
        if as_json:
            print(json.dumps(document["report"], ensure_ascii=False))
        else:
            notes = document["report"].get("read_notes") or []
            print(f"{document['path']}：" + ("未发现问题" if not records else f"{len(records)} 项")
                  + (f"（部分读取：{'；'.join(notes)}）" if notes else ""))
            for r in records:
                print(f"  [{SEVERITY_WORDS[r['severity']]}] {r['rule']}：{r['message']}")
    if (skipped := skipped_line(selection)) is not None:
        print(skipped, file=sys.stderr if as_json else sys.stdout)
    if not as_json and result["docs_index"]:
        print(f"数据文档：{result['docs_index']}")
    if failed:
        return 1
    return FINDINGS_FAILED if fails(severities, fail_on) else 0
