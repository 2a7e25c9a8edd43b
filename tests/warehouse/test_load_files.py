"""Loading real documents (the seeds and the fixture corpus) through the parser, on both back ends."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text

from nianbao.pipeline.load import load_file
from nianbao.warehouse.migrate import head_revision
from nianbao.warehouse.schema import Base, Report, SourceDocument
from parsers.parse import parse_path
from tests.warehouse.readback import assert_reads_back

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CORPUS = REPO / "tests" / "fixtures" / "corpus"
FILES = sorted((SHARED / "seeds").glob("*.txt")) + [
    CORPUS / d["file"]
    for d in json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))["documents"]
]
BAD = REPO / "tests" / "fixtures" / "bad" / "encrypted.pdf"


@pytest.fixture(scope="module")
def parsed() -> dict[Path, object]:
    return {path: parse_path(path) for path in FILES}


def snapshot(engine: Engine) -> dict:
    with engine.connect() as connection:
        counts = {
            t.name: connection.scalar(select(func.count()).select_from(t))
            for t in Base.metadata.sorted_tables
        }
        ids = connection.execute(select(Report.id, Report.source_document_id).order_by(Report.id)).all()
    return {"counts": counts, "ids": [tuple(r) for r in ids]}


@pytest.mark.slow
def test_seeds_and_corpus_read_back_exactly_and_reload_is_a_no_op(engine: Engine, parsed) -> None:
    results = {path: load_file(engine, path) for path in FILES}
    assert {r.outcome for r in results.values()} == {"loaded"}
    for path, result in results.items():
        assert_reads_back(engine, result.report_id, parsed[path])
    before = snapshot(engine)
    again = [load_file(engine, path) for path in FILES]
    assert {r.outcome for r in again} == {"unchanged"}
    assert [r.report_id for r in again] == [results[p].report_id for p in FILES]
    assert snapshot(engine) == before


def test_unreadable_document_is_recorded_failed_with_its_reason(engine: Engine) -> None:
    result = load_file(engine, BAD)
    assert result.outcome == "failed" and result.reason
    with engine.connect() as connection:
        row = connection.execute(
            select(SourceDocument.status, SourceDocument.reason, SourceDocument.path)
        ).one()
        reports = connection.scalar(select(func.count()).select_from(Report))
    assert tuple(row) == ("failed", result.reason, str(BAD))
    assert reports == 0
    assert load_file(engine, BAD).outcome == "failed"
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(SourceDocument)) == 1


def test_republished_file_becomes_version_2(engine: Engine, tmp_path: Path) -> None:
    seed = sorted((SHARED / "seeds").glob("000_*.txt"))[0]
    corrected = tmp_path / "000-corrected.txt"
    corrected.write_text(seed.read_text(encoding="utf-8") + "\n（更正版）\n", encoding="utf-8")
    first, second = load_file(engine, seed), load_file(engine, corrected)
    assert (first.version, second.version) == (1, 2) and first.agency == second.agency
    with engine.connect() as connection:
        current = connection.execute(text("SELECT version FROM report WHERE is_current")).scalars().all()
    assert current == [2]


def nianbao(*args: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nianbao.commands.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_load_and_sql_from_any_directory(engine: Engine, database_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "NIANBAO_DATABASE_URL": database_url}
    seeds = [str(p) for p in sorted((SHARED / "seeds").glob("*.txt"))]
    upgraded = nianbao("db", "upgrade", env=env, cwd=tmp_path)
    assert upgraded.returncode == 0 and head_revision() in upgraded.stdout, upgraded.stderr
    loaded = nianbao("load", *seeds, str(BAD), env=env, cwd=tmp_path)
    assert loaded.returncode == 1, loaded.stderr
    assert loaded.stdout.count("已入库：") == 5 and "失败：" in loaded.stdout
    assert "入库 5 份，未变化 0 份，失败 1 份" in loaded.stdout
    queried = nianbao("sql", "12_failed_documents", env=env, cwd=tmp_path)
    assert queried.returncode == 0 and "encrypted.pdf" in queried.stdout and "（1 行）" in queried.stdout
