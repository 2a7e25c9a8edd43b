"""The canonical annual report: the one shape every parser produces and every later step reads.

Keys are the ones fixed by ``spec/annual-report-format.md``: section keys, the row and column keys of
table 二 (``active_disclosure``), table 三 (``applications``) and table 四 (``review_litigation``).
A cell absent from the document is absent from the dicts; a cell printed blank, 「/」 or 「—」 is ``None``.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

Layout = Literal["F2019", "F2021"]
# Whose deadline a report has (spec §1): a government's own report, or a department's.
DeadlineKind = Literal["department", "government"]
Number = int | float

SECTION_KEYS: tuple[str, ...] = (
    "overview",
    "active_disclosure",
    "applications",
    "review_litigation",
    "problems",
    "other_matters",
)

# Table 二: per layout, item → {row key: column keys}.
ACTIVE_DISCLOSURE_ROWS: dict[str, dict[str, tuple[str, ...]]] = {
    "F2021": {
        "regulation": ("issued", "repealed", "in_force"),
        "normative_document": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "punishment": ("decisions",),
        "coercion": ("decisions",),
        "admin_fee": ("amount_10k_yuan",),
    },
    "F2019": {
        "regulation": ("new_made", "new_published", "total_published"),
        "normative_document": ("new_made", "new_published", "total_published"),
        "licensing": ("prev_items", "change", "decisions"),
        "other_services": ("prev_items", "change", "decisions"),
        "punishment": ("prev_items", "change", "decisions"),
        "coercion": ("prev_items", "change", "decisions"),
        "admin_fee": ("prev_items", "change"),
        "central_procurement": ("projects", "amount_10k_yuan"),
    },
}

APPLICANT_COLUMNS: tuple[str, ...] = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
    "total",
)

OUTCOME_ROWS_COMMON: tuple[str, ...] = (
    "granted",
    "partial",
    "denied_state_secret",
    "denied_prohibited",
    "denied_security",
    "denied_third_party",
    "denied_internal",
    "denied_process",
    "denied_enforcement_file",
    "denied_query",
    "unavailable_not_held",
    "unavailable_needs_creation",
    "unavailable_unclear",
    "rejected_petition",
    "rejected_duplicate",
    "rejected_publication",
    "rejected_excessive",
    "rejected_confirmation",
)
OTHER_ROWS: dict[str, tuple[str, ...]] = {
    "F2019": ("other",),
    "F2021": ("other_no_correction", "other_no_fee", "other_misc"),
}


def application_rows(layout: Layout) -> tuple[str, ...]:
    """Row keys of table 三 in printed order: 23 for F2019, 25 for F2021."""
    return ("new", "carried_in", *OUTCOME_ROWS_COMMON, *OTHER_ROWS[layout], "total", "carried_out")


def outcome_rows(layout: Layout) -> tuple[str, ...]:
    """The rows that add up to （七）总计."""
    return (*OUTCOME_ROWS_COMMON, *OTHER_ROWS[layout])


REVIEW_BLOCKS: tuple[str, ...] = ("review", "suit_direct", "suit_after_review")
REVIEW_OUTCOMES: tuple[str, ...] = ("upheld", "corrected", "other", "pending", "total")
REVIEW_LITIGATION_KEYS: tuple[str, ...] = tuple(f"{b}_{o}" for b in REVIEW_BLOCKS for o in REVIEW_OUTCOMES)

# The single row of table 四 in ``shape``.
REVIEW_ROW = "row"


# The layout the State Council office prescribes for a report year (spec §1), as the first report year of
# each layout: a layout holds until the year before the next one's first year, and the oldest also holds
# for every year before its own. A new layout is one more entry here; the warehouse's ``year_layout``
# table, which the SQL joins, is kept equal to :func:`layout_years` by the migration runner.
LAYOUT_FIRST_YEARS: dict[Layout, int] = {"F2019": 2019, "F2021": 2021}


def layout_years() -> list[tuple[int | None, int | None, Layout]]:
    """(first year, last year, layout) per layout, oldest first, both years inclusive; None is open: the
    oldest layout's first year (every year before) and the newest's last year (every year after)."""
    ordered = sorted(LAYOUT_FIRST_YEARS.items(), key=lambda item: item[1])
    return [(None if i == 0 else first, ordered[i + 1][1] - 1 if i + 1 < len(ordered) else None, layout)
            for i, (layout, first) in enumerate(ordered)]


def layout_for_year(year: int) -> Layout:
    """The layout the State Council office prescribes for a report year."""
    return next(layout for first, last, layout in layout_years()
                if (first is None or first <= year) and (last is None or year <= last))


# Governments not named 人民政府 (spec §1): a 行政公署, the 管理委员会 of a 新区, 实验区 or 开发区.
_GOVERNMENT = re.compile(r"(?:人民政府|行政公署|(?:新区|实验区|试验区|开发区)(?:管理委员会|管委会))$")
# A 管理委员会 of anything else (a 景区, a 园区…) may act as a government or be a department.
_UNCERTAIN = re.compile(r"(?:管理委员会|管委会)$")
_DEPARTMENT = re.compile(r"(?:局|厅|委员会|委|办公室|办|办事处|中心|院|署|处|所|站|队|馆|会)$")


def deadline_kind(name: str) -> DeadlineKind | None:
    """Whose deadline the report of the agency called ``name`` has, from the name alone: a government's
    own report (31 March) or a department's (31 January); None when the name does not tell.

    Only for agencies outside the registry, whose entries say it themselves."""
    if _GOVERNMENT.search(name):
        return "government"
    if _UNCERTAIN.search(name):
        return None
    return "department" if _DEPARTMENT.search(name) else None


class Source(BaseModel):
    """Where the report's bytes came from."""

    path: str
    sha256: str
    format: Literal["pdf", "docx", "html", "text", "image", "doc", "xls"]  # doc: old Word/WPS, xls: old Excel/ET
    url: str | None = None


