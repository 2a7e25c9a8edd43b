"""Which reports have values OCR read with doubt, how many and on which pages, across the three cell tables
and the counts stated in prose; values read by OCR with confidence, and reports read from text, do not count."""

from __future__ import annotations

from sqlalchemy import Engine

from nianbao.model import REVIEW_ROW, CellReading, NarrativeClaim
from nianbao.warehouse.db import transaction
from nianbao.warehouse.load import load_report
from nianbao.warehouse.readings import CHUNK, UncertainCells, uncertain_cells
from tests.support.synthetic import synthetic_report


def reading(page: int | None, uncertain: bool = True) -> CellReading:
    return CellReading(confidence=0.41 if uncertain else 0.97, page=page, uncertain=uncertain)


def test_uncertain_cells_per_report(engine: Engine) -> None:
    doubtful, confident, typed = (synthetic_report(name, 2023) for name in ("甲局", "乙局", "丙局"))
    doubtful.readings = {
        "applications": {"total": {"total": reading(5), "natural_person": reading(3)}, "new": {"other_org": reading(5)}},
        "active_disclosure": {"licensing": {"decisions": reading(None)}},  # a page not known: counted, not named
        "review_litigation": {REVIEW_ROW: {"review_total": reading(7)}},
    }
    doubtful.narrative_claims = [NarrativeClaim(metric="applications_received", value=12, text="共受理申请12件",
                                                reading=reading(9))]
    confident.readings = {"applications": {"total": {"total": reading(2, uncertain=False)}}}
    confident.narrative_claims = [NarrativeClaim(metric="applications_received", value=12, text="共受理申请12件",
                                                 reading=reading(1, uncertain=False))]
    with transaction(engine) as session:
        ids = [load_report(session, r).report_id for r in (doubtful, confident, typed)]
    expected = {ids[0]: UncertainCells(6, (3, 5, 7, 9))}
    with engine.connect() as connection:
        assert uncertain_cells(connection) == expected
        assert uncertain_cells(connection, ids[1:]) == {}
        # more ids than one IN list takes
        assert uncertain_cells(connection, [*range(max(ids) + 1, max(ids) + 2 * CHUNK), *ids]) == expected
        assert uncertain_cells(connection, []) == {}
