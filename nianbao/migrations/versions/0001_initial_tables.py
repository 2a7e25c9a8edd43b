"""initial tables

Revision ID: 0001
Revises:
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=32), nullable=True),
        sa.Column("parent_jurisdiction", sa.String(length=200), nullable=True),
        sa.Column("office", sa.String(length=200), nullable=True),
        sa.Column("deadline_kind", sa.String(length=16), nullable=False),
        sa.Column("in_registry", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "deadline_kind IN ('department', 'government')", name=op.f("ck_agency_deadline_kind")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency")),
        sa.UniqueConstraint("code", name=op.f("uq_agency_code")),
        sa.UniqueConstraint("name", name=op.f("uq_agency_name")),
    )
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agency_parent_jurisdiction"), ["parent_jurisdiction"], unique=False
        )

    op.create_table(
        "application_row_ref",
        sa.Column("row_key", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("in_f2019", sa.Boolean(), nullable=False),
        sa.Column("in_f2021", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("row_key", name=op.f("pk_application_row_ref")),
    )
    op.create_table(
        "pipeline_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pipeline_run")),
    )
    op.create_table(
        "source_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("path", sa.Text(), nullable=True),
        sa.Column("format", sa.String(length=8), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("page_published_on", sa.Date(), nullable=True),
        sa.Column("fetched_at", sa.DateTime(), nullable=True),
        sa.Column("parsed_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('fetched', 'loaded', 'failed')", name=op.f("ck_source_document_status")
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_source_document_agency_id_agency")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_document")),
        sa.UniqueConstraint("sha256", name=op.f("uq_source_document_sha256")),
    )
    with op.batch_alter_table("source_document", schema=None) as batch_op:
        batch_op.create_index("ix_source_document_url", ["url"], unique=False)

    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("layout", sa.String(length=8), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("published_on_source", sa.String(length=16), nullable=True),
        sa.Column("source_document_id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("period_text", sa.Text(), nullable=True),
        sa.Column("layout_signals", sa.JSON(), nullable=False),
        sa.Column("canonical_json", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_report_agency_id_agency")),
        sa.ForeignKeyConstraint(
            ["source_document_id"],
            ["source_document.id"],
            name=op.f("fk_report_source_document_id_source_document"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
        sa.UniqueConstraint("agency_id", "year", "version", name=op.f("uq_report_agency_id_year_version")),
        sa.UniqueConstraint("source_document_id", name=op.f("uq_report_source_document_id")),
    )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index("ix_report_year_current", ["year", "is_current"], unique=False)
        batch_op.create_index(
            "uq_report_current",
            ["agency_id", "year"],
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        )

    op.create_table(
        "active_disclosure_cell",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("row_key", sa.String(length=40), nullable=False),
        sa.Column("col_key", sa.String(length=24), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("blank", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "(blank AND value IS NULL) OR (NOT blank AND value IS NOT NULL)",
            name=op.f("ck_active_disclosure_cell_blank"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_active_disclosure_cell_report_id_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("report_id", "row_key", "col_key", name=op.f("pk_active_disclosure_cell")),
    )
    op.create_table(
        "application_cell",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("row_key", sa.String(length=40), nullable=False),
        sa.Column("col_key", sa.String(length=24), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("blank", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "(blank AND value IS NULL) OR (NOT blank AND value IS NOT NULL)",
            name=op.f("ck_application_cell_blank"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_application_cell_report_id_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("report_id", "row_key", "col_key", name=op.f("pk_application_cell")),
    )
    op.create_table(
        "finding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rule_id", sa.String(length=64), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("expected", sa.Text(), nullable=True),
        sa.Column("actual", sa.Text(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("resolved_on", sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'resolved')", name=op.f("ck_finding_status")),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"], name=op.f("fk_finding_agency_id_agency")),
        sa.ForeignKeyConstraint(["report_id"], ["report.id"], name=op.f("fk_finding_report_id_report")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding")),
        sa.UniqueConstraint(
            "agency_id",
            "year",
            "rule_id",
            "location",
            name=op.f("uq_finding_agency_id_year_rule_id_location"),
        ),
    )
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.create_index("ix_finding_agency_year_status", ["agency_id", "year", "status"], unique=False)

    op.create_table(
        "narrative_claim",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("metric", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("claim_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_narrative_claim_report_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_narrative_claim")),
    )
    with op.batch_alter_table("narrative_claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_narrative_claim_report_id"), ["report_id"], unique=False)

    op.create_table(
        "report_section",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("section_key", sa.String(length=32), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("heading", sa.Text(), nullable=True),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_report_section_report_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("report_id", "section_key", name=op.f("pk_report_section")),
    )
    op.create_table(
        "review_litigation_cell",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("col_key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("blank", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "(blank AND value IS NULL) OR (NOT blank AND value IS NOT NULL)",
            name=op.f("ck_review_litigation_cell_blank"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_review_litigation_cell_report_id_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("report_id", "col_key", name=op.f("pk_review_litigation_cell")),
    )
    op.create_table(
        "row_shape",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("table_key", sa.String(length=32), nullable=False),
        sa.Column("row_key", sa.String(length=40), nullable=False),
        sa.Column("found", sa.Integer(), nullable=False),
        sa.Column("expected", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("found_values", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["report.id"], name=op.f("fk_row_shape_report_id_report"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("report_id", "table_key", "row_key", name=op.f("pk_row_shape")),
    )


def downgrade() -> None:
    op.drop_table("row_shape")
    op.drop_table("review_litigation_cell")
    op.drop_table("report_section")
    with op.batch_alter_table("narrative_claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_narrative_claim_report_id"))

    op.drop_table("narrative_claim")
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_index("ix_finding_agency_year_status")

    op.drop_table("finding")
    op.drop_table("application_cell")
    op.drop_table("active_disclosure_cell")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_report_current", sqlite_where=sa.text("is_current"), postgresql_where=sa.text("is_current")
        )
        batch_op.drop_index("ix_report_year_current")

    op.drop_table("report")
    with op.batch_alter_table("source_document", schema=None) as batch_op:
        batch_op.drop_index("ix_source_document_url")

    op.drop_table("source_document")
    op.drop_table("pipeline_run")
    op.drop_table("application_row_ref")
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_parent_jurisdiction"))

    op.drop_table("agency")
