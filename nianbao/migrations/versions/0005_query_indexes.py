"""Indexes for the auditors' queries at 100,000 reports (and v_compliance, created by the migration runner,
counts findings in one pass).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BLANK = {"sqlite_where": sa.text("blank"), "postgresql_where": sa.text("blank")}


def upgrade() -> None:
    op.create_index("ix_application_cell_row_col", "application_cell", ["row_key", "col_key", "report_id", "value"])
    op.create_index("ix_application_cell_blank", "application_cell", ["report_id"], **BLANK)
    op.create_index("ix_review_litigation_cell_col_value", "review_litigation_cell", ["col_key", "value"])
    op.create_index("ix_review_litigation_cell_blank", "review_litigation_cell", ["report_id"], **BLANK)


def downgrade() -> None:
    for table, name in (("review_litigation_cell", "blank"), ("review_litigation_cell", "col_value"),
                        ("application_cell", "blank"), ("application_cell", "row_col")):
        op.drop_index(f"ix_{table}_{name}", table_name=table)
