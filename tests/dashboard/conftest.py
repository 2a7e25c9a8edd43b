"""A warehouse like the demo's, on SQLite and PostgreSQL: fixture documents and synthetic reports loaded,
one registry jurisdiction, defects, a missing report, a hostile agency name from a document, a site
problem; checked by the rules; then the dashboard built from it."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from nianbao.dashboard import build
from nianbao.pipeline.load import load_file
from nianbao.warehouse.db import transaction
from nianbao.warehouse.documents import AgencyRecord, sync_agencies
from nianbao.warehouse.load import load_report
from nianbao.warehouse.schema import Agency, SiteProblem
from tests.expectations.conftest import AS_OF, check, docs_dir, validator  # noqa: F401
from tests.support.synthetic import synthetic_report
from tests.warehouse.conftest import database_url, engine, migrated, postgresql_url, sqlite_url  # noqa: F401

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
HOSTILE = "<script>alert(1)</script>局"
DISTRICT = "东江区"
REGISTRY = [
    AgencyRecord("DJ01", "东江区水务局", parent_jurisdiction=DISTRICT),
    AgencyRecord("DJ02", "东江区教育局", parent_jurisdiction=DISTRICT),
    AgencyRecord("DJ03", "东江区财政局", parent_jurisdiction=DISTRICT),
]
# the corpus documents that parse without the PDF stack (fast); their agencies come from the documents
QUICK_FORMATS = ("html", "docx", "text")


def _load_warehouse(engine: Engine) -> None:  # noqa: F811 - the imported fixture's name
    manifest = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))
    for document in manifest["documents"]:
        if document["format"] in QUICK_FORMATS:
            assert load_file(engine, CORPUS / document["file"]).outcome == "loaded", document["file"]
    education = synthetic_report("东江区教育局", 2022)
    broken = synthetic_report("东江区教育局", 2023, carried_in=education.tables.applications["carried_out"])
    broken.tables.applications["total"]["natural_person"] += 3  # （七）总计 no longer adds up
    hostile = synthetic_report(HOSTILE, 2023)
    hostile.tables.applications["new"]["commercial"] += 2  # unbalanced, so it gets a report page
    water = synthetic_report("东江区水务局", 2022)
    with transaction(engine) as session:
        sync_agencies(session, REGISTRY)
        for report in (water, synthetic_report("东江区水务局", 2023, carried_in=water.tables.applications["carried_out"]),
                       education, broken, synthetic_report("东江区财政局", 2022),
                       hostile):
            load_report(session, report)
        finance = session.query(Agency).filter_by(name="东江区财政局").one()
        seen = datetime(2026, 11, 20)
        session.add(SiteProblem(agency_id=finance.id, kind="unreachable", entry="http://127.0.0.1:9/czj/ndbg/",
                                message="年报栏目所有页面均无法访问（连接被拒绝）", first_seen=seen, last_seen=seen,
                                status="open"))


@pytest.fixture
def site(engine: Engine, check, docs_dir: Path, tmp_path: Path) -> Path:  # noqa: F811
    """The built dashboard's folder (its front page is index.html)."""
    _load_warehouse(engine)
    check()
    out = tmp_path / "site"
    index = build(engine, out, docs_dir=docs_dir, now=AS_OF)
    assert index == out / "index.html"
    return out
