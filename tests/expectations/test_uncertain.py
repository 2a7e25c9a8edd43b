"""A finding whose inputs include a value OCR read with doubt is a warning asking for the original page,
never an error; the same fault read with certainty stays an error. The Data Docs list the row as the
same warning with the same message."""

from __future__ import annotations

import html
import re
from pathlib import Path

from sqlalchemy import Engine, select, text

from nianbao.checks.report import record
from nianbao.checks.suites import Validator, scope_query
from nianbao.model import CellReading
from nianbao.warehouse.schema import ApplicationCell
from tests.expectations.conftest import AS_OF, open_findings
from tests.expectations.test_defects import YEAR, load, report
from tests.expectations.test_docs_history import NOW, listed, run

SUM_RULES = {"applications_total_row", "applications_total_column"}


def load_misread_and_certain(engine: Engine) -> None:
    """示例市甲局 and 示例市乙局 with the same broken cell, 甲局's read by OCR with doubt on page 3."""
    misread, certain = report("示例市甲局", seed=1), report("示例市乙局", seed=2)
    for r in (misread, certain):
        r.tables.applications["granted"]["natural_person"] += 1  # one row sum and one column sum broken
    misread.readings = {"applications": {"granted": {"natural_person": CellReading(
        confidence=0.41, page=3, uncertain=True, reason="low_confidence")}}}
    load(engine, misread, certain)


def test_fault_on_an_uncertain_cell_is_a_warning_naming_the_page(engine: Engine, check) -> None:
    load_misread_and_certain(engine)
    check(YEAR)
    found = {(agency, rule): (severity, message) for agency, _, rule, severity, _, message in open_findings(engine)
             if rule in SUM_RULES}
    for rule in SUM_RULES:
        severity, message = found[("示例市甲局", rule)]
        assert severity == "warning" and message.startswith("识别存疑，请人工核对原件第 3 页：")
        assert found[("示例市乙局", rule)][0] == "error"
    with engine.connect() as connection:
        cells = connection.execute(select(ApplicationCell.uncertain, ApplicationCell.page, ApplicationCell.confidence)
                                   .where(ApplicationCell.row_key == "granted",
                                          ApplicationCell.col_key == "natural_person")).all()
    assert sorted(cells, key=lambda c: c[0]) == [(False, None, None), (True, 3, 0.41)]


def _lines(page: str, rule: str) -> list[str]:
    """The text of each body row of ``rule``'s table of unexpected rows on a Data Docs page."""
    start = page.index(f"{rule}：")
    section = page[start:page.index("</table>", start)]
    rows = re.findall(r"<tr\b.*?</tr>", section[section.index("<tbody"):], re.DOTALL)
    return [html.unescape(re.sub(r"<[^>]+>|\s+", " ", row)) for row in rows]


def test_data_docs_list_the_row_as_the_warning_it_became(engine: Engine, tmp_path: Path) -> None:
    load_misread_and_certain(engine)
    validation = run(Validator(tmp_path / "docs"), engine, "识别存疑", NOW)
    with engine.connect() as connection:
        scope = [(a, y, r) for a, y, r, _ in connection.execute(text(scope_query(year=YEAR, as_of=AS_OF)))]
    record(engine, validation, scope)
    found = {(agency, rule): (severity, message) for agency, _, rule, severity, _, message in open_findings(engine)}
    page = listed(tmp_path / "docs")["识别存疑"].read_text(encoding="utf-8")
    for rule in SUM_RULES:
        lines = {agency: line for line in _lines(page, rule) for agency in ("示例市甲局", "示例市乙局") if agency in line}
        assert set(lines) == {"示例市甲局", "示例市乙局"}
        severity, message = found[("示例市甲局", rule)]
        assert severity == "warning" and message.startswith("识别存疑，请人工核对原件第 3 页：")
        assert " 警告 " in lines["示例市甲局"] and " 错误 " not in lines["示例市甲局"]
        assert message in lines["示例市甲局"]
        assert " 错误 " in lines["示例市乙局"] and "识别存疑" not in lines["示例市乙局"]
        assert found[("示例市乙局", rule)][1] in lines["示例市乙局"]
