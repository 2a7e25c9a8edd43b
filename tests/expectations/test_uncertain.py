"""A finding whose inputs include a value OCR read with doubt (a table cell, or a count stated in prose) is a
warning asking for the original page, never an error; the same fault read with certainty stays an error. The
Data Docs list the row as the same warning with the same message."""

from __future__ import annotations

import html
import re
from pathlib import Path

from sqlalchemy import Engine, select, text

from nianbao.checks.report import record
from nianbao.checks.suites import Validator, scope_query
from nianbao.model import AnnualReport, CellReading, NarrativeClaim
from nianbao.warehouse.schema import ApplicationCell, NarrativeClaimRecord
from tests.expectations.conftest import AS_OF, open_findings
from tests.expectations.test_defects import YEAR, load, report
from tests.expectations.test_docs_history import NOW, listed, run

SUM_RULES = {"applications_total_row", "applications_total_column"}
DOUBT = "识别存疑，请人工核对原件第 {} 页："


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
        assert severity == "warning" and message.startswith(DOUBT.format(3))
        assert found[("示例市乙局", rule)][0] == "error"
    with engine.connect() as connection:
        cells = connection.execute(select(ApplicationCell.uncertain, ApplicationCell.page, ApplicationCell.confidence)
                                   .where(ApplicationCell.row_key == "granted",
                                          ApplicationCell.col_key == "natural_person")).all()
    assert sorted(cells, key=lambda c: c[0]) == [(False, None, None), (True, 3, 0.41)]


def claim_findings(engine: Engine) -> dict[str, str]:
    return {agency: message for agency, _, rule, _, _, message in open_findings(engine)
            if rule == "narrative_matches_table"}


def claims_more_granted(r: AnnualReport, reading: CellReading | None) -> None:
    """A claim of 「予以公开」 two more than table 三's （一）予以公开 总计."""
    value = r.tables.applications["granted"]["total"] + 2
    r.narrative_claims = [NarrativeClaim(metric="applications_granted", value=value, text=f"予以公开{value}件",
                                         reading=reading)]


def test_a_claim_read_with_doubt_against_the_table_is_a_warning_naming_its_page(engine: Engine, check) -> None:
    misread, certain, sure_ocr = (report(f"示例市{n}局", seed=i) for i, n in enumerate("甲乙丙", start=1))
    claims_more_granted(misread, CellReading(confidence=0.35, page=2, uncertain=True, reason="low_confidence"))
    claims_more_granted(certain, None)
    claims_more_granted(sure_ocr, CellReading(confidence=0.97, page=2))
    load(engine, misread, certain, sure_ocr)
    check(YEAR)
    found = claim_findings(engine)
    claimed = misread.narrative_claims[0].text
    assert found["示例市甲局"].startswith(f"{DOUBT.format(2)}正文称「{claimed}」"), found
    assert not found["示例市乙局"].startswith("识别存疑") and not found["示例市丙局"].startswith("识别存疑"), found
    with engine.connect() as connection:
        stored = connection.execute(select(NarrativeClaimRecord.uncertain, NarrativeClaimRecord.page,
                                           NarrativeClaimRecord.confidence)).all()
    assert sorted(stored, key=lambda c: c[2] or 0) == [(False, None, None), (True, 2, 0.35), (False, 2, 0.97)]


def test_a_claim_against_an_uncertain_cell_of_its_own_row_is_a_warning(engine: Engine, check) -> None:
    misread = report("示例市甲局", seed=1)
    claims_more_granted(misread, None)
    misread.readings = {"applications": {"granted": {"total": CellReading(
        confidence=0.41, page=4, uncertain=True, reason="low_confidence")}}}
    load(engine, misread)
    check(YEAR)
    assert claim_findings(engine)["示例市甲局"].startswith(DOUBT.format(4))


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
