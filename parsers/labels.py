"""The printed labels of headings, rows and columns, as patterns onto the spec's canonical keys.

Patterns run on label text that was NFKC-normalised and stripped of all white space, so labels broken
one character per line by vertical table cells match as printed. Each key has several anchors so that
real-world typos (「三安全二稳定」, 「其他法律行政止公开」) still match; none depends on numbering.
"""

from __future__ import annotations

import re

# Section headings: canonical title patterns (after the numbering prefix is removed).
SECTION_TITLES: dict[str, re.Pattern[str]] = {
    key: re.compile(pattern)
    for key, pattern in {
        "overview": r"(?:政府信息公开(?:工作)?)?(?:总体|基本)情况",
        "active_disclosure": r"(?:行政机关)?主动公开政府信息(?:的)?(?:工作)?情况",
        "applications": r"(?:行政机关)?收到和处理政府信息公开申请(?:的)?情况",
        "review_litigation": r"(?:因)?政府信息公开(?:工作)?(?:被)?(?:申请)?行政复议[、,和及与]?(?:提起)?行政诉讼(?:的)?(?:情况)?",
        "problems": r"(?:政府信息公开)?(?:工作)?(?:中)?存在的?主要问题(?:及|和|与|以及)(?:其)?改进(?:情况|措施|方向)?",
        "other_matters": r"其[他它]需要报告的事项",
    }.items()
}
# Looser titles, taken only after a top-level Chinese numeral (「二、」), never after 「1.」 or alone.
SECTION_LOOSE_TITLES: dict[str, re.Pattern[str]] = {
    key: re.compile(pattern)
    for key, pattern in {
        "overview": r"概述|概况|总体情况",
        "active_disclosure": r"主动公开(?:政府信息)?(?:的)?(?:工作)?情况",
        "applications": r"(?:收到和处理|依申请公开)(?:政府信息公开申请|政府信息)?(?:的)?(?:工作)?情况",
        "review_litigation": r"(?:政府信息公开)?.{0,6}行政复议.{0,8}行政诉讼.{0,4}",
        "problems": r".{0,10}(?:主要问题|存在问题|存在的问题).{0,10}",
        "other_matters": r"其[他它]需要报告的?事项",
    }.items()
}
# A heading's numbering: 「一、」 「1.」 「第一部分」; parenthesised numbers are sub-headings and not taken.
HEADING_NUMBER = re.compile(r"^(?:第?[一二三四五六七八九十]{1,3}(?:部分)?|\d{1,2})[、.,:：]?")
CHINESE_NUMBER = re.compile(r"^第?[一二三四五六七八九十]{1,3}(?:部分)?[、.,:：]?")
# Punctuation after a heading that runs on into its first paragraph: 「一、总体情况。2023年，…」.
RUN_IN = re.compile(r"[。:：]")

# Table 三 rows.
APPLICATION_ROWS: dict[str, str] = {
    "new": r"本年新收|新收政府信息",
    "carried_in": r"上年结转|上年度结转",
    "granted": r"予以公开",
    "partial": r"部分公开",
    "denied_state_secret": r"国家秘密",
    "denied_prohibited": r"禁止公开|其他法律|行政法规禁",
    "denied_security": r"三安全|[一二]稳定|危及",
    "denied_third_party": r"第三方",
    "denied_internal": r"内部事务",
    "denied_process": r"过程性",
    "denied_enforcement_file": r"执法案卷",
    "denied_query": r"查询事项",
    "unavailable_not_held": r"不掌握",
    "unavailable_needs_creation": r"另行制作|没有现成",
    "unavailable_unclear": r"仍不明确|补正后申请",
    "rejected_petition": r"信访|举报投诉",
    "rejected_duplicate": r"重复申请",
    "rejected_publication": r"出版物",
    "rejected_excessive": r"大量反复|反复申请",
    "rejected_confirmation": r"确认或重新|重新出具|已获取信息",
    "other_no_correction": r"不补正",
    "other_no_fee": r"缴纳费用|收费通知",
    "other": r"其他处理",
    "other_misc": r"(?:^|\d[.、]?|\))其他$",
    "total": r"总计|合计",
    "carried_out": r"结转下年|下年度继续",
}

# Table 二 rows and columns.
ACTIVE_DISCLOSURE_ROWS: dict[str, str] = {
    "regulation": r"规章",
    "normative_document": r"规范性文件",
    "licensing": r"行政许可",
    "other_services": r"其他对外管理|对外管理服务",
    "punishment": r"行政处罚",
    "coercion": r"行政强制",
    "admin_fee": r"事业性收费",
    "central_procurement": r"集中采购",
}
ACTIVE_DISCLOSURE_COLUMNS: dict[str, str] = {
    "issued": r"制发",
    "repealed": r"废止",
    "in_force": r"现行有效",
    "new_made": r"新制作",
    "new_published": r"新公开",
    "total_published": r"公开总数|对外公开总",
    "prev_items": r"上一?年项目",
    "change": r"增[/∕／\\]?减",
    "decisions": r"处理决定",
    "projects": r"采购项目",
    "amount_10k_yuan": r"金额",
}

# The unit an amount column's header prints: 「本年收费金额（单位：万元）」, 「采购总金额（元）」.
AMOUNT_HEADER_UNIT = re.compile(r"金额[^()]{0,8}?\((?:单位[:：]?)?(万元|元)\)")

# Which printed columns and rows belong to which layout only.
LAYOUT_ONLY_COLUMNS: dict[str, str] = {
    "issued": "F2021",
    "repealed": "F2021",
    "in_force": "F2021",
    "new_made": "F2019",
    "new_published": "F2019",
    "total_published": "F2019",
    "prev_items": "F2019",
    "change": "F2019",
}
LAYOUT_ONLY_ROWS: dict[str, dict[str, str]] = {
    "active_disclosure": {"other_services": "F2019", "central_procurement": "F2019"},
    "applications": {
        "other": "F2019",
        "other_no_correction": "F2021",
        "other_no_fee": "F2021",
        "other_misc": "F2021",
    },
}


def compile_patterns(patterns: dict[str, str]) -> dict[str, re.Pattern[str]]:
    return {key: re.compile(pattern) for key, pattern in patterns.items()}


def find_keys(label: str, patterns: dict[str, re.Pattern[str]]) -> list[str]:
    """The keys whose pattern occurs in ``label``, ordered by where their last occurrence ends."""
    ends: dict[str, int] = {}
    for key, pattern in patterns.items():
        for match in pattern.finditer(label):
            ends[key] = match.end()
    return sorted(ends, key=ends.__getitem__)
