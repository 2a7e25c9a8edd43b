"""Facts read from the report's prose: agency and year from the title, publication date, statistics
period and counts stated in the narrative.

Each function takes plain lines or text (the claims: the lines as read, with their OCR confidence) and
returns the fact or ``None``; none knows any agency.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from itertools import accumulate

from nianbao.model import CellReading, NarrativeClaim, StatisticsPeriod
from nianbao.titles import agency_name, read_title, year_number
from parsers.document import TextLine, lowest_confidence
from parsers.numbers import normalize
from parsers.stream import compact

_CN_DIGITS = {"〇": 0, "零": 0, "O": 0, "o": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_DATE = r"(\d{4}|[〇零一二三四五六七八九Oo]{4})年([\d一二三四五六七八九十]{1,3})月([\d一二三四五六七八九十]{1,3})日"
_DATE_LINE = re.compile(
    rf"^(?:(?:发布|印发|成文|公开)?(?:日期|时间)[:：]?)?(?:{_DATE}|(\d{{4}})[-./](\d{{1,2}})[-./](\d{{1,2}})日?)"
    r"(?:\d{1,2}:\d{2}(?::\d{2})?)?$"
)
# A signature printed beside its date: 「XX区人民政府办公室    2024 年 1 月 20 日」 — the issuing body (no
# punctuation, no gap inside) ending in an organisation word, a gap, then the date.
_SIGNATURE = re.compile(
    r"^(?P<body>[^\s\d,.;:!?，。；：！？、()（）]{2,40}?(?:政府|办公室|委员会|局|厅|委|办|院|署|中心|公司|会|所))"
    r"\s+(?P<date>\S.*)$"
)
_PERIOD = re.compile(
    r"统计(?:期限|时限|期间|时间|区间|范围|周期|时段)?[^。;；]{0,24}?自?"
    r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?(?:至|到|—|-|～|~)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
)
_UNIT = r"(?:件|项|份|条|个|起|宗)"
_SUBJECT = r"(?:政府信息公开申请|依申请公开(?:政府信息|政务信息)?(?:申请|事项)?|信息公开申请)"
# metric → patterns whose group 1 is the count; a pattern without a group states none (0).
_CLAIMS: dict[str, tuple[re.Pattern[str], ...]] = {
    "applications_received": (
        re.compile(rf"(?:收到|受理|接收|接到|办理)(?:了)?(?:各类)?{_SUBJECT}(?:共|总计|合计)?(\d+){_UNIT}"),
        re.compile(rf"(?:收到|受理|接收|接到)(?:了)?(\d+){_UNIT}{_SUBJECT}"),
        re.compile(rf"{_SUBJECT}(?:共|总计|合计)(?:收到|受理|办理|接收)?(\d+){_UNIT}"),
        # 「本年度未收到政府信息公开申请。」 — a clause that ends there, not 「未收到…申请引发的行政复议」
        re.compile(rf"(?:未|没有)(?:收到|受理|接收|接到)(?:过)?(?:任何)?(?:各类)?{_SUBJECT}(?=[，。；,;]|$)"),
    ),
    "applications_granted": (
        re.compile(rf"予以公开(?:的)?(?:共|计|有)?(\d+){_UNIT}"),
    ),
}


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(c in _CN_DIGITS for c in text):
        return year_number(text)
    tens, _, units = text.partition("十")
    if "十" not in text:
        return _CN_DIGITS[text]
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _make_date(year: str, month: str, day: str) -> date | None:
    try:
        return date(_cn_number(year), _cn_number(month), _cn_number(day))
    except (KeyError, ValueError):
        return None


def title(lines: list[str]) -> tuple[str | None, int | None]:
    """Agency and report year from the title (read by :func:`nianbao.titles.read_title`), which may sit
    on one line or two: a title line naming no agency takes the line above it."""
    for index, line in enumerate(lines):
        found = read_title(line)
        if found is None or found.year is None:
            continue
        agency = found.agency
        if not agency and index > 0:
            previous = compact(lines[index - 1])
            if 2 <= len(previous) <= 40 and not _DATE_LINE.match(previous) and "。" not in previous:
                agency = agency_name(previous) or None
        return agency, found.year
    return None, None


def date_line(line: str) -> date | None:
    """A line that is only a date (a signature or 发布日期 line)."""
    match = _DATE_LINE.match(compact(line).strip("()（）[]【】"))
    if not match:
        return None
    groups = match.groups()
    return _make_date(*groups[:3]) if groups[0] else _make_date(*groups[3:])


def signature_date(line: str) -> date | None:
    """The date of a signature line that prints the issuing body and the date side by side."""
    match = _SIGNATURE.match(normalize(line).strip())
    return date_line(match["date"]) if match else None


def published_on(head: list[str], tail: list[str], metadata: dict[str, str]) -> tuple[date | None, str | None]:
    """The publication date printed near the title or in the signature ("document"), or else the
    发布日期 its web page carries ("web_page")."""
    for line in head:
        found = date_line(line)
        if found:
            return found, "document"
    for line in reversed(tail):
        found = date_line(line) or signature_date(line)
        if found:
            return found, "document"
    for key in ("pubdate", "publishdate", "firstpublishedtime", "pubtime", "dc.date"):
        match = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", metadata.get(key, ""))
        found = match and _make_date(*match.groups())
        if found:
            return found, "web_page"
    return None, None


def statistics_period(text: str) -> StatisticsPeriod | None:
    """A stated statistics period, e.g. 「统计期限自2020年3月1日起至2020年12月31日止」."""
    match = _PERIOD.search(compact(text))
    if not match:
        return None
    y1, m1, d1, y2, m2, d2 = match.groups()
    start, end = _make_date(y1, m1, d1), _make_date(y2 or y1, m2, d2)
    if not start or not end:
        return None
    return StatisticsPeriod(start=start, end=end, text=match.group(0))


def narrative_claims(lines: Sequence[TextLine]) -> list[NarrativeClaim]:
    """Counts stated in the prose: applications received (「未收到政府信息公开申请」 states none) and
    granted (「予以公开 9 件」), one claim per metric and value. A claim read by OCR carries the lowest
    confidence of the lines it is printed on and the page of its number (not yet marked uncertain: see
    :func:`parsers.confidence.mark_claims`)."""
    pieces = [compact(line.text) for line in lines]
    flat = "".join(pieces)
    ends = list(accumulate(len(piece) for piece in pieces))  # line i holds flat[ends[i - 1]:ends[i]]
    claims: dict[tuple[str, int], NarrativeClaim] = {}
    for metric, patterns in _CLAIMS.items():
        for pattern in patterns:
            for match in pattern.finditer(flat):
                value = int(match.group(1)) if pattern.groups else 0
                if (metric, value) in claims:
                    continue
                first, last = bisect_right(ends, match.start()), bisect_right(ends, match.end() - 1)
                confidence = lowest_confidence(lines[first : last + 1])
                number = lines[bisect_right(ends, match.start(1) if pattern.groups else match.start())]
                reading = None if confidence is None else CellReading(confidence=confidence, page=number.page)
                claims[(metric, value)] = NarrativeClaim(metric=metric, value=value, text=match.group(0),
                                                         reading=reading)
    return list(claims.values())
