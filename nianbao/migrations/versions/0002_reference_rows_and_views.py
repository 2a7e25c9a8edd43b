"""Reference rows of table 三 (the auditors' views from sql/views are created by the migration runner).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Every row key of table 三 in printed order, as the model had them when this revision was written;
# F2019's single （六） sits before F2021's three.
ROWS = ("new", "carried_in", "granted", "partial", "denied_state_secret", "denied_prohibited", "denied_security",
        "denied_third_party", "denied_internal", "denied_process", "denied_enforcement_file", "denied_query",
        "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear", "rejected_petition",
        "rejected_duplicate", "rejected_publication", "rejected_excessive", "rejected_confirmation",
        "other", "other_no_correction", "other_no_fee", "other_misc", "total", "carried_out")
ONLY_F2019 = {"other"}
ONLY_F2021 = {"other_no_correction", "other_no_fee", "other_misc"}


def reference_rows() -> list[dict]:
    return [
        {"row_key": key, "position": i + 1, "in_f2019": key not in ONLY_F2021, "in_f2021": key not in ONLY_F2019}
        for i, key in enumerate(ROWS)
    ]


def upgrade() -> None:
    table = sa.table(
        "application_row_ref",
        sa.column("row_key", sa.String),
        sa.column("position", sa.Integer),
        sa.column("in_f2019", sa.Boolean),
        sa.column("in_f2021", sa.Boolean),
    )
    op.bulk_insert(table, reference_rows())


def downgrade() -> None:
    op.execute("DELETE FROM application_row_ref")
