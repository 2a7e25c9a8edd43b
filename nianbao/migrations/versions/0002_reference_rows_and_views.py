"""Reference rows of table 三 and the auditors' views from sql/views.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from nianbao.model import application_rows
from nianbao.warehouse.views import drop_views, replace_views

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def reference_rows() -> list[dict]:
    """Every row key of table 三 in printed order; F2019's single （六） sits before F2021's three."""
    f2019, f2021 = application_rows("F2019"), application_rows("F2021")
    keys = list(f2019[: f2019.index("other")]) + ["other"] + [k for k in f2021 if k not in f2019]
    keys = [k for k in keys if k not in ("total", "carried_out")] + ["total", "carried_out"]
    return [
        {"row_key": key, "position": i + 1, "in_f2019": key in f2019, "in_f2021": key in f2021}
        for i, key in enumerate(keys)
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
    replace_views(op.get_bind())


def downgrade() -> None:
    drop_views(op.get_bind())
    op.execute("DELETE FROM application_row_ref")
