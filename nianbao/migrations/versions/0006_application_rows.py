"""Table 三 in printed rows for the auditors' queries; leaner loading.

- ``application_row`` (one row per report and printed row of table 三, the seven columns side by side),
  filled from the cells; the covering index on ``application_cell`` it replaces is dropped, and so is
  the index of table 四's values, which query 04 no longer needs (it reads the latest year by report).
- ``row_shape_value`` keeps only rows printed with the wrong number of values (the others' values are
  their cells).
- Narrative signatures are recomputed (the shingles are now hashed all at once, a new hash family) and
  stored by band: each ``narrative_band`` row carries its four slots, and ``narrative_minhash`` (one
  row per slot) is dropped.
- On PostgreSQL, the long texts (the canonical JSON and section bodies) are compressed with lz4.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

from __future__ import annotations

import re
import struct
import zlib

import numpy as np
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

LONG_TEXTS = (("report", "canonical_json"), ("report_section", "body"))
# Frozen as they were when this revision was written: the columns of table 三 and the narrative MinHash
# (see nianbao/warehouse/similarity.py for what each step means; a later change of the signatures needs a
# migration of its own).
APPLICANT_COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org",
                     "total")
SHINGLE, SLOTS, BANDS, MIN_SHINGLES = 5, 64, 16, 40
NARRATIVE_SECTIONS = ("overview", "problems", "other_matters")
PRIME, BASE = (1 << 31) - 1, 1_000_003
_rng = np.random.default_rng(20261203)
A = _rng.integers(0, 1 << 32, size=SLOTS, dtype=np.uint32) | np.uint32(1)
B = _rng.integers(0, 1 << 32, size=SLOTS, dtype=np.uint32)


def _band_rows(report_id: int, sections: dict[str, str | None], agency: str) -> list[dict]:
    """The ``narrative_band`` rows of one report's stored sections; none for a narrative too short."""
    text = re.sub(r"[\W\d_]+", "", "".join(sections.get(k) or "" for k in NARRATIVE_SECTIONS).replace(agency, ""))
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    count = len(codes) - SHINGLE + 1
    hashes = np.zeros(max(count, 0), dtype=np.int64)
    for offset in range(SHINGLE):
        hashes = (hashes * BASE + codes[offset : offset + len(hashes)]) % PRIME
    hashes = np.unique(hashes)
    if len(hashes) < MIN_SHINGLES:
        return []
    slots = ((A[:, None] * hashes.astype(np.uint32)[None, :] + B[:, None]).min(axis=1) >> 1).astype(np.int64).tolist()
    width = SLOTS // BANDS
    rows = []
    for band in range(BANDS):
        values = slots[band * width : (band + 1) * width]
        rows.append({"report_id": report_id, "band": band,
                     "value": zlib.crc32(struct.pack(f"<{width}q", *values)) & PRIME,
                     **{f"slot_{i + 1}": value for i, value in enumerate(values)}})
    return rows


def _store_signatures(connection: sa.Connection) -> None:
    """Every report's narrative signature, from its stored section texts."""
    texts: dict[int, dict] = {}
    rows = connection.execute(sa.text(
        "SELECT s.report_id, s.section_key, s.body, a.name FROM report_section s"
        " JOIN report r ON r.id = s.report_id JOIN agency a ON a.id = r.agency_id"))
    for report_id, key, body, agency in rows:
        texts.setdefault(report_id, {"agency": agency})[key] = body
    bands = [row for report_id, sections in texts.items() for row in _band_rows(report_id, sections, sections["agency"])]
    if bands:
        op.bulk_insert(sa.table("narrative_band", *(sa.column(c) for c in bands[0])), bands)


def _compression(method: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, column in LONG_TEXTS:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION {method}")


def _band_table(*slots: sa.Column) -> None:
    """Create ``narrative_band`` (empty), with ``slots`` after its hash."""
    op.create_table(
        "narrative_band",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        *slots,
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_narrative_band_report_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("report_id", "band", name=op.f("pk_narrative_band")),
    )
    op.create_index("ix_narrative_band_band_value", "narrative_band", ["band", "value"])


def upgrade() -> None:
    op.create_table(
        "application_row",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("row_key", sa.String(length=40), nullable=False),
        *(sa.Column(column, sa.Float(), nullable=True) for column in APPLICANT_COLUMNS),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_application_row_report_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("report_id", "row_key", name=op.f("pk_application_row")),
    )
    columns = ", ".join(APPLICANT_COLUMNS)
    pivot = ", ".join(f"MAX(CASE WHEN col_key = '{c}' THEN value END)" for c in APPLICANT_COLUMNS)
    op.execute(
        f"INSERT INTO application_row (report_id, row_key, {columns})"
        f" SELECT report_id, row_key, {pivot} FROM application_cell GROUP BY report_id, row_key"
    )
    op.drop_index("ix_application_cell_row_col", table_name="application_cell")
    op.drop_index("ix_review_litigation_cell_col_value", table_name="review_litigation_cell")
    op.execute(
        "DELETE FROM row_shape_value WHERE EXISTS (SELECT 1 FROM row_shape sh"
        " WHERE sh.report_id = row_shape_value.report_id AND sh.table_key = row_shape_value.table_key"
        " AND sh.row_key = row_shape_value.row_key AND sh.found = sh.expected)"
    )
    op.drop_table("narrative_minhash")
    op.drop_table("narrative_band")
    _band_table(*(sa.Column(f"slot_{i}", sa.Integer(), nullable=False) for i in range(1, 5)))
    _store_signatures(op.get_bind())
    _compression("lz4")


def downgrade() -> None:
    """Back to 0005: the signature tables come back empty (0005's code computed signatures differently)."""
    _compression("pglz")
    op.drop_table("narrative_band")
    _band_table()
    op.create_table(
        "narrative_minhash",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_narrative_minhash_report_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("report_id", "slot", name=op.f("pk_narrative_minhash")),
    )
    connection = op.get_bind()
    shapes = sa.table("row_shape", sa.column("report_id"), sa.column("table_key"), sa.column("row_key"),
                      sa.column("found"), sa.column("expected"), sa.column("found_values", sa.JSON))
    values = [
        {"report_id": s.report_id, "table_key": s.table_key, "row_key": s.row_key, "position": i + 1,
         "value": value, "blank": value is None}
        for s in connection.execute(sa.select(shapes).where(shapes.c.found == shapes.c.expected))
        for i, value in enumerate(s.found_values or [])
    ]
    if values:
        op.bulk_insert(sa.table("row_shape_value", *(sa.column(c) for c in values[0])), values)
    op.create_index("ix_review_litigation_cell_col_value", "review_litigation_cell", ["col_key", "value"])
    op.create_index("ix_application_cell_row_col", "application_cell", ["row_key", "col_key", "report_id", "value"])
    op.drop_table("application_row")
