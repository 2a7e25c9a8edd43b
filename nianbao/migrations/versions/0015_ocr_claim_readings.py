"""OCR readings on the narrative claims: the engine's confidence in the prose line a count is stated on,
the page, and whether the count is uncertain (as migration 0014 gave the cells).

Claims read from a text layer keep ``confidence`` and ``page`` NULL and ``uncertain`` false. A check
comparing an uncertain claim with table 三 reports a warning asking for the original page to be checked.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLE = "narrative_claim"


def upgrade() -> None:
    op.add_column(TABLE, sa.Column("confidence", sa.Float(), nullable=True))
    op.add_column(TABLE, sa.Column("page", sa.Integer(), nullable=True))
    op.add_column(TABLE, sa.Column("uncertain", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    for column in ("uncertain", "page", "confidence"):  # plain ALTER TABLE … DROP COLUMN (SQLite 3.35+)
        op.drop_column(TABLE, column)
