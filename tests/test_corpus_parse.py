"""The fixture corpus parses to its truth: 100% of truth cells equal, in every format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers.parse import parse_path
from tests.truthdiff import differences

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
DOCUMENTS = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))["documents"]


@pytest.mark.parametrize("entry", DOCUMENTS, ids=[d["file"] for d in DOCUMENTS])
def test_document_matches_truth(entry: dict) -> None:
    truth = json.loads((CORPUS / entry["truth"]).read_text(encoding="utf-8"))
    report = parse_path(CORPUS / entry["file"])
    assert report.source.format == entry["format"]
    assert differences(truth, report) == []


def test_every_truth_cell_is_compared() -> None:
    cells = sum(
        len(row) if isinstance(row, dict) else 1
        for entry in DOCUMENTS
        for table in json.loads((CORPUS / entry["truth"]).read_text(encoding="utf-8"))["tables"].values()
        for row in table.values()
    )
    assert cells > 14 * 150, "the corpus truth should cover full tables"
