"""Where a finding is, in words a 公开办 clerk reads in the report: table, row label and column as printed
in the State Council's layouts (spec §2–§5), from the spec keys the rule queries return."""

from __future__ import annotations

from nianbao.model import LAYOUT_FIRST_YEARS, application_rows

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

# Table 三's outcome groups under 三、本年度办理结果 (spec §4), printed （一） to （七） in this order, and the
# numbered items of a group (``denied_state_secret`` is item 1 of ``denied``), without their numbers.
OUTCOME_GROUPS = {
    "granted": "予以公开",
    "partial": "部分公开",
    "denied": "不予公开",
    "unavailable": "无法提供",
    "rejected": "不予处理",
    "other": "其他处理",
    "total": "总计",
}
OUTCOME_ITEMS = {
    "denied_state_secret": "属于国家秘密",
    "denied_prohibited": "其他法律行政法规禁止公开",
    "denied_security": "危及“三安全一稳定”",
    "denied_third_party": "保护第三方合法权益",
    "denied_internal": "属于三类内部事务信息",
    "denied_process": "属于四类过程性信息",
    "denied_enforcement_file": "属于行政执法案卷",
    "denied_query": "属于行政查询事项",
    "unavailable_not_held": "本机关不掌握相关政府信息",
    "unavailable_needs_creation": "没有现成信息需要另行制作",
    "unavailable_unclear": "补正后申请内容仍不明确",
    "rejected_petition": "信访举报投诉类申请",
    "rejected_duplicate": "重复申请",
    "rejected_publication": "要求提供公开出版物",
    "rejected_excessive": "无正当理由大量反复申请",
    "rejected_confirmation": "要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "申请人无正当理由逾期不补正",
    "other_no_fee": "申请人逾期未按收费通知要求缴纳费用",
    "other_misc": "其他",
}


def _application_rows() -> dict[str, str]:
    """Every row of table 三 as printed, e.g. 「（三）不予公开 1.属于国家秘密」; both layouts' （六）."""
    keys = {key for layout in LAYOUT_FIRST_YEARS for key in application_rows(layout)}
    rows = {"new": "一、本年新收政府信息公开申请数量", "carried_in": "二、上年结转政府信息公开申请数量"}
    for numeral, (group, word) in zip("一二三四五六七", OUTCOME_GROUPS.items(), strict=True):
        items = [key for key in OUTCOME_ITEMS if key.startswith(group + "_")]
        if group in keys:
            rows[group] = f"（{numeral}）{word}"
        rows |= {key: f"（{numeral}）{word} {i}.{OUTCOME_ITEMS[key]}" for i, key in enumerate(items, 1)}
    return rows | {"carried_out": "四、结转下年度继续办理"}


APPLICATION_ROWS = _application_rows()

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

# Each layout's short name and the State Council office's letter that prescribes it.
LAYOUT_NAMES = {"F2019": "2019 年版", "F2021": "2021 年版"}
LAYOUT_LETTERS = {"F2019": "国办公开办函〔2019〕60号", "F2021": "国办公开办函〔2021〕30号"}
LAYOUTS = {layout: f"{name}格式（{LAYOUT_LETTERS[layout]}）" for layout, name in LAYOUT_NAMES.items()}

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
