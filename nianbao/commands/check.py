"""``nianbao check``: run the rules of the spec over the warehouse, or over documents on their own.

``nianbao check [--year Y] [--jurisdiction J]`` runs every rule over the warehouse's agency-years,
records the findings (opened, kept, resolved) and prints the open ones as a table.
``nianbao check FILE... [--json]`` parses each file into a throwaway SQLite warehouse, runs the
single-document rules of the same suites and prints each report with its ``findings``.
Both update the Data Docs site (``--docs``, default ``var/data_docs``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, select, text

from nianbao.warehouse.db import describe, make_engine
from nianbao.warehouse.migrate import upgrade

DEFAULT_DOCS = Path("var") / "data_docs"
SEVERITY_WORDS = {"error": "错误", "warning": "提示", "unverifiable": "无法核对"}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("check", help="按规则核查年度报告（数据仓库或单个文件）")
    parser.add_argument("files", nargs="*", type=Path, metavar="文件",
                        help="只核查这些文件（不写入数据仓库）；省略则核查数据仓库")
    parser.add_argument("--year", type=int, help="报告年度（默认：全部年度）")
    parser.add_argument("--jurisdiction", help="只核查该辖区的机关")
    parser.add_argument("--json", action="store_true", help="核查文件时每个文件输出一行 JSON")
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="数据文档（Data Docs）目录")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.files:
        return check_files(args.files, docs=args.docs, as_json=args.json)
    return check_warehouse(make_engine(), year=args.year, jurisdiction=args.jurisdiction, docs=args.docs)


def _run_name(kind: str) -> str:
    return f"nianbao-check-{kind}"


def check_warehouse(engine: Engine, *, year: int | None, jurisdiction: str | None, docs: Path,
                    as_of: date | None = None) -> int:
    """Check the warehouse's agency-years, record the findings and print the open ones."""
    from nianbao.checks.report import record
    from nianbao.checks.suites import scope_query, validator
    from nianbao.warehouse.tabulate import render

    upgrade(engine)
    scope_sql = scope_query(year=year, jurisdiction=jurisdiction, as_of=as_of)
    url = engine.url.render_as_string(hide_password=False)
    validation = validator(docs).validate(url, scope_sql, "year", _run_name("warehouse"))
    with engine.connect() as connection:
        scope = [tuple(r) for r in connection.execute(text(scope_sql)).all()]
    opened, resolved = record(engine, validation, [(a, y, r) for a, y, r, _ in scope])
    rows = open_findings(engine, {(a, y) for a, y, _, _ in scope})
    print(render(["机关", "年度", "规则", "性质", "说明"], rows))
    print(f"核查 {len(scope)} 个机关年度：未解决问题 {opened} 项，本次已解决 {resolved} 项。"
          f"数据仓库：{describe(engine)}")
    if validation.docs_index:
        print(f"数据文档：{validation.docs_index}")
    engine.dispose()
    return 0


def open_findings(engine: Engine, agency_years: set[tuple[int, int]]) -> list[tuple]:
    """Open findings of these agency-years: agency, year, rule, severity in words, message."""
    from nianbao.warehouse.schema import Agency, Finding

    query = (select(Finding.agency_id, Agency.name, Finding.year, Finding.rule_id, Finding.severity,
                    Finding.message)
             .join(Agency, Agency.id == Finding.agency_id).where(Finding.status == "open")
             .order_by(Agency.name, Finding.year, Finding.id))
    with engine.connect() as connection:
        return [(name, year, rule, SEVERITY_WORDS.get(severity, severity), message)
                for agency_id, name, year, rule, severity, message in connection.execute(query)
                if (agency_id, year) in agency_years]


def check_files(paths: list[Path], *, docs: Path, as_json: bool) -> int:
    """Check documents on their own in a temporary SQLite warehouse; print each with its findings."""
    from nianbao.checks.report import as_json as findings_json
    from nianbao.checks.report import findings
    from nianbao.checks.suites import validator
    from nianbao.commands.parse import expand
    from nianbao.warehouse.load import load_file
    from nianbao.warehouse.schema import Report

    failed = 0
    with tempfile.TemporaryDirectory(prefix="nianbao-check-") as folder:
        url = f"sqlite:///{Path(folder) / 'check.db'}"
        engine = make_engine(url)
        upgrade(engine)
        loaded = []
        for path in expand(paths):
            result = load_file(engine, path)
            if result.outcome == "failed":
                failed += 1
                print(f"错误：{path}：{result.reason}", file=sys.stderr)
            else:
                loaded.append((path, result.report_id))
        scope_sql = ("SELECT r.agency_id, r.year, r.id AS report_id, "
                     f"'{date.today().isoformat()}' AS as_of FROM report r")
        validation = validator(docs).validate(url, scope_sql, "document", _run_name("files"))
        found = {key[2]: records for key, records in findings(validation.violations).items()}
        with engine.connect() as connection:
            canonical = {i: j for i, j in connection.execute(select(Report.id, Report.canonical_json))}
        engine.dispose()
    for path, report_id in loaded:
        records = found.get(report_id, [])
        if as_json:
            report = json.loads(canonical[report_id])
            report["source"]["path"] = str(path)
            report["findings"] = findings_json(records)
            print(json.dumps(report, ensure_ascii=False))
        else:
            print(f"{path}：" + ("未发现问题" if not records else f"{len(records)} 项"))
            for r in records:
                print(f"  [{SEVERITY_WORDS[r.severity]}] {r.rule_id}：{r.message}")
    if not as_json and validation.docs_index:
        print(f"数据文档：{validation.docs_index}")
    return 1 if failed else 0
