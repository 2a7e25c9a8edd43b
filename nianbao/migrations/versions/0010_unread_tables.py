"""Tables printed but not read: ``unread_table`` (report, table, reason). The checks' view of table 三 rows
(expectations/views, created by the migration runner since views stand outside the migrations' history)
calls a row of the layout not found in such a table 'unread' instead of 'missing', so that no finding
blames the agency for what the parser could not read.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unread_table",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("table_key", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["report.id"], name=op.f("fk_unread_table_report_id_report"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("report_id", "table_key", name=op.f("pk_unread_table")),
    )


def downgrade() -> None:
    op.drop_table("unread_table")
