"""Which titles are annual reports of a given year, and the publish dates found on pages.

A report title names a year and 「政府信息公开（工作）年度报告」 or 「…信息公开…年报」, with or without the
agency's name; guides, notices about reports, work plans and other yearly reports (法治政府建设…) are not
reports.
"""

from __future__ import annotations

import re
from datetime import date

_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_REPORT = re.compile(r"(政府|政务)?信息公开(工作)?(年度报告|年报)|政务公开(工作)?(年度报告|年报)")
_YEAR = re.compile(r"((?:19|20)\d{2}|[〇零○Ｏ一二][〇零○Ｏ一二三四五六七八九]{3})\s*年")
_NOT_REPORT = ("指南", "通知", "要点", "法治政府", "制度", "办法", "目录", "关于", "解读", "征集", "计划")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def _year_number(text: str) -> int:
    return int(text.translate(_CN_DIGITS))


def report_year(title: str) -> int | None:
    """The year an annual report title is about, or None if the title is not an annual report."""
    title = re.sub(r"\s+", "", title)
    match = _REPORT.search(title)
    if match is None or any(word in title for word in _NOT_REPORT):
        return None
    years = list(_YEAR.finditer(title[: match.start()]))
    return _year_number(years[-1].group(1)) if years else None


def is_annual_report(title: str, year: int) -> bool:
    return report_year(title) == year


def find_date(text: str) -> date | None:
    """The first valid calendar date written as 2025-01-20, 2025/1/20, 2025.01.20 or 2025年1月20日."""
    for match in _DATE.finditer(text):
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    return None
