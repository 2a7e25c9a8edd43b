"""A finding whose inputs include a value OCR read with doubt is a warning asking for the original page,
never an error; the same fault read with certainty stays an error."""

from __future__ import annotations

from sqlalchemy import Engine, select

from nianbao.model import CellReading
from nianbao.warehouse.schema import ApplicationCell
from tests.expectations.conftest import open_findings
from tests.expectations.test_defects import YEAR, load, report

SUM_RULES = {"applications_total_row", "applications_total_column"}


def test_fault_on_an_uncertain_cell_is_a_warning_naming_the_page(engine: Engine, check) -> None:
    misread, certain = report("示例市甲局", seed=1), report("示例市乙局", seed=2)
    for r in (misread, certain):
        r.tables.applications["granted"]["natural_person"] += 1  # one row sum and one column sum broken
    misread.readings = {"applications": {"granted": {"natural_person": CellReading(
        confidence=0.41, page=3, uncertain=True, reason="low_confidence")}}}
    load(engine, misread, certain)
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
