"""The DAGs for real: they parse fast and clean, and ``airflow dags test nianbao_collect`` collects the
fixture site into the warehouse (Airflow metadata on SQLite in a temporary AIRFLOW_HOME).

The warehouse is handed over as the Airflow Connection ``nianbao_warehouse`` and the rest as Variables,
as in production; one document on the site is corrupt and fails only its own task instance; the digests
go to a local mailbox, once.
"""

from __future__ import annotations

import json
import mailbox
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crawlers.registry import DEFAULT_REGISTRY, load_registry
from nianbao.warehouse.db import make_engine
from nianbao.warehouse.schema import Agency, Finding, Report, SourceDocument
from tests.support.fixture_site.build import build
from tests.support.fixture_site.serve import FixtureServer

REPO = Path(__file__).resolve().parents[2]
DAGS = REPO / "dags"
AIRFLOW = Path(sys.executable).with_name("airflow")
YEAR = 2024
CODES = {agency.code for jurisdiction in load_registry(DEFAULT_REGISTRY) for agency in jurisdiction.agencies}

PARSE_SCRIPT = """
import json, sys, time
from airflow.dag_processing.dagbag import DagBag
began = time.perf_counter()
bag = DagBag(dag_folder=sys.argv[1])
seconds = time.perf_counter() - began
heavy = sorted(m for m in ("great_expectations", "scrapy", "pdfplumber", "pypdfium2", "numpy", "nianbao.warehouse")
               if m in sys.modules)
dags = {dag_id: {"timetable": f"{dag.timetable.expression} {dag.timetable.timezone}", "catchup": dag.catchup, "tasks": sorted(dag.task_ids)}
        for dag_id, dag in bag.dags.items()}
print(json.dumps({"errors": bag.import_errors, "dags": dags, "seconds": seconds, "heavy": heavy}))
"""


def airflow_env(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AIRFLOW", "NIANBAO_"))}
    env.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
    })
    return env


def test_dags_parse_fast_without_heavy_imports(tmp_path: Path) -> None:
    """Every DAG file imports with no error (a cycle is one), quickly, and imports no parsing stack."""
    result = subprocess.run([sys.executable, "-c", PARSE_SCRIPT, str(DAGS)], env=airflow_env(tmp_path),
                            capture_output=True, text=True, timeout=120, check=True)
    parsed = json.loads(result.stdout.strip().splitlines()[-1])
    assert parsed["errors"] == {}
    assert set(parsed["dags"]) == {"nianbao_collect", "nianbao_deadlines"}
    assert parsed["dags"]["nianbao_collect"]["catchup"] is False
    assert parsed["dags"]["nianbao_collect"]["tasks"] == ["check", "collected", "crawl", "load", "notify", "plan"]
    assert parsed["dags"]["nianbao_collect"]["timetable"] == "0 6 * 2-4 * Asia/Shanghai"
    assert parsed["dags"]["nianbao_deadlines"]["timetable"] == "0 6 1 2,4 * Asia/Shanghai"
    assert parsed["heavy"] == []
    assert parsed["seconds"] < 2.0, parsed["seconds"]


