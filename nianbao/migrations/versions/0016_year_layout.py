"""The layout of a report year as a reference table, ``year_layout`` (first year, last year, layout), which
the views and checks join instead of writing the rule out. The rows below are the model's when this
revision was written; the migration runner keeps them equal to the running code's model afterwards.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# (first year, last year, layout); None is open: every year before, every year after.
ROWS = ((None, 2020, "F2019"), (2021, None, "F2021"))


def upgrade() -> None:
    table = op.create_table(
        "year_layout",
        sa.Column("layout", sa.String(length=8), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=True),
        sa.Column("last_year", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("layout", name=op.f("pk_year_layout")),
    )
    op.bulk_insert(table, [{"first_year": first, "last_year": last, "layout": layout} for first, last, layout in ROWS])


def downgrade() -> None:
    op.drop_table("year_layout")
