"""A failed rule's unexpected rows as its Data Docs table: who (agency, year, report), where (the place
as printed) and what (the numbers compared and the finding's sentence), one line per row, under the
Chinese headers of :data:`nianbao.checks.labels.COLUMN_TITLES`. A line is made from its row as the row's
finding is (:func:`nianbao.checks.report.describe`), so a row resting on a value OCR read with doubt
reads as the same 识别存疑 warning here as in the findings.

A page lists at most :data:`LIMIT` rows of a rule and says how many there were; every row stays in the
stored validation result and in the warehouse's findings.
"""

from __future__ import annotations

import html

from nianbao.checks.catalogue import Rule
from nianbao.checks.labels import column_title, value_word
from nianbao.checks.report import describe, number

COLUMNS = ("agency", "year", "report", "severity", "location", "expected", "actual", "message")
LIMIT = 1000


def report_cell(row: dict) -> str:
    """E.g. 第 2 版：http://…/2024.pdf; 无报告 for an agency-year without one."""
    if row.get("report_id") is None:
        return "无报告"
    return f"第 {row['report_version']} 版：{row['report_source'] or ''}".rstrip("：")


def line(rule: Rule, row: dict) -> list[str]:
    """One unexpected row in the table's columns, HTML-escaped (GE puts table cells into the page as they
    are, and agency names and quoted sentences come from the documents)."""
    finding = describe(rule, row)
    values = {"agency": row.get("agency") or str(row["agency_id"]), "year": str(row["year"]),
              "report": report_cell(row), "severity": value_word("severity", finding.severity),
              "location": finding.location, "expected": number(row.get("expected")) or "",
              "actual": number(row.get("actual")) or "", "message": finding.message}
    return [html.escape(values[column]) for column in COLUMNS]


def table(rule: Rule, rows: list[dict]) -> tuple[list[str], list[list[str]], str]:
    """(headers, lines, a caption with the count) for a rule's unexpected rows."""
    shown = rows[:LIMIT]
    caption = f"共 {len(rows)} 行" + (f"，仅列出前 {LIMIT} 行" if len(rows) > LIMIT else "")
    return [column_title(column) for column in COLUMNS], [line(rule, row) for row in shown], caption
