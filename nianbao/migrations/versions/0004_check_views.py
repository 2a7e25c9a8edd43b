"""The checks' helper views, from expectations/views/*.sql.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

from nianbao.checks.catalogue import EXPECTATIONS

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

VIEWS = sorted((EXPECTATIONS / "views").glob("*.sql"))


def upgrade() -> None:
    for path in VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {path.stem}")
        op.execute(path.read_text(encoding="utf-8"))


def downgrade() -> None:
    for path in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {path.stem}")
