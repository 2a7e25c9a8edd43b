"""Which titles are annual reports of a given year, and the publish dates found on pages.

A report title names a year and 「政府信息公开（工作）年度报告」, 「…信息公开工作报告」 or 「…政务公开…年报」,
with or without the agency's name; guides, notices about reports, work plans and other yearly reports (法治政府建设…) are not
reports.
"""

from __future__ import annotations

import re
from datetime import date

_CN_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")
_YEAR_TEXT = r"(?:19|20)\d{2}|[〇零○Ｏ一二][〇零○Ｏ一二三四五六七八九]{3}"
# 「信息公开工作年度报告」「政务公开年报」「信息公开工作2024年度报告」「…信息公开工作报告」 (the year named elsewhere).
_REPORT = re.compile(rf"(?:政府|政务)?(?:信息)?公开(?:工作)?(?:(?P<inner>{_YEAR_TEXT})年度?)?(?:年度报告|年报|工作报告|报告)")
_YEAR = re.compile(rf"({_YEAR_TEXT})\s*年")
_NOT_REPORT = ("指南", "通知", "要点", "法治政府", "制度", "办法", "目录", "关于", "解读", "征集", "计划")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def _year_number(text: str) -> int:
    return int(text.translate(_CN_DIGITS))


def report_year(title: str) -> int | None:
    """The year an annual report title is about, or None if the title is not an annual report.

    The year is the one inside the report words, else the last one before them, else the first after.
    """
    title = re.sub(r"\s+", "", title)
    match = _REPORT.search(title)
    if match is None or "信息公开" not in title and "政务公开" not in title:
        return None
    if any(word in title for word in _NOT_REPORT):
        return None
    if match.group("inner"):
        return _year_number(match.group("inner"))
    before = list(_YEAR.finditer(title[: match.start()]))
    after = re.search(_YEAR_TEXT, title[match.end():])
    if before:
        return _year_number(before[-1].group(1))
    return _year_number(after.group(0)) if after else None


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
