"""Alert tests run on SQLite and PostgreSQL with the warehouse fixtures, against a real SMTP server and a
real HTTP receiver started here. Findings are either written directly (compose tests) or produced by the
checks from loaded documents (end-to-end tests)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, select

from crawlers.registry import Jurisdiction, load_registry
from nianbao.warehouse.db import transaction
from nianbao.warehouse.documents import sync_agencies
from nianbao.warehouse.load import load_report
from nianbao.warehouse.schema import Agency, Finding, Report
from tests.alerts.receiver import Receiver, RobotServer
from tests.alerts.smtp_server import SmtpServer
from tests.support.synthetic import synthetic_report
from tests.warehouse.conftest import database_url, engine, migrated, postgresql_url, sqlite_url  # noqa: F401

T0 = datetime(2026, 12, 1, 8, 0)
SOURCE_URL = "http://127.0.0.1:8765/nanhu/gaj/art/2025/1.html"


def agency(code: str, name: str) -> dict:
    return {"code": code, "name": name, "level": "市级部门", "deadline_kind": "department", "cms": "plain",
            "entry": f"http://127.0.0.1:8765/{code}/list.html"}


REGISTRY = [
    {"code": "nanhu", "name": "南湖市",
     "office": {"name": "南湖市政务公开办", "alert_recipients": ["gkb@nanhu.example.cn", "zwgk@nanhu.example.cn"]},
     "agencies": [agency("nh-gaj", "南湖市公安局"), agency("nh-sthjj", "南湖市生态环境局"),
                  agency("nh-fgw", "南湖市发展和改革委员会")]},
    {"code": "dongjiang", "name": "东江市",
     "office": {"name": "东江市政务公开办", "alert_recipients": ["gkb@dongjiang.example.cn"]},
     "agencies": [agency("dj-czj", "东江市财政局")]},
]


def registry_with(robots: list[dict] | None = None, emails: bool = True) -> list[Jurisdiction]:
    """The test registry; ``robots`` added to 南湖市's office, email recipients kept unless ``emails``
    is false (then only the robots of 南湖市 and no 东江市)."""
    data = [dict(j, office=dict(j["office"])) for j in REGISTRY]
    if robots is not None:
        data[0]["office"]["robots"] = robots
    if not emails:
        data = data[:1]
    return [Jurisdiction.model_validate(j) for j in data]


def write_registry(folder: Path, jurisdictions: list[Jurisdiction]) -> Path:
    """The registry as YAML files the command line reads; loading them gives ``jurisdictions`` back."""
    folder.mkdir(parents=True, exist_ok=True)
    for j in jurisdictions:
        (folder / f"{j.code}.yaml").write_text(
            yaml.safe_dump(j.model_dump(exclude_none=True), allow_unicode=True), encoding="utf-8")
    assert load_registry(folder) == jurisdictions
    return folder


@pytest.fixture
def registry() -> list[Jurisdiction]:
    return registry_with()


@pytest.fixture
def agencies(engine: Engine, registry: list[Jurisdiction]) -> dict[str, int]:  # noqa: F811
    """The registry's agencies in the warehouse, and one loaded report (南湖市公安局 2024): name → id."""
    with transaction(engine) as session:
        for j in registry:
            sync_agencies(session, j.agency_records())
        report = synthetic_report("南湖市公安局", 2024)
        report.published_on = date(2025, 1, 20)
        report.source.url = SOURCE_URL
        load_report(session, report)
    with engine.connect() as connection:
        return dict(connection.execute(select(Agency.name, Agency.id)).tuples().all())


def add_finding(engine: Engine, agency_id: int, rule: str, severity: str, message: str, *,  # noqa: F811
                year: int = 2024, location: str = "", expected: str | None = None, actual: str | None = None,
                seen: datetime = T0, with_report: bool = True) -> int:
    with transaction(engine) as session:
        report_id = session.scalar(select(Report.id).where(Report.agency_id == agency_id, Report.year == year,
                                                           Report.is_current)) if with_report else None
        finding = Finding(rule_id=rule, severity=severity, agency_id=agency_id, year=year, report_id=report_id,
                          location=location, expected=expected, actual=actual, message=message, first_seen=seen,
                          last_seen=seen, status="open")
        session.add(finding)
        session.flush()
        return finding.id


def resolve_finding(engine: Engine, finding_id: int, when: datetime) -> None:  # noqa: F811
    with transaction(engine) as session:
        finding = session.get(Finding, finding_id)
        finding.status, finding.resolved_on = "resolved", when


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    """A plain SMTP server, configured as NIANBAO_SMTP_URL."""
    with SmtpServer() as server:
        monkeypatch.setenv("NIANBAO_SMTP_URL", server.url)
        monkeypatch.setenv("NIANBAO_MAIL_FROM", "nianbao@gkb.example.cn")
        yield server


@pytest.fixture
def robots(monkeypatch: pytest.MonkeyPatch) -> Iterator[RobotServer]:
    """The robot receiver; NH_WECOM_URL, NH_DINGTALK_URL/NH_DINGTALK_SECRET, NH_FEISHU_URL/NH_FEISHU_SECRET."""
    receiver = Receiver(secrets={"dingtalk": "SECdingtalk-test-secret", "feishu": "feishu-test-secret"})
    with RobotServer(receiver) as server:
        for platform in ("wecom", "dingtalk", "feishu"):
            monkeypatch.setenv(f"NH_{platform.upper()}_URL", server.url(platform))
        monkeypatch.setenv("NH_DINGTALK_SECRET", receiver.secrets["dingtalk"])
        monkeypatch.setenv("NH_FEISHU_SECRET", receiver.secrets["feishu"])
        yield server


ROBOTS = [{"platform": "wecom", "url": "NH_WECOM_URL"},
          {"platform": "dingtalk", "url": "NH_DINGTALK_URL", "secret": "NH_DINGTALK_SECRET"},
          {"platform": "feishu", "url": "NH_FEISHU_URL", "secret": "NH_FEISHU_SECRET"}]
