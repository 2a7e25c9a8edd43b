"""What a check run produces: each rule's unexpected rows (:class:`Violation`) and the run as a whole
(:class:`Validation`), shared by the suites that make them and the modules that turn them into findings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nianbao.checks.catalogue import Rule


@dataclass(frozen=True)
class Violation:
    """One unexpected row of one rule."""

    rule: Rule
    row: dict


@dataclass(frozen=True)
class Validation:
    """What one check run produced: the rules run, their rows, and the Data Docs index."""

    rules: tuple[Rule, ...]
    violations: list[Violation]
    docs_index: Path | None
