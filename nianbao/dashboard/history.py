"""Each agency's history across years — its status per year and the applications and outcomes of its
table 三 — as one data script per jurisdiction (``a/<jurisdiction>.js``), which the one agency page
(``agency.html#<jurisdiction>/<agency id>``) draws as a chart and a table in the browser. One small
file per jurisdiction instead of a page per agency keeps a city of 10,000 agencies to a few MB.

The data is JSON inside a function call, escaped by :func:`nianbao.dashboard.embed.script_json` so no
agency name can end the script or inject markup (the page also inserts every text with ``textContent``)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from nianbao.checks.places import OUTCOME_GROUPS
from nianbao.dashboard.embed import script_json
from nianbao.dashboard.status import Status

# outcome group of table 三 → colour; Okabe–Ito colours, told apart without red/green
COLOURS = {"granted": "#009E73", "partial": "#56B4E9", "denied": "#D55E00", "unavailable": "#E69F00",
           "rejected": "#CC79A7", "other": "#999999"}
# outcome group → (label, colour)
OUTCOMES: dict[str, tuple[str, str]] = {group: (OUTCOME_GROUPS[group], colour) for group, colour in COLOURS.items()}
NEW_LABEL = "本年新收申请"


def slug(jurisdiction: str) -> str:
    """A jurisdiction's file name: a hash, so that any name makes a safe, stable name."""
    return hashlib.sha1(jurisdiction.encode("utf-8")).hexdigest()[:12]


def year_row(year: int, status: Status, published_on: str, deadline: str, link: str | None,
             numbers: dict[str, float] | None) -> list:
    """[year, status kind, errors, warnings, published, deadline, report page, new, outcomes…]."""
    figures = [int(numbers[k]) for k in ("new", *OUTCOMES)] if numbers else []
    return [year, status.kind, status.errors, status.warnings, published_on, deadline, link or "", *figures]


def data_script(jurisdiction: str, agencies: Iterable[tuple[int, str, list[list]]]) -> str:
    """The jurisdiction's data file: ``nianbaoHistory(jurisdiction, {agency id: [name, year rows]})``."""
    data = {str(i): [name, rows] for i, name, rows in agencies}
    return f"nianbaoHistory({script_json(jurisdiction)},{script_json(data)});\n"
