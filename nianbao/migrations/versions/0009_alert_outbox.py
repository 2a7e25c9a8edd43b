"""Alerts: digests per jurisdiction, the outbox their messages are delivered from, and what each finding
was last reported as.

``alert_digest`` records each digest composed; ``alert_outbox`` holds one message per recipient and
channel (pending → in flight → delivered, or failed after the last attempt) with its idempotency key;
``alert_attempt`` every attempt and its reason; ``finding_notice`` what the 公开办 was last told about
a finding; ``alert_jurisdiction`` the per-jurisdiction row composing locks.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_jurisdiction",
        sa.Column("jurisdiction", sa.String(length=200), nullable=False),
        sa.Column("last_composed_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("jurisdiction", name=op.f("pk_alert_jurisdiction")),
    )
    op.create_table(
        "alert_digest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("composed_at", sa.DateTime(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_digest")),
    )
    op.create_table(
        "finding_notice",
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("digest_id", sa.Integer(), nullable=False),
        sa.Column("notified_status", sa.String(length=16), nullable=False),
        sa.Column("notified_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("notified_status IN ('open', 'resolved')", name=op.f("ck_finding_notice_notified_status")),
        sa.ForeignKeyConstraint(["digest_id"], ["alert_digest.id"], name=op.f("fk_finding_notice_digest_id_alert_digest")),
        sa.ForeignKeyConstraint(["finding_id"], ["finding.id"], name=op.f("fk_finding_notice_finding_id_finding"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("finding_id", name=op.f("pk_finding_notice")),
    )
    op.create_table(
        "alert_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("digest_id", sa.Integer(), nullable=True),
        sa.Column("jurisdiction", sa.String(length=200), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("secret_name", sa.String(length=200), nullable=True),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("html", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=128), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("parts_sent", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("in_flight_since", sa.DateTime(), nullable=True),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("channel IN ('email', 'wecom', 'dingtalk', 'feishu')", name=op.f("ck_alert_outbox_channel")),
        sa.CheckConstraint("state IN ('pending', 'in_flight', 'delivered', 'failed')", name=op.f("ck_alert_outbox_state")),
        sa.ForeignKeyConstraint(["digest_id"], ["alert_digest.id"], name=op.f("fk_alert_outbox_digest_id_alert_digest")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_outbox")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_alert_outbox_idempotency_key")),
    )
    op.create_index("ix_alert_outbox_digest_id", "alert_outbox", ["digest_id"])
    op.create_index("ix_alert_outbox_state_next_attempt_at", "alert_outbox", ["state", "next_attempt_at"])
    op.create_table(
        "alert_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.CheckConstraint("outcome IN ('delivered', 'failed', 'interrupted')", name=op.f("ck_alert_attempt_outcome")),
        sa.ForeignKeyConstraint(["outbox_id"], ["alert_outbox.id"], name=op.f("fk_alert_attempt_outbox_id_alert_outbox"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alert_attempt")),
    )
    op.create_index("ix_alert_attempt_outbox_id", "alert_attempt", ["outbox_id"])


def downgrade() -> None:
    op.drop_index("ix_alert_attempt_outbox_id", table_name="alert_attempt")
    op.drop_table("alert_attempt")
    op.drop_index("ix_alert_outbox_state_next_attempt_at", table_name="alert_outbox")
    op.drop_index("ix_alert_outbox_digest_id", table_name="alert_outbox")
    op.drop_table("alert_outbox")
    op.drop_table("finding_notice")
    op.drop_table("alert_digest")
    op.drop_table("alert_jurisdiction")
