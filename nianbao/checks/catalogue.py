"""The rule catalogue: one entry per rule of the spec's §6, in the spec's order.

Each rule is implemented once, as the SQL query ``expectations/<rule id>.sql`` that Great Expectations
runs over the warehouse (an ``UnexpectedRowsExpectation``, see :mod:`nianbao.checks.suites`). Every
query returns the same columns, one row per fault or per missing input:

    report_id, agency_id, year   whose report (report_id NULL for a report that does not exist)
    outcome      'fail' (the rule is broken) or 'unverifiable' (an input is missing or unreadable)
    table_key, row_key, col_key  where, in the spec's keys (see :mod:`nianbao.checks.places`)
    expected, actual             the numbers or dates the rule compared
    other        a detail: the state of a missing input, a printed label, the other report's agency…

``{batch}`` in a query stands for the reports (agency-years) being checked: columns agency_id, year,
report_id (NULL when the agency has no report for the year) and as_of (the check date, YYYY-MM-DD).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Literal

from nianbao.checks.places import LAYOUT_LETTERS, LAYOUT_NAMES
from nianbao.model import CLAIM_ROWS, layout_years
from nianbao.resources import EXPECTATIONS
from nianbao.warehouse import similarity

Severity = Literal["error", "warning"]

# How a finding's severity reads to staff, the same in every command, page, sheet and message.
SEVERITY_WORDS: dict[str, str] = {"error": "错误", "warning": "警告", "unverifiable": "无法核验"}
# ``--fail-on`` levels: a finding fails a run when its rank reaches the level's (unverifiable never does).
SEVERITY_RANK: dict[str, int] = {"error": 2, "warning": 1, "unverifiable": 0}


def fails(severities: Iterable[str], fail_on: Severity | None) -> bool:
    """Whether any of these findings' severities reaches ``fail_on`` (None: findings never fail)."""
    return fail_on is not None and any(SEVERITY_RANK[s] >= SEVERITY_RANK[fail_on] for s in severities)
Scope = Literal["document", "year"]


@dataclass(frozen=True)
class Rule:
    """One rule: ``title`` says in one plain sentence what must hold; ``message`` is the Chinese text of
    a failure, filled with ``where``, ``expected``, ``actual``, ``other`` and ``cell`` (the cell its row
    names); ``advice`` tells the agency
    what to do about a failure (the alert digests print it); ``merge`` makes the failures of one report
    and table one finding."""

    id: str
    severity: Severity
    scope: Scope
    title: str
    message: str
    advice: str
    merge: bool = False

    @property
    def query_path(self) -> Path:
        return EXPECTATIONS / f"{self.id}.sql"

    def query(self) -> str:
        """The rule's SQL with the similarity constants and the prose claims' rows filled in; ``{batch}`` is
        left for GE."""
        claim_rows = " ".join(f"WHEN '{metric}' THEN '{row}'" for metric, row in CLAIM_ROWS.items())
        return Template(self.query_path.read_text(encoding="utf-8")).substitute(
            threshold=similarity.THRESHOLD, slots=similarity.SLOTS, claim_rows=claim_rows
        )


def _years(first: int | None, last: int | None) -> str:
    if first is None:
        return f"{last} 年度及以前"
    return f"{first} 年度起" if last is None else f"{first}—{last} 年度"


def _layout_years() -> str:
    """The model's layout of each report year in words: 「2020 年度及以前用 2019 年版格式，2021 年度起用…」."""
    return "，".join(f"{_years(first, last)}用 {LAYOUT_NAMES[layout]}格式" for first, last, layout in layout_years())


# layout_matches_year's message for a report in the right layout with parts of the other mixed in.
MIXED_LAYOUT = "{where}：报告采用{expected}，但夹用了{actual}的内容（例如表三「（六）其他处理」按旧格式只填一行）。"

