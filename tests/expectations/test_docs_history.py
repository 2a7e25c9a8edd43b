"""Data Docs keep every run (GE's validation results store in the docs folder), prune by count and age,
list each failed rule's rows with agency and report under Chinese headers, and speak Chinese; checking
files on their own never touches the warehouse's Data Docs."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

import pytest
from sqlalchemy import Engine

from nianbao import home
from nianbao.checks.labels import column_title
from nianbao.checks.suites import Retention, Validator, scope_query
from nianbao.warehouse.db import transaction
from nianbao.warehouse.load import load_report
from tests.expectations.conftest import AS_OF
from tests.expectations.test_seeds import SEEDS
from tests.support.synthetic import synthetic_report

YEAR = 2023
NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
KEEP = Retention(runs=50, days=180)
LINK = re.compile(r"'_table_row_link_path': '(validations/[^']+)'")
RUN_NAME = re.compile(r"'run_name': '([^']+)'")


def run(validator: Validator, engine: Engine, name: str, run_time: datetime, keep: Retention = KEEP):
    url = engine.url.render_as_string(hide_password=False)
    return validator.validate(url, scope_query(year=YEAR, as_of=AS_OF), "year", name, keep=keep, run_time=run_time)


def listed(docs: Path) -> dict[str, Path]:
    """Run name → its page, as the index lists them; every page listed exists."""
    index = (docs / "index.html").read_text(encoding="utf-8")
    pages = [docs / unquote(link) for link in LINK.findall(index)]
    assert all(page.is_file() for page in pages), pages
    return dict(zip(RUN_NAME.findall(index), pages, strict=True))


def test_every_run_is_kept_and_listed(engine: Engine, tmp_path: Path) -> None:
    with transaction(engine) as session:
        load_report(session, synthetic_report("酉局", YEAR))
    validator = Validator(tmp_path / "docs")
    run(validator, engine, "第一次核查", NOW - timedelta(hours=1))
    run(validator, engine, "第二次核查", NOW)
    assert set(listed(tmp_path / "docs")) == {"第一次核查", "第二次核查"}
    # a process started later (a new GE context) finds the runs kept before it
    run(Validator(tmp_path / "docs"), engine, "第三次核查", NOW + timedelta(hours=1))
    assert set(listed(tmp_path / "docs")) == {"第一次核查", "第二次核查", "第三次核查"}


def test_runs_beyond_the_retention_are_pruned(engine: Engine, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    validator = Validator(docs)
    run(validator, engine, "十天前", NOW - timedelta(days=10))
    first_page = listed(docs)["十天前"]
    run(validator, engine, "两天前", NOW - timedelta(days=2))
    run(validator, engine, "昨天", NOW - timedelta(days=1))
    run(validator, engine, "今天", NOW, keep=Retention(runs=50, days=5))  # ten days old is too old
    assert set(listed(docs)) == {"两天前", "昨天", "今天"}
    assert not first_page.exists() and not first_page.parent.exists()  # no empty folder left behind
    run(validator, engine, "稍后", NOW + timedelta(hours=1), keep=Retention(runs=2, days=180))  # the newest two
    assert set(listed(docs)) == {"今天", "稍后"}
    assert len(list((docs / "validation_results").rglob("*.json"))) == 2


def test_a_failed_rule_lists_its_rows_with_agency_and_report(engine: Engine, tmp_path: Path) -> None:
    clean, broken, marked = (synthetic_report(name, YEAR) for name in ("丑局", "寅局", "<i>卯局</i>"))
    for r in (broken, marked):
        r.tables.applications["total"]["natural_person"] += 1
    with transaction(engine) as session:
        for r in (clean, broken, marked):
            load_report(session, r)
    docs = tmp_path / "docs"
    run(Validator(docs), engine, "核查2023年度", NOW)
    page = listed(docs)["核查2023年度"].read_text(encoding="utf-8")
    row = page.index("applications_total_row")
    table = page[row:page.index("applications_total_column", row)]
    for column in ("agency", "year", "report", "severity", "location", "expected", "actual", "message"):
        assert f">{column_title(column)}<" in re.sub(r">\s+|\s+<", lambda m: m.group(0).strip(), table)
    assert "寅局" in table and "丑局" not in table and "第 1 版" in table
    assert "表三（收到和处理政府信息公开申请情况）「（七）总计」行「自然人」列" in table
    assert "&lt;i&gt;卯局&lt;/i&gt;" in table and "<i>卯局" not in page  # text from documents is escaped
    assert "共 2 行" in table


def test_pages_speak_chinese(engine: Engine, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    run(Validator(docs), engine, "核查2023年度", NOW)
    index = (docs / "index.html").read_text(encoding="utf-8")
    page = listed(docs)["核查2023年度"].read_text(encoding="utf-8")
    suite = (docs / "expectations" / "nianbao_whole_year.html").read_text(encoding="utf-8")
    assert "<title>年报核查数据文档</title>" in index and "'title': '核查时间'" in index
    assert "bootstrap-table-zh-CN.min.js" in index  # the table's own words (search, page counts)
    assert "'filterControl': 'datepicker'" not in index  # its library is not there: the table would stay empty
    assert "<title>核查2023年度 2026-12-01 08:00 UTC · 年报核查数据文档</title>" in page
    assert "规则集 nianbao_whole_year" in suite
    for text in (index, page, suite):
        for english in ("Expectation Validation Result", "Table of Contents", "Run Time", "Stay current",
                        "Validation Results", "Unexpected rows query", "Data Docs autogenerated"):
            assert english not in text
    assert "处理建议：" in suite  # the rule's advice from the catalogue, as the expectation's notes


def test_retention_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path))
    for name in ("NIANBAO_DOCS_KEEP_RUNS", "NIANBAO_DOCS_KEEP_DAYS", "NIANBAO_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    assert (home.docs_keep("docs_keep_runs"), home.docs_keep("docs_keep_days")) == (50, 180)
    (tmp_path / "nianbao.toml").write_text("docs_keep_runs = 7\ndocs_keep_days = 30\n", encoding="utf-8")
    assert (home.docs_keep("docs_keep_runs"), home.docs_keep("docs_keep_days")) == (7, 30)
    monkeypatch.setenv("NIANBAO_DOCS_KEEP_DAYS", "0")
    with pytest.raises(home.ConfigError, match="NIANBAO_DOCS_KEEP_DAYS"):
        home.docs_keep("docs_keep_days")


def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_checking_files_leaves_the_warehouse_docs_alone(database_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "NIANBAO_HOME": str(tmp_path / "home"), "NIANBAO_DATABASE_URL": database_url}
    env.pop("NIANBAO_DOCS", None)
    seed = sorted(SEEDS.glob("001_*.txt"))[0]

    def nianbao(*args: str | Path) -> subprocess.CompletedProcess[str]:
        result = subprocess.run([sys.executable, "-m", "nianbao.commands.cli", *map(str, args)], env=env, cwd=tmp_path,
                                capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    nianbao("load", seed)
    nianbao("check")
    warehouse_docs = tmp_path / "home" / "data_docs"
    before = _snapshot(warehouse_docs)
    assert "index.html" in before and any(name.startswith("validation_results/") for name in before)
    checked = nianbao("check", seed)
    assert f"数据文档：{tmp_path / 'home' / 'file_checks' / 'data_docs' / 'index.html'}" in checked.stdout
    assert _snapshot(warehouse_docs) == before
