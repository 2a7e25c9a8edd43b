"""``nianbao_collect`` on the native Celery cluster against the fixture site: the warehouse (a throwaway
PostgreSQL database, handed over as the Airflow Connection ``nianbao_warehouse``) ends complete with
tasks run on both workers and the digests delivered through the Connection ``smtp_default`` to a real
SMTP server (as compose does with Mailpit), and with one worker SIGKILLed in the parse stage a run (of
one jurisdiction) still succeeds with every report loaded exactly once.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from crawlers.registry import DEFAULT_REGISTRY, load_registry
from nianbao.warehouse.db import make_engine
from nianbao.warehouse.schema import Agency, Finding, Report
from tests.airflow.cluster import Cluster, throwaway_database
from tests.alerts.smtp_server import SmtpServer
from tests.support.fixture_site.build import build
from tests.support.fixture_site.serve import FixtureServer

pytestmark = pytest.mark.slow

YEAR = 2024
REGISTRY = {jurisdiction.code: {agency.code for agency in jurisdiction.agencies}
            for jurisdiction in load_registry(DEFAULT_REGISTRY)}
KILLED_IN = "dongjiang"  # the largest jurisdiction: the kill test collects only it, to stay short


@dataclass
class Site:
    base_url: str
    truth: dict

    def expected_reports(self, *jurisdictions: str) -> Counter:
        """(agency code, year) of every report on the site for the jurisdictions' agencies, once each."""
        codes = set().union(*(REGISTRY[code] for code in jurisdictions or REGISTRY))
        return Counter((d["agency"], d["year"]) for d in self.truth["documents"]
                       if d["year"] == YEAR and d["agency"] in codes)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("site")
    build(root, year=YEAR)
    with FixtureServer(root) as server:
        yield Site(server.base_url, json.loads((root / "truth.json").read_text(encoding="utf-8")))


@pytest.fixture
def smtp(cluster: Cluster) -> Iterator[SmtpServer]:
    """A real SMTP server on 127.0.0.1, the cluster's ``smtp_default``."""
    with SmtpServer() as server:
        cluster.set_connection("smtp_default", "smtp", {"disable_ssl": True, "disable_tls": True},
                               host="127.0.0.1", port=server.port)
        yield server


@pytest.fixture
def warehouse(cluster: Cluster, site: Site, smtp: SmtpServer, tmp_path: Path) -> Iterator[str]:
    """A fresh warehouse database, configured into the cluster the Airflow way (Connection, Variables)."""
    with throwaway_database("warehouse") as url:
        cluster.set_connection("nianbao_warehouse", "generic", {"sqlalchemy_url": url})
        for key, value in {"nianbao_base_url": site.base_url, "nianbao_fast": "true",
                           "nianbao_raw_store": str(tmp_path / "raw"), "nianbao_docs": str(tmp_path / "docs")}.items():
            cluster.set_variable(key, value)
        yield url


def reports_and_findings(url: str) -> tuple[Counter, list[tuple]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            reports = Counter(connection.execute(select(Agency.code, Report.year)
                                                 .join(Agency, Agency.id == Report.agency_id)).all())
            findings = connection.execute(select(Agency.code, Finding.rule_id, Finding.severity)
                                          .join(Agency, Agency.id == Finding.agency_id)).all()
    finally:
        engine.dispose()
    return reports, sorted(findings)


def hosts(cluster: Cluster, run_id: str, task_id: str | None = None) -> set[str]:
    return {ti["hostname"] for ti in cluster.task_instances(run_id) if task_id in (None, ti["task_id"])}


def test_collect_runs_on_both_workers(cluster: Cluster, site: Site, warehouse: str, smtp: SmtpServer) -> None:
    run_id = cluster.trigger("nianbao_collect", {"year": YEAR})
    assert cluster.wait(run_id, timeout=300) == "success"
    assert hosts(cluster, run_id) == {"w1", "w2"}
    reports, findings = reports_and_findings(warehouse)
    assert reports == site.expected_reports()
    assert findings == sorted((code, "report_missing", "error") for code in site.truth["not_found"])
    # one digest to each 公开办 address of the jurisdictions with a finding
    recipients = {address for jurisdiction in load_registry(DEFAULT_REGISTRY)
                  if REGISTRY[jurisdiction.code] & set(site.truth["not_found"])
                  for address in jurisdiction.office.alert_recipients}
    assert sorted(str(message["To"]) for message in smtp.messages) == sorted(recipients)


def test_collect_survives_a_worker_sigkilled_while_parsing(cluster: Cluster, site: Site, warehouse: str) -> None:
    run_id = cluster.trigger("nianbao_collect", {"year": YEAR, "jurisdiction": KILLED_IN})
    deadline = time.monotonic() + 240
    while not any(ti["task_id"] == "load" and ti["state"] == "running" and ti["hostname"] == "w1"
                  for ti in cluster.task_instances(run_id)):
        assert time.monotonic() < deadline and cluster.run_state(run_id) in ("queued", "running"), cluster.logs()
        time.sleep(0.1)
    cluster.kill_worker("w1")

    assert cluster.wait(run_id, timeout=300) == "success"
    loads = [ti for ti in cluster.task_instances(run_id) if ti["task_id"] == "load"]
    assert {ti["state"] for ti in loads} == {"success"}
    assert any(ti["try_number"] > 1 and ti["hostname"] == "w2" for ti in loads)
    reports, _ = reports_and_findings(warehouse)
    assert reports == site.expected_reports(KILLED_IN)


def test_backfill_collects_an_earlier_season(cluster: Cluster, site: Site, warehouse: str) -> None:
    """Airflow's own backfill over one day of a past season: its run's report year is the year before."""
    cluster.wait_for_dag("nianbao_collect")
    # 06:00 in Shanghai on 2 February is 22:00 UTC on the 1st: the one scheduled time in this range.
    cluster.airflow("backfill", "create", "--dag-id", "nianbao_collect",
                    "--from-date", f"{YEAR + 1}-02-01T12:00:00+00:00", "--to-date", f"{YEAR + 1}-02-02T00:00:00+00:00")
    deadline = time.monotonic() + 60
    while not (runs := [run for run in cluster.api("GET", "/dags/nianbao_collect/dagRuns?limit=100")["dag_runs"]
                        if run["run_type"] == "backfill"]):
        assert time.monotonic() < deadline, cluster.logs()
        time.sleep(1)
    [run] = runs
    cluster.runs[run["dag_run_id"]] = "nianbao_collect"
    assert cluster.wait(run["dag_run_id"], timeout=300) == "success"
    assert cluster.xcom(run["dag_run_id"], "check")["year"] == YEAR
    reports, _ = reports_and_findings(warehouse)
    assert reports == site.expected_reports()
