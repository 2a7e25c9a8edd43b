"""A new version only when the content changes: a DOCX saved again with other zip timestamps (as a CMS
serves it on every download) is recorded but unchanged; one number changed makes version 2."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, func, select

from nianbao.pipeline.load import load_file
from nianbao.warehouse.queries import resolve, run_query
from nianbao.warehouse.schema import Report, SourceDocument
from tests.fixtures import make_findings as mf

LATER = (2025, 3, 7, 16, 41, 52)


def _counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as connection:
        return (connection.scalar(select(func.count()).select_from(Report)),
                connection.scalar(select(func.count()).select_from(SourceDocument)))


def test_same_content_in_other_bytes_is_no_new_version(engine: Engine, tmp_path: Path) -> None:
    spec = mf.spec_of("docx")
    blocks = mf.blocks_of(spec)
    first = mf.write(spec, blocks, tmp_path / "first")
    again = mf.write(spec, blocks, tmp_path / "again", zip_time=LATER)
    assert first.read_bytes() != again.read_bytes()
    loaded = load_file(engine, first)
    assert loaded.outcome == "loaded" and loaded.version == 1
    second = load_file(engine, again)
    assert (second.outcome, second.report_id, second.version) == ("unchanged", loaded.report_id, 1)
    assert second.document_id != loaded.document_id
    assert _counts(engine) == (1, 2)  # the new bytes are recorded, as loaded, with no report of their own
    assert load_file(engine, again).outcome == "unchanged" and _counts(engine) == (1, 2)
    assert run_query(engine, resolve("11_republished_reports")).rows == []

    edited = mf.write(spec, mf.changed(blocks, "applications", lambda g: mf.plus_one(g, "（七）总计")),
                      tmp_path / "edited", zip_time=LATER)
    third = load_file(engine, edited)
    assert (third.outcome, third.version) == ("loaded", 2)
    rows = run_query(engine, resolve("11_republished_reports")).rows
    assert [(row[2], row[3]) for row in rows] == [(1, False), (2, True)]
