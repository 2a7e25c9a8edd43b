"""No error without evidence: a table the parser could not read is a parse problem, its rules unverifiable;
a row left out by the agency is one ``table_complete`` error and nothing more.

The documents are corpus reports (``tests/fixtures/make_findings.py``) rendered as a text extraction and
as a Word file, with table 三's labels garbled (a font without its Unicode map), garbled from its sixth
row on (a table read in part), or with one row left out.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from nianbao.pipeline.load import load_file
from tests.expectations.conftest import open_findings
from tests.fixtures import make_findings as mf

AGENCY = "示例市交通运输局"
TABLE_RULES = {"applications_balance", "applications_total_row", "applications_total_column"}
UNREAD = "未能读取"


def _document(tmp_path: Path, fmt: str, change) -> Path:
    spec = mf.spec_of(fmt, agency=AGENCY, short="市交通运输局")
    return mf.write(spec, mf.changed(mf.blocks_of(spec), "applications", change), tmp_path)


def _findings(engine: Engine, check, path: Path) -> list[tuple[str, str, str]]:
    assert load_file(engine, path).outcome == "loaded"
    check()
    return sorted((rule, severity, location + message) for _, _, rule, severity, location, message
                  in open_findings(engine))


@pytest.mark.parametrize("fmt", ["text", "docx"])
@pytest.mark.parametrize("from_row", [0, 8], ids=["whole_table", "after_row_5"])
def test_a_table_not_read_is_unverifiable_never_the_agencys_error(engine: Engine, check, tmp_path: Path,
                                                                   fmt: str, from_row: int) -> None:
    path = _document(tmp_path, fmt, lambda grid: mf.garbled_labels(grid, from_row=from_row))
    found = _findings(engine, check, path)
    assert [f for f in found if f[1] != "unverifiable"] == []
    # the prose's count of applications is checked against 一、本年新收 when that row was read
    prose = set() if from_row else {"narrative_matches_table"}
    assert {rule for rule, _, _ in found} == {"table_complete"} | TABLE_RULES | prose, found
    complete = next(f for f in found if f[0] == "table_complete")
    assert "表三" in complete[2] and UNREAD in complete[2]
    assert all(UNREAD in f[2] for f in found), found


@pytest.mark.parametrize("fmt", ["text", "docx"])
def test_a_row_left_out_is_one_table_complete_error(engine: Engine, check, tmp_path: Path, fmt: str) -> None:
    path = _document(tmp_path, fmt, lambda grid: mf.without_row(grid, "8.属于行政查询事项"))
    found = _findings(engine, check, path)
    assert [(rule, severity) for rule, severity, _ in found] == [("applications_total_row", "unverifiable"),
                                                                ("table_complete", "error")], found
    assert "（三）不予公开 8.属于行政查询事项" in found[1][2] and "缺失" in found[0][2]
