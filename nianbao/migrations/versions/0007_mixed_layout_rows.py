"""The checks' view of table 三 rows: a report that printed its （六） in the other layout's form is not
also held to its own layout's （六） rows (layout_matches_year flags the mix). v_compliance reads the
agency once (one join fewer per agency-year). Both views are created by the migration runner from their
files; this revision changes no table.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change in the tables."""


def downgrade() -> None:
    """Nothing to change in the tables."""