class SectionText(BaseModel):
    """One of the six sections as found: its heading as printed, its body text and its order in the file."""

    heading: str
    text: str
    position: int


class RowShape(BaseModel):
    """How many values a table row carried against how many its layout has.

    ``values`` keeps the numbers as found, in order, so that a row with the wrong count is not lost.
    """

    found: int
    expected: int
    values: list[Number | None]
    label: str = ""


class StatisticsPeriod(BaseModel):
    """A statistics period stated in the text, e.g. 「统计期限自2020年3月1日起至2020年12月31日止」."""

    start: date
    end: date
    text: str


# What a count stated in prose says, and the row of table 三 whose 总计 holds it.
CLAIM_ROWS: dict[str, str] = {"applications_received": "new", "applications_granted": "granted"}


class CellReading(BaseModel):
    """How one value of a scanned report was read, a table cell or a count stated in prose: the OCR
    engine's confidence (0–1), the page it is printed on, and whether it is ``uncertain`` (low confidence,
    or, for a cell, its digits disagree with what the table's own sums imply: ``reason``). A finding that
    uses an uncertain value asks for the original to be checked instead of reporting a fault."""

    confidence: float
    page: int | None = None
    uncertain: bool = False
    reason: Literal["low_confidence", "sums"] | None = None


class NarrativeClaim(BaseModel):
    """A count stated in prose that the tables also hold: 「受理依申请公开 1 件」 and 「本年度未收到政府信息
    公开申请」 (``applications_received``, 0 for none), 「予以公开 9 件」 (``applications_granted``).
    ``reading`` is set when the prose was read by OCR (the lowest confidence of the lines the claim is
    printed on, the page of its number); ``None`` for text read from a text layer or markup."""

    metric: Literal["applications_received", "applications_granted"]
    value: Number
    text: str
    reading: CellReading | None = None


class Tables(BaseModel):
    """The three tables keyed by the spec's row and column keys."""

    active_disclosure: dict[str, dict[str, Number | None]] = Field(default_factory=dict)
    applications: dict[str, dict[str, Number | None]] = Field(default_factory=dict)
    review_litigation: dict[str, Number | None] = Field(default_factory=dict)


class AnnualReport(BaseModel):
    """One agency's annual report for one year, as read from one document."""

    source: Source
    agency: str | None = None
    year: int | None = None
    layout: Layout | None = None
    # Which parts of the document point to which layout, e.g. {"F2019": ["applications.other"]}.
    layout_signals: dict[str, list[str]] = Field(default_factory=dict)
    published_on: date | None = None
    published_on_source: Literal["document", "web_page"] | None = None
    sections: dict[str, bool] = Field(default_factory=lambda: dict.fromkeys(SECTION_KEYS, False))
    section_details: dict[str, SectionText] = Field(default_factory=dict)
    tables: Tables = Field(default_factory=Tables)
    # table key → row key → shape; table 四's single row is REVIEW_ROW.
    shape: dict[str, dict[str, RowShape]] = Field(default_factory=dict)
    # Values read by OCR: table key → row key → column key → reading (table 四's row is REVIEW_ROW);
    # empty for reports read from text.
    readings: dict[str, dict[str, dict[str, CellReading]]] = Field(default_factory=dict)
    statistics_period: StatisticsPeriod | None = None
    narrative_claims: list[NarrativeClaim] = Field(default_factory=list)
    # Parts of the document read in a lesser way (「第 4 页无法读取表格，已按文字读取」); empty when read whole.
    read_notes: list[str] = Field(default_factory=list)
    # Tables printed but not read, in whole or in part: table key → why (for operators). A row of such a
    # table that is not in ``tables`` or ``shape`` is unreadable, not missing: no finding may rest on it.
    unread_tables: dict[str, str] = Field(default_factory=dict)
    findings: list[dict] = Field(default_factory=list)

    def to_json(self) -> str:
        return self.model_dump_json(exclude_none=False)

    def content_sha256(self) -> str:
        """The fingerprint of what the report says: the sha256 of the model serialised with sorted keys,
        without ``source`` (the file's path, bytes' hash, format, URL) and ``findings``. A file saved again
        with the same content (a DOCX with new zip timestamps, a PDF with a new id) has the same one."""
        content = self.model_dump(mode="json", exclude={"source", "findings"})
        text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @classmethod
    def from_json(cls, text: str | bytes) -> AnnualReport:
        return cls.model_validate_json(text)


def json_schema() -> str:
    """The JSON Schema of :class:`AnnualReport`, as published in ``nianbao/annual-report.schema.json``."""
    return json.dumps(AnnualReport.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
