"""A small warehouse scenario for the query and export tests: four agencies in two jurisdictions over two
years, with a carry-over broken, a blank cell, a late report, a re-published report, corrections, two
findings and a failed document."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, select

from nianbao.model import AnnualReport
from nianbao.warehouse.db import transaction
from nianbao.warehouse.documents import AgencyRecord, sync_agencies
from nianbao.warehouse.findings import FindingRecord, record_findings
from nianbao.warehouse.load import load_report, record_failure
from nianbao.warehouse.schema import Agency
from tests.support.synthetic import synthetic_report

REGISTRY = [
    AgencyRecord("A1", "北城区财政局", "区级部门", "北城区", "北城区政务公开办公室"),
    AgencyRecord("A2", "北城区教育局", "区级部门", "北城区", "北城区政务公开办公室"),
    AgencyRecord("B1", "南湖县人民政府", "县级政府", "南湖县", "南湖县政务公开办公室", "government"),
    AgencyRecord("B2", "南湖县公安局", "县级部门", "南湖县", "南湖县政务公开办公室"),
]
JURISDICTION = {r.name: r.parent_jurisdiction for r in REGISTRY}


def rebalance_review(report: AnnualReport) -> None:
    cells = report.tables.review_litigation
    for block in ("review", "suit_direct", "suit_after_review"):
        cells[f"{block}_total"] = sum(
            cells[f"{block}_{o}"] or 0 for o in ("upheld", "corrected", "other", "pending")
        )


def build_reports() -> list[AnnualReport]:
    a1_22 = synthetic_report("北城区财政局", 2022)
    a1_23 = synthetic_report("北城区财政局", 2023, carried_in=a1_22.tables.applications["carried_out"])
    a1_23.tables.applications["carried_in"]["natural_person"] += 5  # breaks carry-over and balance
    a2_23 = synthetic_report("北城区教育局", 2023)
    a2_23.tables.applications["denied_query"]["research"] = None
    b1_22 = synthetic_report("南湖县人民政府", 2022)
    b1_22.tables.review_litigation["suit_direct_pending"] = None
    b1_23 = synthetic_report(
        "南湖县人民政府",
        2023,
        published_on=date(2024, 3, 15),
        carried_in=b1_22.tables.applications["carried_out"],
    )
    b2_22_v1 = synthetic_report("南湖县公安局", 2022, seed=1)
    b2_22_v2 = synthetic_report("南湖县公安局", 2022, seed=2)
    b2_23 = synthetic_report(
        "南湖县公安局",
        2023,
        published_on=date(2024, 2, 10),
        carried_in=b2_22_v2.tables.applications["carried_out"],
    )
    reports = [a1_22, a1_23, a2_23, b1_22, b1_23, b2_22_v1, b2_22_v2, b2_23]
    for report in reports:
        for block in ("review", "suit_direct", "suit_after_review"):
            report.tables.review_litigation[f"{block}_corrected"] = 0
    a2_23.tables.review_litigation["review_corrected"] = 3
    b2_23.tables.review_litigation["suit_after_review_corrected"] = 2
    for report in reports:
        rebalance_review(report)
    return reports


def load_scenario(engine: Engine) -> dict[tuple[str, int], AnnualReport]:
    """Load the scenario; returns the current report per (agency, year)."""
    reports = build_reports()
    with transaction(engine) as session:
        sync_agencies(session, REGISTRY)
    for report in reports:
        with transaction(engine) as session:
            result = load_report(session, report)
            if (report.agency, report.year) in (("南湖县人民政府", 2023), ("北城区财政局", 2023)):
                severity = "error" if report.agency == "南湖县人民政府" else "warning"
                record_findings(
                    session,
                    agency_id=_agency_id(session, report.agency),
                    year=report.year,
                    report_id=result.report_id,
                    findings=[FindingRecord("applications_balance", severity, "不平衡", "natural_person")],
                )
    with transaction(engine) as session:
        record_failure(session, path="bad.pdf", sha256="0" * 64, reason="文件已损坏，无法读取")
    return {(r.agency, r.year): r for r in reports}  # later versions overwrite earlier ones


def _agency_id(session, name: str) -> int:
    return session.scalar(select(Agency.id).where(Agency.name == name))
