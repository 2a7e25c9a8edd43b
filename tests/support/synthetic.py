"""Synthetic annual reports with consistent tables, for the warehouse tests and the load benchmark.

Every number is drawn from a seeded generator, so the same arguments give the same report (and the
same ``source.sha256``); a different ``seed`` gives a different document of the same agency and year.
Like a parsed report, each carries the shape of every table row and prose of a printed report's
length (about a thousand characters in each narrative section), so loading one costs what loading a
parsed one does. The prose is mostly this report's own draw of common characters around a few
template sentences, so two synthetic reports' narratives share few shingles and are not copies.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date

from nianbao.model import (
    ACTIVE_DISCLOSURE_ROWS,
    APPLICANT_COLUMNS,
    REVIEW_BLOCKS,
    REVIEW_LITIGATION_KEYS,
    REVIEW_OUTCOMES,
    REVIEW_ROW,
    SECTION_KEYS,
    AnnualReport,
    Layout,
    RowShape,
    SectionText,
    Source,
    Tables,
    application_rows,
    layout_for_year,
    outcome_rows,
)

SECTION_TITLES = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
                  "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项")
TEMPLATE_SENTENCES = ("坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》。",
                      "进一步加强政府信息公开工作，推进决策、执行、管理、服务、结果公开。",
                      "存在的主要问题是信息发布的及时性和解读的深度有待提高。")
COMMON_CHARACTERS = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
                     "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点"
                     "从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原"
                     "又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革")
PROSE_CHARACTERS = 1000


def _applications(
    rng: random.Random, layout: Layout, carried_in: dict[str, int] | None
) -> dict[str, dict[str, int]]:
    people = APPLICANT_COLUMNS[:-1]
    table: dict[str, dict[str, int]] = {}
    for row in outcome_rows(layout):
        weight = 6 if row in ("granted", "partial", "unavailable_not_held") else 1
        table[row] = {col: rng.randint(0, weight) if rng.random() < 0.5 else 0 for col in people}
    table["total"] = {col: sum(table[row][col] for row in outcome_rows(layout)) for col in people}
    table["carried_out"] = {col: rng.randint(0, 2) for col in people}
    if carried_in is None:
        table["carried_in"] = {col: rng.randint(0, min(2, table["total"][col] + table["carried_out"][col]))
                               for col in people}
    else:
        table["carried_in"] = {col: carried_in[col] for col in people}
        table["carried_out"] = {col: max(table["carried_out"][col], carried_in[col] - table["total"][col])
                                for col in people}
    table["new"] = {col: table["total"][col] + table["carried_out"][col] - table["carried_in"][col]
                    for col in people}
    for cols in table.values():
        cols["total"] = sum(cols[col] for col in people)
    return table


def _review(rng: random.Random) -> dict[str, int]:
    """Most agencies see no review or suit in a year; about one in seven sees a few in a block."""
    cells: dict[str, int] = {}
    for block in REVIEW_BLOCKS:
        busy = rng.random() < 0.15
        parts = {outcome: rng.randint(0, 2) if busy else 0 for outcome in REVIEW_OUTCOMES[:-1]}
        parts["total"] = sum(parts.values())
        cells.update({f"{block}_{outcome}": value for outcome, value in parts.items()})
    return cells


def _active(rng: random.Random, layout: Layout) -> dict[str, dict[str, float]]:
    table: dict[str, dict[str, float]] = {}
    for row, cols in ACTIVE_DISCLOSURE_ROWS[layout].items():
        table[row] = {col: (round(rng.uniform(0, 500), 2) if col == "amount_10k_yuan"
                            else rng.randint(-5, 5) if col == "change" else rng.randint(0, 300))
                      for col in cols}
    return table


def _prose(rng: random.Random, title: str) -> str:
    """About PROSE_CHARACTERS characters: two template sentences and this report's own draw."""
    own = "".join(rng.choices(COMMON_CHARACTERS, k=PROSE_CHARACTERS))
    sentences = [own[i : i + 40] + "。" for i in range(0, len(own), 40)]
    return title + "。" + rng.choice(TEMPLATE_SENTENCES) + "".join(sentences) + rng.choice(TEMPLATE_SENTENCES)


def _shape(tables: Tables, layout: Layout) -> dict[str, dict[str, RowShape]]:
    """Every row found with the values its layout has, as a parser records a well-printed report."""

    def row(values: list) -> RowShape:
        return RowShape(found=len(values), expected=len(values), values=values)

    return {
        "active_disclosure": {key: row(list(cols.values())) for key, cols in tables.active_disclosure.items()},
        "applications": {key: row(list(tables.applications[key].values()))
                         for key in application_rows(layout)},
        "review_litigation": {REVIEW_ROW: row([tables.review_litigation[k] for k in REVIEW_LITIGATION_KEYS])},
    }


def synthetic_report(
    agency: str,
    year: int,
    *,
    seed: int = 0,
    layout: Layout | None = None,
    published_on: date | None = None,
    carried_in: dict[str, int] | None = None,
) -> AnnualReport:
    """A complete, balanced report of ``agency`` for ``year``, published in the January after by default.

    ``carried_in`` (e.g. last year's ``carried_out``) fixes row 二、上年结转; the rest still balances.
    """
    rng = random.Random(f"{agency}|{year}|{seed}")
    layout = layout or layout_for_year(year)
    digest = hashlib.sha256(f"synthetic|{agency}|{year}|{seed}|{layout}".encode()).hexdigest()
    tables = Tables(
        active_disclosure=_active(rng, layout),
        applications=_applications(rng, layout, carried_in),
        review_litigation=_review(rng),
    )
    return AnnualReport(
        source=Source(path=f"synthetic/{digest[:16]}.txt", sha256=digest, format="text"),
        agency=agency,
        year=year,
        layout=layout,
        published_on=published_on or date(year + 1, 1, rng.randint(5, 28)),
        published_on_source="document",
        sections=dict.fromkeys(SECTION_KEYS, True),
        section_details={
            key: SectionText(heading=f"{'一二三四五六'[i]}、{title}", text=_prose(rng, f"{agency}{year}年{title}"),
                             position=i)
            for i, (key, title) in enumerate(zip(SECTION_KEYS, SECTION_TITLES, strict=True))
        },
        tables=tables,
        shape=_shape(tables, layout),
    )
