"""The fixture corpus: clean reports get no error or warning; the one built with a defect gets its finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from nianbao.pipeline.load import load_file
from tests.expectations.conftest import open_findings

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
# documents the corpus generator built with a defect on purpose (MANIFEST features) → rule it breaks
DEFECT_FEATURES = {"partial_year_period": "full_year_period"}


@pytest.mark.slow
def test_corpus_clean_reports_get_no_error_or_warning(engine: Engine, check) -> None:
    manifest = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))
    expected = set()
    for document in manifest["documents"]:
        assert load_file(engine, CORPUS / document["file"]).outcome == "loaded", document["file"]
        expected |= {(document["agency"], DEFECT_FEATURES[f]) for f in document["features"] if f in DEFECT_FEATURES}
    check()
    serious = {(agency, rule) for agency, _, rule, severity, _, _ in open_findings(engine)
               if severity in ("error", "warning")}
    assert expected and serious == expected
