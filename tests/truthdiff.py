"""Comparison of a parsed report with a truth file: every differing cell at once, by path."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nianbao.model import AnnualReport

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FIELDS = ("agency", "year", "layout", "published_on", "published_on_source", "sections", "tables")


def _diff(truth: Any, got: Any, path: str) -> list[str]:
    if isinstance(truth, dict):
        if not isinstance(got, dict):
            return [f"{path}: expected a table, got {got!r}"]
        return [d for key, value in truth.items() for d in _diff(value, got.get(key, "<absent>"), f"{path}.{key}")]
    return [] if truth == got else [f"{path}: expected {truth!r}, got {got!r}"]


def differences(truth: dict, report: AnnualReport) -> list[str]:
    """Every field and table cell where ``report`` differs from ``truth``, and every extra table row."""
    got = json.loads(report.to_json())
    found = [d for name in FIELDS if name in truth for d in _diff(truth[name], got[name], name)]
    for table, rows in got["tables"].items():
        expected = truth.get("tables", {}).get(table, {})
        found += [f"tables.{table}.{row}: not in the document, got {value!r}" for row, value in rows.items()
                  if row not in expected]
    if "shape" in truth:
        odd = {t: {r: s["found"] for r, s in rows.items() if s["found"] != s["expected"]}
               for t, rows in got["shape"].items()}
        odd = {t: rows for t, rows in odd.items() if rows}
        want = {t: {r: s["found"] if isinstance(s, dict) else s for r, s in rows.items()}
                for t, rows in truth["shape"].items() if rows}
        if odd != want:
            found.append(f"shape anomalies: expected {want}, got {odd}")
    if "layout_signals" in truth:
        want_signals = {layout: sorted(where) for layout, where in truth["layout_signals"].items()}
        got_signals = {layout: sorted(where) for layout, where in got["layout_signals"].items()}
        if want_signals != got_signals:
            found.append(f"layout_signals: expected {want_signals}, got {got_signals}")
    if "statistics_period" in truth:
        period = got["statistics_period"]
        period = period and {"start": period["start"], "end": period["end"]}
        if period != truth["statistics_period"]:
            found.append(f"statistics_period: expected {truth['statistics_period']}, got {period}")
    if "narrative_claims" in truth:
        want_claims = sorted(c["value"] for c in truth["narrative_claims"])
        got_claims = sorted(c["value"] for c in got["narrative_claims"])
        if want_claims != got_claims:
            found.append(f"narrative_claims: expected {want_claims}, got {got_claims}")
    return found