RULES: tuple[Rule, ...] = (
    Rule("sections_present", "error", "document", "六个部分齐全且顺序正确",
         "报告{where}。",
         advice="按规定格式补齐缺少的部分（一至六）并按顺序排列，更正后重新发布报告。"),
    Rule("table_complete", "error", "document", "表二、表三、表四及其各行齐全",
         "报告缺少{where}。",
         advice="按规定格式补齐缺少的表格或行次，更正后重新发布报告。", merge=True),
    Rule("row_shape", "warning", "document", "表格各行数值个数与规定格式一致",
         "{where}印有 {actual} 个数值，规定格式为 {expected} 个；该行数值已原样保存，但无法对应到各列。",
         advice="核对该行的数值个数，按规定格式每列填写一个数字，更正后重新发布报告。"),
    Rule("applications_balance", "error", "document", "表三勾稽关系：新收＋上年结转＝办理结果总计＋结转下年度",
         "{where}：「一、本年新收」加「二、上年结转」为 {expected}，「（七）总计」加「四、结转下年度继续办理」"
         "为 {actual}，两者应当相等。",
         advice="核对表三「本年新收」「上年结转」「总计」「结转下年度」四项，找出差错并更正后重新发布报告。"),
    Rule("applications_total_row", "error", "document", "表三「（七）总计」等于各项办理结果之和",
         "{where}：各项办理结果（（一）至（六））相加为 {expected}，但「（七）总计」填报为 {actual}。",
         advice="逐项核对表三各项办理结果和「（七）总计」，更正后重新发布报告。"),
    Rule("applications_total_column", "error", "document", "表三每行「总计」列等于各类申请人之和",
         "{where}：自然人与各类法人或其他组织相加为 {expected}，但「总计」列填报为 {actual}。",
         advice="核对该行各类申请人的件数和「总计」列，更正后重新发布报告。"),
    Rule("review_litigation_totals", "error", "document", "表四各部分「总计」等于维持、纠正、其他、尚未审结之和",
         "{where}：结果维持、结果纠正、其他结果、尚未审结相加为 {expected}，但「总计」填报为 {actual}。",
         advice="核对表四该部分各项件数和「总计」，更正后重新发布报告。"),
    Rule("non_negative_integers", "error", "document", "件数为非负整数",
         "{where}填报为 {actual}，件数应为不小于 0 的整数。",
         advice="将件数改为实际的非负整数，更正后重新发布报告。"),
    Rule("cells_filled", "warning", "document", "表三、表四每个单元格都填有数字",
         "{where}未填数字（空白、「/」或「—」）；核对合计时按 0 计算，请补填 0 或实际数字。",
         advice="在空白单元格中填写实际数字（没有则填 0），更正后重新发布报告。", merge=True),
    Rule("layout_matches_year", "warning", "document", f"报告格式与年度相符（{_layout_years()}）",
         "{where}：本年度应使用{expected}，报告使用的是{actual}。",
         advice=f"改用该年度规定的报告格式（{'或'.join(LAYOUT_LETTERS.values())}），重新发布报告。"),
    Rule("published_on_time", "error", "document", "按期发布年度报告",
         "年度报告发布日期为 {actual}，晚于法定期限 {expected}。",
         advice="在本机关门户网站补充说明逾期原因；下一年度务必在期限前发布。"),
    Rule("report_missing", "error", "year", "名录内机关按期发布年度报告",
         "截至 {actual} 未见本机关该年度的政府信息公开工作年度报告（发布期限为 {expected}）。",
         advice="尽快编制并在门户网站发布该年度报告；如已发布，请告知发布网址以便核实。"),
    Rule("carryover_matches_last_year", "error", "year", "本年「上年结转」等于上一年度「结转下年度继续办理」",
         "{where}：上一年度报告「四、结转下年度继续办理」为 {expected}，本年度「二、上年结转」填报为 {actual}。",
         advice="核对本年「上年结转」与上一年度报告「结转下年度继续办理」，更正有误的一份后重新发布。"),
    Rule("document_stock_continuity", "warning", "year", "现行有效件数与上年衔接（上年现行有效＋本年制发－本年废止）",
         "{where}：按上年现行有效件数加本年制发、减本年废止应为 {expected}，填报为 {actual}"
         "（如有集中清理，请核实说明）。",
         advice="核实现行有效件数；如有集中清理，请在报告中说明，否则更正后重新发布。"),
    Rule("narrative_matches_table", "warning", "document", "正文所述件数与表三一致",
         "正文称「{other}」（{actual} 件），但{cell}为 {expected} 件。",
         advice="核对正文所述件数与表三，更正不一致的一处后重新发布报告。"),
    Rule("copied_content", "warning", "year", "报告内容不与本机关上年报告或其他机关同年报告雷同",
         "报告正文与{where}高度雷同（相似度约 {actual}，判定阈值 {expected}）。",
         advice="按本机关本年度实际工作重新撰写雷同的部分，重新发布报告。"),
    Rule("full_year_period", "warning", "document", "统计期限为全年（1 月 1 日至 12 月 31 日）",
         "报告所述统计期限为 {actual}（「{other}」），应为 {expected}。",
         advice="按 1 月 1 日至 12 月 31 日全年统计，更正统计期限和相应数字后重新发布报告。"),
)


RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def rules_for(scope: Scope) -> tuple[Rule, ...]:
    """The rules a check of that scope runs: ``document`` (single documents) or ``year`` (all rules)."""
    return RULES if scope == "year" else tuple(r for r in RULES if r.scope == "document")
