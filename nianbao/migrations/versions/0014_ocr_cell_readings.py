"""OCR readings on the cells: the engine's confidence, the page, and whether the value is uncertain.

Cells read from a text layer keep ``confidence`` and ``page`` NULL and ``uncertain`` false. A check
whose inputs include an uncertain cell reports a warning asking for the original page to be checked.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

CELL_TABLES = ("application_cell", "active_disclosure_cell", "review_litigation_cell")


def upgrade() -> None:
    for table in CELL_TABLES:
        op.add_column(table, sa.Column("confidence", sa.Float(), nullable=True))
        op.add_column(table, sa.Column("page", sa.Integer(), nullable=True))
        op.add_column(table, sa.Column("uncertain", sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    for table in CELL_TABLES:  # plain ALTER TABLE … DROP COLUMN (SQLite 3.35+): views on the tables stay
        for column in ("uncertain", "page", "confidence"):
            op.drop_column(table, column)
