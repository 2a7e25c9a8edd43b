"""Where a finding is, in words a 公开办 clerk reads in the report: table, row label and column as printed
in the State Council's layouts (spec §2–§5), from the spec keys the rule queries return."""

from __future__ import annotations

SECTIONS = {
    "overview": "一、总体情况",
    "active_disclosure": "二、主动公开政府信息情况",
    "applications": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}

TABLES = {
    "active_disclosure": "表二（主动公开政府信息情况）",
    "active_disclosure_previous": "上一年度报告表二",
    "applications": "表三（收到和处理政府信息公开申请情况）",
    "applications_previous": "上一年度报告表三",
    "review_litigation": "表四（政府信息公开行政复议、行政诉讼情况）",
}

APPLICATION_ROWS = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partial": "（二）部分公开",
    "denied_state_secret": "（三）不予公开 1.属于国家秘密",
    "denied_prohibited": "（三）不予公开 2.其他法律行政法规禁止公开",
    "denied_security": "（三）不予公开 3.危及“三安全一稳定”",
    "denied_third_party": "（三）不予公开 4.保护第三方合法权益",
    "denied_internal": "（三）不予公开 5.属于三类内部事务信息",
    "denied_process": "（三）不予公开 6.属于四类过程性信息",
    "denied_enforcement_file": "（三）不予公开 7.属于行政执法案卷",
    "denied_query": "（三）不予公开 8.属于行政查询事项",
    "unavailable_not_held": "（四）无法提供 1.本机关不掌握相关政府信息",
    "unavailable_needs_creation": "（四）无法提供 2.没有现成信息需要另行制作",
    "unavailable_unclear": "（四）无法提供 3.补正后申请内容仍不明确",
    "rejected_petition": "（五）不予处理 1.信访举报投诉类申请",
    "rejected_duplicate": "（五）不予处理 2.重复申请",
    "rejected_publication": "（五）不予处理 3.要求提供公开出版物",
    "rejected_excessive": "（五）不予处理 4.无正当理由大量反复申请",
    "rejected_confirmation": "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
    "other": "（六）其他处理",
    "other_no_correction": "（六）其他处理 1.申请人无正当理由逾期不补正",
    "other_no_fee": "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用",
    "other_misc": "（六）其他处理 3.其他",
    "total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}

APPLICANT_COLUMNS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}

ACTIVE_DISCLOSURE_ROWS = {
    "regulation": "规章",
    "normative_document": "规范性文件",
    "licensing": "行政许可",
    "other_services": "其他对外管理服务事项",
    "punishment": "行政处罚",
    "coercion": "行政强制",
    "admin_fee": "行政事业性收费",
    "central_procurement": "政府集中采购",
}

ACTIVE_DISCLOSURE_COLUMNS = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "处理决定数量",
    "amount_10k_yuan": "金额（万元）",
    "new_made": "本年新制作数量",
    "new_published": "本年新公开数量",
    "total_published": "对外公开总数量",
    "prev_items": "上一年项目数量",
    "change": "本年增/减",
    "projects": "采购项目数量",
}

REVIEW_BLOCKS = {"review": "行政复议", "suit_direct": "行政诉讼（未经复议直接起诉）",
                 "suit_after_review": "行政诉讼（复议后起诉）"}
REVIEW_OUTCOMES = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结",
                   "total": "总计"}

LAYOUTS = {"F2019": "2019 年版格式（国办公开办函〔2019〕60号）", "F2021": "2021 年版格式（国办公开办函〔2021〕30号）"}

STATES = {"missing": "缺失", "unreadable": "数值个数不符（无法读取）",
          "unread": "未能读取（文件中的表格无法识别，属解析问题，不是报告的错误）"}


def _review_column(key: str) -> str:
    for block, block_name in REVIEW_BLOCKS.items():
        if key == block:
            return f"「{block_name}」部分"
        if key.startswith(block + "_") and key[len(block) + 1 :] in REVIEW_OUTCOMES:
            return f"「{block_name}·{REVIEW_OUTCOMES[key[len(block) + 1:]]}」"
    return f"「{key}」"


def row_name(table_key: str, row_key: str) -> str:
    if table_key.startswith("applications"):
        return f"「{APPLICATION_ROWS.get(row_key, row_key)}」行"
    if table_key.startswith("active_disclosure"):
        return f"「{ACTIVE_DISCLOSURE_ROWS.get(row_key, row_key)}」行"
    return "数据行"


def column_name(table_key: str, col_key: str, other: str | None) -> str:
    if other == "position":
        return f"第 {col_key} 个数值"
    if table_key.startswith("applications"):
        return f"「{APPLICANT_COLUMNS.get(col_key, col_key)}」列"
    if table_key.startswith("active_disclosure"):
        return f"「{ACTIVE_DISCLOSURE_COLUMNS.get(col_key, col_key)}」列"
    return _review_column(col_key)


def place(table_key: str | None, row_key: str | None, col_key: str | None, other: str | None = None) -> str:
    """E.g. 表三（…）「（七）总计」行「自然人」列; 表四（…）; 「四、…」部分."""
    if table_key == "sections":
        return f"「{SECTIONS.get(row_key or '', row_key)}」部分"
    if table_key not in TABLES:
        return ""
    parts = [TABLES[table_key]]
    if row_key:
        parts.append(row_name(table_key, row_key))
    if col_key:
        parts.append(column_name(table_key, col_key, other))
    return "".join(parts)


def table_name(table_key: str | None) -> str:
    return TABLES.get(table_key or "", "")


_ORDER = {key: i for i, key in enumerate([*SECTIONS, *APPLICATION_ROWS, *ACTIVE_DISCLOSURE_ROWS])}
_COLUMN_ORDER = {key: i for i, key in enumerate([*APPLICANT_COLUMNS, *ACTIVE_DISCLOSURE_COLUMNS, *REVIEW_BLOCKS])}


def printed_order(table_key: str | None, row_key: str | None, col_key: str | None) -> tuple:
    """A sort key that lists places in the order the report prints them."""
    column = int(col_key) if col_key and col_key.isdigit() else _COLUMN_ORDER.get(col_key or "", -1)
    return (table_key or "", _ORDER.get(row_key or "", -1), column)
