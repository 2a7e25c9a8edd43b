"""The compliance status of one agency-year for the matrix: a kind (for the colour), a label in words
(so nothing is told by colour alone) and the counts of open errors and warnings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from nianbao.dashboard.data import Compliance

# kind → (label, symbol), most serious first; the symbol repeats the label for readers who skim
KINDS: dict[str, tuple[str, str]] = {
    "missing": ("逾期未发布", "✗"),
    "late": ("逾期发布", "◆"),
    "errors": ("有错误", "!"),
    "warnings": ("有警告", "△"),
    "unknown": ("发布日期不明", "?"),
    "pending": ("尚未到期", "…"),
    "ok": ("按时发布", "✓"),
}


@dataclass(frozen=True)
class Status:
    kind: str
    errors: int
    warnings: int

    @property
    def label(self) -> str:
        return KINDS[self.kind][0]

    @property
    def symbol(self) -> str:
        return KINDS[self.kind][1]

    @property
    def detail(self) -> str:
        """The counts in words, e.g. 「错误 2 · 警告 1」; empty when there are none."""
        parts = [f"错误 {self.errors}" if self.errors else "", f"警告 {self.warnings}" if self.warnings else ""]
        return " · ".join(p for p in parts if p)


def status(row: Compliance, today: date) -> Status:
    """Missing or late publication outranks findings; a report published on time shows its findings."""
    if row.report_id is None:
        kind = "missing" if today.isoformat() > row.deadline else "pending"
    elif row.on_time == 0:
        kind = "late"
    elif row.open_errors:
        kind = "errors"
    elif row.open_warnings:
        kind = "warnings"
    elif row.on_time is None:
        kind = "unknown"
    else:
        kind = "ok"
    return Status(kind, row.open_errors, row.open_warnings)
