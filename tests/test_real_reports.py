"""The three real PDFs in ../shared/real parse to what a clerk reads on their pages.

The truth files in fixtures/real were written by reading the rendered pages, not from parser output.
Two of the reports mix the layouts: F2021 tables whose table 三 row （六） is the single F2019 row
「其他处理」, which the parser must keep as ``other`` and signal as F2019.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nianbao.parsing import parse_path
from tests.truthdiff import SHARED, differences

REAL = SHARED / "real"
TRUTHS = sorted((Path(__file__).parent / "fixtures" / "real").glob("*.truth.json"))

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason=f"no real reports at {REAL}")


def _truth(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.name.removesuffix(".truth.json") for p in TRUTHS])
def test_real_report_matches_what_a_person_reads(truth_path: Path) -> None:
    pdf = REAL / f"{truth_path.name.removesuffix('.truth.json')}.pdf"
    report = parse_path(pdf)
    assert report.source.format == "pdf"
    assert differences(_truth(truth_path), report) == []


def test_every_real_report_has_a_full_truth() -> None:
    assert {p.name.removesuffix(".truth.json") for p in TRUTHS} == {p.stem for p in REAL.glob("*.pdf")}
    for path in TRUTHS:
        tables = _truth(path)["tables"]
        cells = sum(len(row) if isinstance(row, dict) else 1 for table in tables.values() for row in table.values())
        # table 二 F2021: 10 cells; table 三: 23 or 25 rows of 7; table 四: 15.
        assert cells >= 10 + 23 * 7 + 15, path.name
