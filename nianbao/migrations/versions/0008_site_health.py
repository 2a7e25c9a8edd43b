"""Site health: what each crawl saw of each registry entry, and the site problems found from it.

``crawl_observation`` keeps one row per crawl and agency (list pages read, report items found,
failures, the site problem it showed, if any); ``site_problem`` tracks a registry entry whose column yields nothing, far fewer items than
its own history, or only failures, open until a later crawl reads it again.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crawl_observation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("observed_at", sa.DateTime(), nullable=False),
        sa.Column("entry", sa.Text(), nullable=False),
        sa.Column("list_pages", sa.Integer(), nullable=False),
        sa.Column("list_failures", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("problem", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_crawl_observation_agency_id_agency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl_observation")),
    )
    op.create_index("ix_crawl_observation_agency_id_observed_at", "crawl_observation",
                    ["agency_id", "observed_at"])
    op.create_table(
        "site_problem",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("entry", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("resolved_on", sa.DateTime(), nullable=True),
        sa.CheckConstraint("kind IN ('empty_list', 'fewer_items', 'unreachable')",
                           name=op.f("ck_site_problem_kind")),
        sa.CheckConstraint("status IN ('open', 'resolved')", name=op.f("ck_site_problem_status")),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_site_problem_agency_id_agency")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_problem")),
    )
    op.create_index("ix_site_problem_agency_id_status", "site_problem", ["agency_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_site_problem_agency_id_status", table_name="site_problem")
    op.drop_table("site_problem")
    op.drop_index("ix_crawl_observation_agency_id_observed_at", table_name="crawl_observation")
    op.drop_table("crawl_observation")
