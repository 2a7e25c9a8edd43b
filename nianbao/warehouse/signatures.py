"""Narrative MinHash signatures of reports already in the warehouse, computed from their stored sections.

The loader writes a new report's signature itself; migrations call :func:`store_signatures` when the
tables are created or when the way signatures are computed changes.
"""

from __future__ import annotations

import sqlalchemy as sa

from nianbao.checks.similarity import BANDS, SLOTS, narrative, signature, signature_rows

_BAND = sa.table("narrative_band", *(sa.column(c) for c in ("report_id", "band", "value")),
                 *(sa.column(f"slot_{i}") for i in range(1, SLOTS // BANDS + 1)))


def store_signatures(connection: sa.Connection) -> int:
    """Replace every report's signature with one computed from its stored section texts; returns how
    many reports got one (a narrative too short to compare gets none)."""
    connection.execute(sa.delete(_BAND))
    texts: dict[int, dict] = {}
    rows = connection.execute(sa.text(
        "SELECT s.report_id, s.section_key, s.body, a.name FROM report_section s"
        " JOIN report r ON r.id = s.report_id JOIN agency a ON a.id = r.agency_id"))
    for report_id, key, body, agency in rows:
        texts.setdefault(report_id, {"agency": agency})[key] = body
    bands = []
    for report_id, sections in texts.items():
        bands += signature_rows(report_id, signature(narrative(sections, agency=sections["agency"])))
    if bands:
        connection.execute(sa.insert(_BAND), bands)
    return len({row["report_id"] for row in bands})
