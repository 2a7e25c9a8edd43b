"""Inputs of the checks: row values as found (backfilled), tables for narrative MinHash signatures.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _backfill(connection: sa.Connection) -> None:
    """Row values from ``row_shape.found_values``; signatures are computed by migration 0006."""
    shapes = sa.table("row_shape", sa.column("report_id"), sa.column("table_key"), sa.column("row_key"),
                      sa.column("found_values", sa.JSON))
    values = [
        {"report_id": s.report_id, "table_key": s.table_key, "row_key": s.row_key, "position": i + 1,
         "value": value, "blank": value is None}
        for s in connection.execute(sa.select(shapes))
        for i, value in enumerate(s.found_values or [])
    ]
    if values:
        op.bulk_insert(sa.table("row_shape_value", *(sa.column(c) for c in values[0])), values)


def upgrade() -> None:
    op.create_table(
        "row_shape_value",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("table_key", sa.String(length=32), nullable=False),
        sa.Column("row_key", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("blank", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "(blank AND value IS NULL) OR (NOT blank AND value IS NOT NULL)", name=op.f("ck_row_shape_value_blank")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_row_shape_value_report_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("report_id", "table_key", "row_key", "position", name=op.f("pk_row_shape_value")),
    )
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
    op.create_table(
        "narrative_band",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_narrative_band_report_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("report_id", "band", name=op.f("pk_narrative_band")),
    )
    with op.batch_alter_table("narrative_band", schema=None) as batch_op:
        batch_op.create_index("ix_narrative_band_band_value", ["band", "value"], unique=False)
    _backfill(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("narrative_band", schema=None) as batch_op:
        batch_op.drop_index("ix_narrative_band_band_value")
    op.drop_table("narrative_band")
    op.drop_table("narrative_minhash")
    op.drop_table("row_shape_value")
