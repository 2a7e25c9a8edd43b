"""The checks' view of table 三 rows: a report that printed its （六） in the other layout's form is not
also held to its own layout's （六） rows (layout_matches_year flags the mix). v_compliance reads the
agency once (one join fewer per agency-year).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

from nianbao.checks.catalogue import EXPECTATIONS
from nianbao.warehouse.views import replace_views

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

VIEW = EXPECTATIONS / "views" / "v_check_application_row.sql"


def upgrade() -> None:
    op.execute(f"DROP VIEW IF EXISTS {VIEW.stem}")
    op.execute(VIEW.read_text(encoding="utf-8"))
    replace_views(op.get_bind())


def downgrade() -> None:
    """The views stay as their files define them: there is one source of truth for each."""
