"""One reading of a report's title for the crawler and the parser: report or not, year (Chinese numerals
included) and agency, as agencies really write them."""

from __future__ import annotations

import pytest

from nianbao.titles import read_title
from parsers import facts


@pytest.mark.parametrize(("title", "year", "agency"), [
    ("淮安市审计局关于2022年政府信息公开工作的年度报告", 2022, "淮安市审计局"),
    ("淮安市洪泽区二〇二三年度政府信息公开工作年度报告", 2023, "淮安市洪泽区人民政府"),
    ("洪泽区人民政府二O二三年度政府信息公开工作年度报告", 2023, "洪泽区人民政府"),
    ("2023年淮安市财政局政府信息公开工作年度报告", 2023, "淮安市财政局"),
    ("淮安市财政局政府信息公开工作2023年度报告", 2023, "淮安市财政局"),
    ("爱民区人民政府信息公开工作2020年度报告", 2020, "爱民区人民政府"),
    ("政府信息公开工作年度报告（２０２３年）", 2023, None),
    ("关于2023年政府信息公开工作的年度报告", 2023, None),
    ("卫生和计划生育委员会2017年政府信息公开工作年度报告", 2017, "卫生和计划生育委员会"),
])
def test_reports(title: str, year: int, agency: str | None) -> None:
    found = read_title(title)
    assert found is not None and (found.year, found.agency) == (year, agency)


@pytest.mark.parametrize("title", [
    "图解：淮安市审计局2023年政府信息公开工作年度报告",
    "一图读懂淮安市审计局2023年政府信息公开工作年度报告",
    "淮安市审计局2023年政府信息公开工作年度报告解读",
    "《淮安市审计局2023年政府信息公开工作年度报告》解读",
    "淮安市审计局2023年政府信息公开工作年度报告（征求意见稿）",
    "关于做好2023年政府信息公开工作年度报告编制发布工作的通知",
    "淮安市审计局2023年法治政府建设年度报告",
    "淮安市审计局政府信息公开指南",
    "2023年政府工作报告",
])
def test_not_reports(title: str) -> None:
    assert read_title(title) is None


@pytest.mark.parametrize("lines", [
    ["淮安市洪泽区二〇二三年度政府信息公开工作年度报告"],
    ["淮安市洪泽区", "二〇二三年度政府信息公开工作年度报告"],
    ["图解：淮安市洪泽区2022年政府信息公开工作年度报告", "淮安市洪泽区二〇二三年政府信息公开工作年度报告"],
])
def test_the_parser_reads_the_title_the_crawler_reads(lines: list[str]) -> None:
    """The parser takes the first title line (an agency on the line above it) the crawler would collect."""
    assert facts.title(lines) == ("淮安市洪泽区人民政府", 2023)