@dataclass
class Deployment:
    """A temporary Airflow home, a fixture site served on 127.0.0.1 and a SQLite warehouse."""

    home: Path
    env: dict[str, str]
    warehouse_url: str
    site: Path
    corrupt: Path

    def mails(self) -> list[str]:
        """Subjects of the digests delivered to the test's mailbox."""
        folder = self.home.parent / "mailbox"
        return sorted(str(message["Subject"]) for message in mailbox.Maildir(folder, create=True))

    def dags_test(self, dag_id: str, logical_date: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(AIRFLOW), "dags", "test", dag_id, logical_date], env=self.env, cwd=self.home,
                              capture_output=True, text=True, timeout=400)

    def load_states(self) -> dict[str, int]:
        with sqlite3.connect(self.home / "airflow.db") as connection:
            return dict(connection.execute("SELECT state, COUNT(*) FROM task_instance WHERE task_id = 'load' "
                                           "GROUP BY state").fetchall())


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    site = tmp_path / "site"
    build(site, year=YEAR)
    truth = json.loads((site / "truth.json").read_text(encoding="utf-8"))
    target = next(d for d in truth["documents"] if d["year"] == YEAR and d["format"] == ".pdf" and d["agency"] in CODES)
    corrupt = site / target["path"].lstrip("/")
    corrupt.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)  # a PDF header and no PDF
    home = tmp_path / "airflow"
    home.mkdir()
    warehouse_url = f"sqlite:///{tmp_path / 'warehouse.db'}"
    with FixtureServer(site) as server:
        env = airflow_env(home) | {
            "AIRFLOW_CONN_NIANBAO_WAREHOUSE": json.dumps({"conn_type": "generic",
                                                          "extra": {"sqlalchemy_url": warehouse_url}}),
            "AIRFLOW_VAR_NIANBAO_BASE_URL": server.base_url,
            "AIRFLOW_VAR_NIANBAO_FAST": "true",
            "AIRFLOW_VAR_NIANBAO_RAW_STORE": str(tmp_path / "raw"),
            "AIRFLOW_VAR_NIANBAO_DOCS": str(tmp_path / "docs"),
            "NIANBAO_SMTP_URL": f"maildir://{tmp_path / 'mailbox'}",
        }
        subprocess.run([str(AIRFLOW), "db", "migrate"], env=env, capture_output=True, timeout=300, check=True)
        yield Deployment(home, env, warehouse_url, site, corrupt)


def _warehouse(url: str) -> tuple[int, list[tuple], list[tuple]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            reports = connection.scalar(select(func.count()).select_from(Report))
            findings = connection.execute(select(Agency.code, Finding.rule_id, Finding.severity, Finding.status)
                                          .join(Agency, Agency.id == Finding.agency_id)).all()
            failed = connection.execute(select(SourceDocument.path, SourceDocument.reason, Agency.code)
                                        .join(Agency, Agency.id == SourceDocument.agency_id)
                                        .where(SourceDocument.status == "failed",
                                               SourceDocument.sha256.is_not(None))).all()
    finally:
        engine.dispose()
    return reports, sorted(findings), failed


@pytest.mark.slow
def test_dags_test_collects_the_fixture_site(deployment: Deployment) -> None:
    truth = json.loads((deployment.site / "truth.json").read_text(encoding="utf-8"))
    expected = [d for d in truth["documents"] if d["year"] == YEAR and d["agency"] in CODES]
    corrupt_agency = next(d["agency"] for d in expected if deployment.corrupt.as_posix().endswith(d["path"]))

    first = deployment.dags_test("nianbao_collect", f"{YEAR + 1}-02-01")
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert deployment.load_states() == {"success": len(expected) - 1, "failed": 1}
    reports, findings, failed = _warehouse(deployment.warehouse_url)
    assert reports == len(expected) - 1
    [(path, reason, code)] = failed
    assert code == corrupt_agency and reason and Path(path).suffix == ".pdf"
    # The report left off the site is missing; the one that could not be read is the system's problem.
    assert findings == sorted([(code, "report_missing", "error", "open") for code in truth["not_found"]]
                              + [(corrupt_agency, "report_missing", "unverifiable", "open")])
    mails = deployment.mails()
    jurisdictions = {j.name for j in load_registry(DEFAULT_REGISTRY)
                     if {a.code for a in j.agencies} & {*truth["not_found"], corrupt_agency}}
    assert len(mails) == sum(len(j.office.alert_recipients) for j in load_registry(DEFAULT_REGISTRY)
                             if j.name in jurisdictions) and mails, mails

    second = deployment.dags_test("nianbao_collect", f"{YEAR + 1}-02-02")
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert _warehouse(deployment.warehouse_url) == (reports, findings, failed)
    assert deployment.mails() == mails  # nothing new, nothing sent
