"""Prose against the table: planted contradictions between the narrative and table 三 are all found, and
statements that agree with it give no finding.

The documents are a corpus report (``tests/fixtures/make_findings.py``) as a text extraction and as a
Word file, its 总体情况 rewritten: 「本年度未收到政府信息公开申请」 over a table with applications, 「予以公开
N 件」 two more than （一）予以公开, a count of applications received five too many, and the same statements
made truthfully.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from nianbao.pipeline.load import load_file
from tests.expectations.conftest import open_findings
from tests.fixtures import make_findings as mf
from tests.fixtures.make_corpus import make_numbers


def _statements(fmt: str) -> dict[str, tuple[str, bool]]:
    """agency → (what its 总体情况 says of the applications, whether that contradicts table 三)."""
    numbers = make_numbers(mf.spec_of(fmt)).applications
    received, granted = numbers["new"]["total"], numbers["granted"]["total"]
    assert received > 0 and granted > 0
    return {
        "甲县交通运输局": ("本年度未收到政府信息公开申请", True),
        "乙县交通运输局": (f"全年共受理政府信息公开申请{received}件，其中予以公开{granted + 2}件", True),
        "丙县交通运输局": (f"全年共受理政府信息公开申请{received + 5}件", True),
        "丁县交通运输局": (f"全年共受理政府信息公开申请{received}件，其中予以公开{granted}件", False),
    }


@pytest.mark.parametrize("fmt", ["text", "docx"])
def test_every_planted_contradiction_is_found_and_no_other(engine: Engine, check, tmp_path: Path, fmt: str) -> None:
    statements = _statements(fmt)
    for agency, (statement, _) in statements.items():
        spec = mf.spec_of(fmt, agency=agency, short=agency)
        received = make_numbers(spec).applications["new"]["total"]
        blocks = mf.replaced_text(mf.blocks_of(spec), f"全年共受理政府信息公开申请{received}件", statement)
        assert load_file(engine, mf.write(spec, blocks, tmp_path / agency)).outcome == "loaded"
    check()
    found: dict[str, list[str]] = {agency: [] for agency in statements}
    for agency, _, rule, severity, location, message in open_findings(engine):
        assert severity != "error", (agency, rule, message)
        if severity == "warning" and rule != "copied_content":  # the four are one report on purpose
            found[agency].append(f"{rule} {location} {message}")
    for agency, (_, contradicts) in statements.items():
        assert len(found[agency]) == contradicts, (agency, found[agency])
    assert "「一、本年新收政府信息公开申请数量」行「总计」列" in found["甲县交通运输局"][0]
    assert "未收到政府信息公开申请" in found["甲县交通运输局"][0]
    assert "「（一）予以公开」行「总计」列" in found["乙县交通运输局"][0]
    assert "予以公开" in found["乙县交通运输局"][0]
    assert "「一、本年新收政府信息公开申请数量」行「总计」列" in found["丙县交通运输局"][0]
