"""Reading a report's title: is it an annual report, of which year, and which agency issued it.

One reading for the crawler (titles in column lists and on report pages) and the parser (the title
line of the document), so both give the same year for the same title. A title is an annual report when
it names 「政府信息公开（工作）年度报告」, 「政务公开…年报」 or 「…信息公开工作报告」 and is none of the pages
published around a report: a 图解 or 一图读懂, a 解读, a 征求意见稿, a notice about compiling reports, a guide or
a work plan. Years may be printed in Chinese numerals (二〇二三年, 二〇二三年度).

This module belongs to the model layer: it imports nothing of the project, so parsers and crawlers may
both use it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CN_DIGITS = str.maketrans("〇零○ＯOo一二三四五六七八九", "000000123456789")
_YEAR = r"(?:19|20)\d{2}|[〇零○ＯOo一二][〇零○ＯOo一二三四五六七八九]{3}"
# 「政府信息公开工作年度报告」「政务公开年报」「信息公开工作的年度报告」「信息公开工作2024年度报告」.
_PHRASE = re.compile(
    rf"(?:政府信息|政务信息|信息|政务)公开(?:工作)?的?(?:(?P<inner>{_YEAR})年度?的?)?"
    r"(?:年度工作报告|年度报告|年报|工作报告|报告)"
)
_YEAR_BEFORE = re.compile(rf"(?P<year>{_YEAR})年度?的?$")
_YEAR_ANYWHERE = re.compile(rf"({_YEAR})年")
# Pages published around a report that name it in their title but are not the report.
NOT_REPORT = ("图解", "一图读懂", "一图看懂", "图说", "解读", "征求意见稿", "意见稿", "通知", "指南", "要点",
              "法治政府", "征集", "编制")
_PLACE_SUFFIX = re.compile(r"(?:省|市|区|县|旗|州|盟|镇|乡)$")
_NAME_NOISE = re.compile(r"[#*《》〈〉\"“”'‘’【】\[\]]")


@dataclass(frozen=True)
class Title:
    """What a title says: ``year`` None when it names none; ``agency`` None when it names none."""

    text: str
    year: int | None
    agency: str | None


def year_number(text: str) -> int:
    """A year printed in Arabic or Chinese digits (二〇二三, 二O二三) as a number."""
    return int(text.translate(_CN_DIGITS))


def flat(text: str) -> str:
    """The title as matched: NFKC (full-width digits and brackets), no white space."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def agency_name(raw: str) -> str:
    """The issuing body as printed, cleaned; a title naming a place only is that place's government."""
    name = _NAME_NOISE.sub("", flat(raw)).strip("：:，,。、 ")
    if name.endswith("人民政府办公室") or not name:
        return name
    return name + "人民政府" if _PLACE_SUFFIX.search(name) else name


def read_title(text: str) -> Title | None:
    """The annual report ``text`` is the title of, or None when it is not an annual report's title.

    The year is the one inside the report words (「…工作2023年度报告」), else the last one before them,
    else the first after (「…年度报告（2023年）」). The agency is what precedes the year (「XX局关于2022年…」),
    or what stands between a leading year and the report words (「2023年XX局…」).
    """
    title = flat(text)
    match = _PHRASE.search(title)
    if match is None or any(word in title for word in NOT_REPORT):
        return None
    head = title[: match.start()]
    if match.group("inner"):
        return Title(title, year_number(match.group("inner")), _agency(head, match))
    adjacent = _YEAR_BEFORE.search(head)
    years = list(_YEAR_ANYWHERE.finditer(head))
    if adjacent is not None:
        year, before, between = adjacent.group("year"), head[: adjacent.start()], ""
    elif years:
        year, before, between = years[-1].group(1), head[: years[-1].start()], head[years[-1].end():].lstrip("度的")
    else:
        after = _YEAR_ANYWHERE.search(title, match.end())
        return Title(title, year_number(after.group(1)) if after else None, _agency(head, match))
    return Title(title, year_number(year), _agency(before, match) or _agency(between, match))


def _agency(text: str, phrase: re.Match[str]) -> str | None:
    text = text.removesuffix("关于")
    if text.endswith("人民") and phrase.group(0).startswith("政府"):
        text += "政府"  # 「…人民政府信息公开工作年度报告」: 人民政府 + 信息公开
    name = agency_name(text)
    return name if len(name) >= 2 else None


def report_year(text: str) -> int | None:
    """The year an annual report title is about, or None if it is not an annual report of a named year."""
    title = read_title(text)
    return title.year if title is not None else None
