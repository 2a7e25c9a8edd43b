"""The checks' helper views from expectations/views (created by the migration runner since views stand
outside the migrations' history; this revision changes no table).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change in the tables."""


def downgrade() -> None:
    """Nothing to change in the tables."""
