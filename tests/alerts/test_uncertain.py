"""A digest naming a report read by OCR with uncertain cells says so under the agency, with how many cells
and on which pages, in both parts of the email a real SMTP server receives; a report read from text gets
no such line. The scanned report goes through the normal loader with its readings."""

from __future__ import annotations

from sqlalchemy import Engine

from nianbao.alerts import compose, deliver
from nianbao.model import CellReading
from nianbao.warehouse.db import transaction
from nianbao.warehouse.load import load_report
from tests.alerts.conftest import T0, add_finding
from tests.alerts.smtp_server import SmtpServer
from tests.alerts.test_compose import TOTAL_ROW
from tests.support.synthetic import synthetic_report

SCANNED = "南湖市生态环境局"
NOTE = f"《{SCANNED}2024年政府信息公开工作年度报告》为扫描件，2 处数字识别存疑，请人工核对原件第 3、5 页。"


def _reading(page: int) -> CellReading:
    return CellReading(confidence=0.41, page=page, uncertain=True, reason="low_confidence")


def test_digest_names_the_uncertain_cells_of_a_scanned_report(engine: Engine, registry, agencies,  # noqa: F811
                                                               smtp: SmtpServer) -> None:
    scanned = synthetic_report(SCANNED, 2024)
    scanned.readings = {"applications": {"total": {"total": _reading(3)}},
                        "review_litigation": {"row": {"review_total": _reading(5)}}}
    with transaction(engine) as session:
        load_report(session, scanned)
    add_finding(engine, agencies[SCANNED], "applications_total_row", "warning", f"识别存疑，请人工核对原件第 3 页：{TOTAL_ROW}")
    add_finding(engine, agencies["南湖市公安局"], "applications_total_row", "error", TOTAL_ROW)  # read from text
    compose(engine, registry=registry, jurisdiction="nanhu", now=T0)
    assert [o.state for o in deliver(engine, now=T0)] == ["delivered", "delivered"]
    for message in smtp.messages:
        for body in (message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()):
            police, ecology = body.index("南湖市公安局（待处理"), body.index(f"{SCANNED}（待处理")
            assert police < ecology < body.index(NOTE)  # under the scanned report's agency, not the other's
            assert body.count("为扫描件") == 1 and "《南湖市公安局2024年政府信息公开工作年度报告》为扫描件" not in body
