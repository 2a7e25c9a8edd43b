"""Chinese headers for the warehouse's column identifiers, and the words for coded values.

Columns keep their identifiers in CSV and JSON (stable for scripts); tables and sheets for staff show
these headers. An identifier without a header is shown as it is.
"""

from __future__ import annotations

from nianbao.checks.catalogue import SEVERITY_WORDS
from nianbao.checks.places import APPLICANT_COLUMNS, LAYOUT_NAMES, OUTCOME_GROUPS, OUTCOME_ITEMS

# The outcome columns of the auditors' queries (sql/queries): column → outcome group or item of table 三.
_OUTCOME_COLUMNS = {
    "granted": "granted",
    "partial": "partial",
    "denied": "denied",
    "unavailable": "unavailable",
    "not_handled": "rejected",
    "other": "other",
    "state_secret": "denied_state_secret",
    "prohibited": "denied_prohibited",
    "security": "denied_security",
    "third_party": "denied_third_party",
    "internal_affairs": "denied_internal",
    "process_info": "denied_process",
    "enforcement_file": "denied_enforcement_file",
    "query_matter": "denied_query",
}

COLUMN_TITLES: dict[str, str] = {
    "agency_id": "机关编号",
    "agency": "机关",
    "code": "机关代码",
    "level": "层级",
    "office": "公开办",
    "parent_jurisdiction": "辖区",
    "year": "年度",
    "report_id": "报告编号",
    "report": "报告",
    "version": "版本",
    "is_current": "现行版本",
    "layout": "报告格式",
    "deadline": "发布期限",
    "published": "已发布",
    "published_on": "发布日期",
    "published_on_source": "发布日期来源",
    "on_time": "按期发布",
    "late": "逾期发布",
    "date_unknown": "发布日期不明",
    "status": "状态",
    "agencies": "机关数",
    "reports": "报告数",
    "open_errors": "待纠正错误",
    "open_warnings": "警告",
    "with_open_errors": "有待纠正错误的机关",
    "open_findings": "未解决问题",
    **{key: title for key, title in APPLICANT_COLUMNS.items()},
    **{column: OUTCOME_GROUPS.get(key) or OUTCOME_ITEMS[key] for column, key in _OUTCOME_COLUMNS.items()},
    "new_applications": "本年新收申请",
    "previous_year": "上年新收申请",
    "change": "增减",
    "corrected": "结果纠正合计",
    "review_corrected": "行政复议结果纠正",
    "suit_direct_corrected": "直接起诉结果纠正",
    "suit_after_review_corrected": "复议后起诉结果纠正",
    "review_total": "行政复议总计",
    "applications_blank": "表三空白单元格",
    "review_blank": "表四空白单元格",
    "path": "文件",
    "url": "网址",
    "reason": "原因",
    "parsed_at": "解析时间",
    "fetched_at": "采集时间",
    "rule_id": "规则",
    "rule": "规则",
    "rule_title": "规则内容",
    "severity": "性质",
    "location": "位置",
    "message": "说明",
    "expected": "预期",
    "actual": "实际",
    "first_seen": "首次发现",
    "publication": "发布情况",
}

# Coded values, per column, in words.
VALUE_WORDS: dict[str, dict[str, str]] = {
    "severity": SEVERITY_WORDS,
    "published_on_source": {"document": "报告正文", "web_page": "网页"},
    "publication": {"on_time": "按期发布", "late": "逾期发布", "missing": "未发布", "date_unknown": "发布日期不明"},
    "layout": LAYOUT_NAMES,
}


def column_title(column: str) -> str:
    return COLUMN_TITLES.get(column, column)


def value_word(column: str, value: object) -> object:
    """A coded value in words (other values unchanged)."""
    words = VALUE_WORDS.get(column)
    return words.get(value, value) if words and isinstance(value, str) else value
