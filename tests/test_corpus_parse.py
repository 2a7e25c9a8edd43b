"""Every cell of the corpus truth comes out of the parser unchanged, for every document and format.

The corpus and its truth are made by ``tests/fixtures/make_corpus.py``; a document fails with the list
of all the fields and cells where ``nianbao.parsing.parse_path`` disagrees with its truth.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nianbao.model import AnnualReport
from nianbao.parsing import parse_path

CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
MANIFEST = json.loads((CORPUS / "MANIFEST.json").read_text(encoding="utf-8"))["documents"]


def differences(report: AnnualReport, truth: dict) -> list[str]:
    """Every place where the parsed report and the truth disagree, as ``where: parsed != truth``."""
    found = {
        "agency": report.agency,
        "year": report.year,
        "layout": report.layout,
        "published_on": report.published_on.isoformat() if report.published_on else None,
        "published_on_source": report.published_on_source,
        "statistics_period": (
            {"start": report.statistics_period.start.isoformat(), "end": report.statistics_period.end.isoformat()}
            if report.statistics_period
            else None
        ),
        "narrative_claims": [{"metric": c.metric, "value": c.value} for c in report.narrative_claims],
    }
    diffs = [f"{key}: {found[key]!r} != {truth[key]!r}" for key in found if found[key] != truth[key]]
    diffs += [
        f"sections.{key}: {report.sections.get(key)!r} != {present!r}"
        for key, present in truth["sections"].items()
        if report.sections.get(key) != present
    ]
    tables = report.tables.model_dump()
    for name in ("active_disclosure", "applications"):
        for row, cols in truth["tables"][name].items():
            for col, value in cols.items():
                got = tables[name].get(row, {}).get(col)
                if got != value:
                    diffs.append(f"{name}.{row}.{col}: {got!r} != {value!r}")
    for key, value in truth["tables"]["review_litigation"].items():
        got = tables["review_litigation"].get(key)
        if got != value:
            diffs.append(f"review_litigation.{key}: {got!r} != {value!r}")
    return diffs


@pytest.mark.parametrize("entry", MANIFEST, ids=lambda e: e["file"])
def test_parser_reproduces_the_truth(entry):
    truth = json.loads((CORPUS / entry["truth"]).read_text(encoding="utf-8"))
    report = parse_path(CORPUS / entry["file"])
    assert differences(report, truth) == []
