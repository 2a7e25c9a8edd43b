"""From the rules' unexpected rows to findings: Chinese messages, places as printed, expected and actual.

A failing row becomes one finding of the rule's severity (rules marked ``merge`` gather the rows of one
report and table into one finding), or a warning asking for the original when the row's inputs include
a value OCR read with doubt (the pages :func:`nianbao.checks.uncertain.mark` wrote into the row as the
rule ran). The rows naming missing or unreadable inputs of one rule and report become one
``unverifiable`` finding that lists them; :func:`describe` gives the finding a single row makes (the Data
Docs list the rows one by one). :func:`record` writes the findings through
:func:`nianbao.warehouse.findings.record_findings`, per agency-year; :func:`as_json` gives the
``findings`` list of ``nianbao check FILE --json``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Engine, select

from nianbao.checks.catalogue import MIXED_LAYOUT, SEVERITY_WORDS, Rule
from nianbao.checks.places import LAYOUTS, STATES, place, printed_order, table_name
from nianbao.checks.results import Validation, Violation
from nianbao.checks.uncertain import PAGES, doubtful
from nianbao.warehouse.db import transaction
from nianbao.warehouse.findings import FindingRecord, record_findings
from nianbao.warehouse.schema import Finding

Key = tuple[int, int, int | None]  # agency_id, year, report_id


def number(value: object) -> str | None:
    """3.0 → '3', 0.8125 → '0.81', text unchanged."""
    if value is None:
        return None
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.2f}".rstrip("0")
    return str(value)


def _where(rule: Rule, row: dict) -> str:
    if rule.id == "copied_content":
        agency, _, year = (row["other"] or "").partition("|")
        return f"「{agency}」{year} 年度报告"
    if rule.id == "sections_present":
        state = "缺少" if row["other"] == "missing" else "次序颠倒："
        return state + place("sections", row["row_key"], None)
    if rule.id == "layout_matches_year":
        return "报告格式与年度不符" if row["other"] == "wrong" else "报告混用了两种格式"
    if rule.id == "narrative_matches_table":
        return f"正文「{row['other']}」"
    return place(row["table_key"], row["row_key"], row["col_key"], row["other"])


def _failure(rule: Rule, row: dict) -> FindingRecord:
    expected, actual = number(row["expected"]), number(row["actual"])
    if rule.id == "layout_matches_year":
        expected, actual = LAYOUTS.get(expected or "", expected), LAYOUTS.get(actual or "", actual)
    if rule.id == "copied_content":
        expected, actual = f"{float(row['expected']):.0%}", f"{float(row['actual']):.0%}"
    where = _where(rule, row)
    template = MIXED_LAYOUT if rule.id == "layout_matches_year" and row["other"] == "mixed" else rule.message
    cell = place(row["table_key"], row["row_key"], row["col_key"])
    message = template.format(where=where, expected=expected, actual=actual, other=row["other"] or "", cell=cell)
    pages = row.get(PAGES)
    if pages is not None:  # an input was read by OCR with doubt: ask for the original, report no fault
        return FindingRecord(rule.id, "warning", doubtful(message, pages), where, expected, actual)
    return FindingRecord(rule.id, rule.severity, message, where, expected, actual)


def _sorted(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: printed_order(r["table_key"], r["row_key"], r["col_key"]))


def _merged(rule: Rule, rows: list[dict]) -> FindingRecord:
    """One finding for the failing rows of one report and table."""
    table = table_name(rows[0]["table_key"])
    parts = [place(r["table_key"], r["row_key"], r["col_key"], r["other"]).removeprefix(table) for r in _sorted(rows)]
    where = table + ("：" + "、".join(p for p in parts if p) if any(parts) else "")
    message = rule.message.format(where=where, expected="", actual="", other="")
    return FindingRecord(rule.id, rule.severity, message, table or where, None, None)


INPUT_NAMES = {"publication": "发布日期", "layout": "报告格式", "narrative": "足够长的正文（第一、五、六部分）",
               "site": "本机关年报栏目（网站无法正常读取，已报运维人员处理）",
               "document": "已采集的报告文件（无法读取，已报运维人员处理）",
               "deadline_kind": "机关类别（本级政府报告 3 月 31 日截止、部门报告 1 月 31 日截止，机关不在名录中且名称无法判断，"
                                "请在机关名录中登记）"}


def _unverifiable(rule: Rule, rows: list[dict]) -> FindingRecord:
    """One finding naming every missing or unreadable input of one rule and report, table by table."""
    by_table: dict[str, list[str]] = defaultdict(list)
    for row in _sorted(rows):
        table = table_name(row["table_key"])
        what = INPUT_NAMES.get(row["table_key"]) or place(row["table_key"], row["row_key"], row["col_key"])
        by_table[table].append(what.removeprefix(table) + STATES.get(row["other"], ""))
    inputs = "；".join(f"{table}{'：' if table and items[0].startswith('「') else ''}{'、'.join(dict.fromkeys(items))}"
                      for table, items in by_table.items())
    message = f"{SEVERITY_WORDS['unverifiable']}「{rule.title}」：{inputs}。"
    return FindingRecord(rule.id, "unverifiable", message, "、".join(t for t in by_table if t), None, None)


def _kind(rule: Rule, row: dict) -> str:
    """How a row becomes a finding: with the other missing inputs, merged per table, or on its own."""
    if row["outcome"] == "unverifiable":
        return "unverifiable"
    return "merged" if rule.merge else "single"


def _make(kind: str, rule: Rule, rows: list[dict]) -> FindingRecord:
    if kind == "unverifiable":
        return _unverifiable(rule, rows)
    if kind == "merged":
        return _merged(rule, rows)
    return _failure(rule, rows[0])


def describe(rule: Rule, row: dict) -> FindingRecord:
    """The finding one unexpected row makes on its own."""
    return _make(_kind(rule, row), rule, [row])


def findings(violations: Iterable[Violation]) -> dict[Key, list[FindingRecord]]:
    """The findings of one check run, per agency-year (and its report)."""
    grouped: dict[tuple, list[dict]] = defaultdict(list)
    for v in violations:
        row = v.row
        key = (row["agency_id"], row["year"], row["report_id"])
        kind = _kind(v.rule, row)
        part = {"unverifiable": None, "merged": row["table_key"]}.get(kind, len(grouped))
        grouped[(key, v.rule, kind, part)].append(row)
    result: dict[Key, list[FindingRecord]] = defaultdict(list)
    for (key, rule, kind, _), rows in grouped.items():
        result[key].append(_make(kind, rule, rows))
    return result


def record(engine: Engine, validation: Validation, scope: Iterable[Key]) -> tuple[int, int]:
    """Write one run's findings for every agency-year in ``scope``; returns (open, newly resolved).

    Agency-years with nothing found now and nothing open are skipped: they have nothing to resolve.
    """
    found = findings(validation.violations)
    rule_ids = [rule.id for rule in validation.rules]
    opened = resolved = 0
    with transaction(engine) as session:
        open_now = set(session.execute(select(Finding.agency_id, Finding.year).where(Finding.status == "open"))
                       .tuples())
        for agency_id, year, report_id in scope:
            records = found.get((agency_id, year, report_id), [])
            if not records and (agency_id, year) not in open_now:
                continue
            counts = record_findings(session, agency_id=agency_id, year=year, report_id=report_id,
                                     findings=records, rules_checked=rule_ids)
            opened, resolved = opened + counts[0], resolved + counts[1]
    return opened, resolved


def as_json(records: Iterable[FindingRecord]) -> list[dict]:
    """The ``findings`` of ``nianbao check FILE --json``."""
    return [{"rule": r.rule_id, "severity": r.severity, "message": r.message, "where": r.location,
             "expected": r.expected, "actual": r.actual} for r in records]
