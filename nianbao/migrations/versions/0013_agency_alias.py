"""Agency aliases: other names an agency signs its reports with, synced from the registry.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency_alias",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_agency_alias_agency_id_agency"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_agency_alias")),
    )
    op.create_index(op.f("ix_agency_alias_agency_id"), "agency_alias", ["agency_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_agency_alias_agency_id"), table_name="agency_alias")
    op.drop_table("agency_alias")
