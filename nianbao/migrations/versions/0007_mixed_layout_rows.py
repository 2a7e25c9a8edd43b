"""The checks' view of table 三 rows: a report that printed its （六） in the other layout's form is not
also held to its own layout's （六） rows (layout_matches_year flags the mix).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

from nianbao.checks.catalogue import EXPECTATIONS

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

VIEW = EXPECTATIONS / "views" / "v_check_application_row.sql"


def upgrade() -> None:
    op.execute(f"DROP VIEW IF EXISTS {VIEW.stem}")
    op.execute(VIEW.read_text(encoding="utf-8"))


def downgrade() -> None:
    """The view stays as its file defines it: there is one source of truth for it."""
