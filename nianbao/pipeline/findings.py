"""The findings as the commands show them: the open findings of the agency-years a check covered, how each
severity reads (:data:`SEVERITY_WORDS`, the rule catalogue's) and whether findings reach ``--fail-on``
(:func:`fails`)."""

from __future__ import annotations

from collections.abc import Iterable

from nianbao.checks.catalogue import SEVERITY_WORDS, fails
from nianbao.pipeline.settings import Settings
from nianbao.pipeline.warehouse import engine_for
from nianbao.warehouse import findings

__all__ = ["SEVERITY_WORDS", "fails", "open_findings"]


def open_findings(settings: Settings, agency_years: Iterable[tuple[int, int]]) -> list[tuple]:
    """The open findings of these agency-years, by agency and year: (agency, year, rule, severity,
    message)."""
    with engine_for(settings) as engine:
        return findings.open_findings(engine, agency_years)
