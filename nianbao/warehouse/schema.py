"""The warehouse tables as SQLAlchemy 2 models; Alembic migrations in ``nianbao/migrations`` create them.

Numbers live in long tables, one row per printed cell. ``value`` is NULL exactly when the cell was
printed blank (「/」, 「—」 or empty), which ``blank`` states outright; a cell absent from the document
has no row. Views in ``sql/views`` turn these back into the printed wide shapes.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

DEADLINE_KINDS = ("department", "government")
DOCUMENT_STATUSES = ("fetched", "loaded", "failed")
FINDING_STATUSES = ("open", "resolved")
SITE_PROBLEM_KINDS = ("empty_list", "fewer_items", "unreachable")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _blank_index(table: str) -> Index:
    """Which reports printed a cell blank, without reading all cells: a partial index on ``report_id``."""
    return Index(f"ix_{table}_blank", "report_id", sqlite_where=text("blank"), postgresql_where=text("blank"))


def _blank_check() -> CheckConstraint:
    return CheckConstraint("(blank AND value IS NULL) OR (NOT blank AND value IS NOT NULL)", name="blank")


class Agency(Base):
    """An agency that must publish a report each year, as the registry knows it.

    Agencies first met in a document (not yet in the registry) are added with ``in_registry`` false and
    no code; a later registry sync adopts them by name.
    """

    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str | None] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    level: Mapped[str | None] = mapped_column(String(32))
    parent_jurisdiction: Mapped[str | None] = mapped_column(String(200), index=True)
    office: Mapped[str | None] = mapped_column(String(200))
    # The deadline applied: 'department' (31 January) or 'government' (31 March). ``deadline_known`` is false
    # for an agency outside the registry whose name does not tell: the later deadline applies, and a
    # report published between the two is neither on time nor late (published_on_time is unverifiable).
    deadline_kind: Mapped[str] = mapped_column(String(16))
    deadline_known: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    in_registry: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (CheckConstraint("deadline_kind IN ('department', 'government')", name="deadline_kind"),)


class AgencyAlias(Base):
    """Another name an agency signs its reports with (from the registry's ``aliases``), so a report signed
    「洪泽区人民政府」 is 淮安市洪泽区人民政府's, and its years pair up."""

    __tablename__ = "agency_alias"

    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"), index=True)


class SourceDocument(Base):
    """One distinct file (by sha256) or one failed fetch of a URL, with the crawler's HTTP memory."""

    __tablename__ = "source_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str | None] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str | None] = mapped_column(String(8))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    year: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    page_published_on: Mapped[date | None] = mapped_column(Date)
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime)
    parsed_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint("status IN ('fetched', 'loaded', 'failed')", name="status"),
        Index("ix_source_document_url", "url"),
    )


class Report(Base):
    """One version of one agency's report for one year; exactly one version per agency-year is current."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer)
    is_current: Mapped[bool] = mapped_column(Boolean)
    layout: Mapped[str | None] = mapped_column(String(8))
    published_on: Mapped[date | None] = mapped_column(Date)
    published_on_source: Mapped[str | None] = mapped_column(String(16))
    source_document_id: Mapped[int] = mapped_column(ForeignKey("source_document.id"), unique=True)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    period_text: Mapped[str | None] = mapped_column(Text)
    layout_signals: Mapped[dict] = mapped_column(JSON, default=dict)
    canonical_json: Mapped[str] = mapped_column(Text)
    # AnnualReport.content_sha256(): a document with other bytes but this content is no new version.
    content_sha256: Mapped[str | None] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(DateTime)

    agency: Mapped[Agency] = relationship()
    document: Mapped[SourceDocument] = relationship()

    __table_args__ = (
        UniqueConstraint("agency_id", "year", "version"),
        Index(
            "uq_report_current",
            "agency_id",
            "year",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
        Index("ix_report_year_current", "year", "is_current"),
    )


class ReportSection(Base):
    """Whether each of the six sections was found, with its heading and text as found."""

    __tablename__ = "report_section"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    section_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    present: Mapped[bool] = mapped_column(Boolean)
    heading: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int | None] = mapped_column(Integer)


class _Reading:
    """How a value of a scanned report was read (migrations 0014 for cells, 0015 for narrative claims): the
    OCR engine's confidence, the page, and whether the value is uncertain; NULL, NULL and false for values
    read from text."""

    confidence: Mapped[float | None] = mapped_column(Float)
    page: Mapped[int | None] = mapped_column(Integer)
    uncertain: Mapped[bool] = mapped_column(Boolean, server_default=false(), default=False)


class ApplicationCell(_Reading, Base):
    """Table 三: one printed cell of the applications matrix."""

    __tablename__ = "application_cell"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    row_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    col_key: Mapped[str] = mapped_column(String(24), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)
    blank: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (_blank_check(), _blank_index("application_cell"))


class ApplicationRow(Base):
    """Table 三 as printed, for reading across many reports: one row per report and printed row, the
    seven applicant columns side by side. Written with the cells, from the same values; a column is NULL
    where the cell was printed blank or not printed (``application_cell`` tells which).

    The auditors' queries read a few rows of every report of a year; here that is 7 times fewer rows
    than in the cells, with no index beyond the key."""

    __tablename__ = "application_row"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    row_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    natural_person: Mapped[float | None] = mapped_column(Float)
    commercial: Mapped[float | None] = mapped_column(Float)
    research: Mapped[float | None] = mapped_column(Float)
    social_welfare: Mapped[float | None] = mapped_column(Float)
    legal_service: Mapped[float | None] = mapped_column(Float)
    other_org: Mapped[float | None] = mapped_column(Float)
    total: Mapped[float | None] = mapped_column(Float)


class ActiveDisclosureCell(_Reading, Base):
    """Table 二 (Article 20 items): one printed cell."""

    __tablename__ = "active_disclosure_cell"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    row_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    col_key: Mapped[str] = mapped_column(String(24), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)
    blank: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (_blank_check(),)


class ReviewLitigationCell(_Reading, Base):
    """Table 四: one of the fifteen cells, keyed like ``review_corrected``."""

    __tablename__ = "review_litigation_cell"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    col_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)
    blank: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (_blank_check(), _blank_index("review_litigation_cell"))


class RowShapeRecord(Base):
    """How many values a table row carried against its layout, with the values as found."""

    __tablename__ = "row_shape"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    table_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    row_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    found: Mapped[int] = mapped_column(Integer)
    expected: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text, default="")
    found_values: Mapped[list] = mapped_column(JSON, default=list)


class UnreadTable(Base):
    """A table printed in the report but not read, in whole or in part (``reason`` says which, for operators).

    Its rows not read are unreadable, not missing: the checks report the rules resting on them as
    unverifiable, never as the agency's fault."""

    __tablename__ = "unread_table"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    table_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    reason: Mapped[str] = mapped_column(Text)


class RowShapeValue(Base):
    """One value of a table row printed with more or fewer values than its layout has, in printed order.

    Such a row gets no cells (its values cannot be placed in columns), so its values are kept here and
    blank and negative values stay checkable; a row of the right count has its values as cells."""

    __tablename__ = "row_shape_value"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    table_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    row_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[float | None] = mapped_column(Float)
    blank: Mapped[bool] = mapped_column(Boolean)

    __table_args__ = (_blank_check(),)


class NarrativeBand(Base):
    """One band of the MinHash signature of a report's narrative (``nianbao.warehouse.similarity``): its
    four slots and their hash. Reports sharing a band hash are candidates for ``copied_content``, which
    then counts their equal slots."""

    __tablename__ = "narrative_band"

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
    slot_1: Mapped[int] = mapped_column(Integer)
    slot_2: Mapped[int] = mapped_column(Integer)
    slot_3: Mapped[int] = mapped_column(Integer)
    slot_4: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_narrative_band_band_value", "band", "value"),)


class NarrativeClaimRecord(_Reading, Base):
    """A count stated in the report's prose that table 三 also holds, with how OCR read it (if it did)."""

    __tablename__ = "narrative_claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    metric: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    claim_text: Mapped[str] = mapped_column(Text)


class ApplicationRowRef(Base):
    """Reference: the rows of table 三 in printed order and which layouts have them."""

    __tablename__ = "application_row_ref"

    row_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    in_f2019: Mapped[bool] = mapped_column(Boolean)
    in_f2021: Mapped[bool] = mapped_column(Boolean)


class YearLayout(Base):
    """Reference: the layout prescribed for a span of report years, both years inclusive; a NULL first
    year is every year before, a NULL last year every year after. The SQL joins it for a report's layout;
    its rows are the model's (:func:`nianbao.model.layout_years`), restored by the migration runner."""

    __tablename__ = "year_layout"

    layout: Mapped[str] = mapped_column(String(8), primary_key=True)
    first_year: Mapped[int | None] = mapped_column(Integer)
    last_year: Mapped[int | None] = mapped_column(Integer)


class Finding(Base):
    """One fault the checks found, tracked across runs: first and last seen, open until resolved."""

    __tablename__ = "finding"

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    year: Mapped[int] = mapped_column(Integer)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("report.id"))
    location: Mapped[str] = mapped_column(Text, default="")
    expected: Mapped[str | None] = mapped_column(Text)
    actual: Mapped[str | None] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    last_seen: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))
    resolved_on: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        UniqueConstraint("agency_id", "year", "rule_id", "location"),
        CheckConstraint("status IN ('open', 'resolved')", name="status"),
        Index("ix_finding_agency_year_status", "agency_id", "year", "status"),
    )


class PipelineRun(Base):
    """One run of a pipeline step (crawl, load, check, alert) and what it did."""

    __tablename__ = "pipeline_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    step: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    message: Mapped[str | None] = mapped_column(Text)


class CrawlObservation(Base):
    """What one crawl saw of one registry entry: list pages read and failed, report items, failures, and
    the site problem it showed (None when it read as usual).

    The site-health monitor compares each crawl with the entry's last usual crawl here."""

    __tablename__ = "crawl_observation"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    year: Mapped[int] = mapped_column(Integer)
    observed_at: Mapped[datetime] = mapped_column(DateTime)
    entry: Mapped[str] = mapped_column(Text)
    list_pages: Mapped[int] = mapped_column(Integer)
    list_failures: Mapped[int] = mapped_column(Integer)
    items: Mapped[int] = mapped_column(Integer)
    failures: Mapped[int] = mapped_column(Integer)
    problem: Mapped[str | None] = mapped_column(String(32))

    __table_args__ = (Index("ix_crawl_observation_agency_id_observed_at", "agency_id", "observed_at"),)


class SiteProblem(Base):
    """A registry entry whose column the crawler could not read as before (redesigned, moved, down):
    ``empty_list`` (list pages yield no items), ``fewer_items`` (far fewer than its history) or
    ``unreachable`` (every page failed). Raised to operators, never to the agency; open until a crawl
    reads the entry again. While one is open the agency's ``report_missing`` is unverifiable."""

    __tablename__ = "site_problem"

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    kind: Mapped[str] = mapped_column(String(32))
    entry: Mapped[str] = mapped_column(Text)
    message: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[datetime] = mapped_column(DateTime)
    last_seen: Mapped[datetime] = mapped_column(DateTime)
    status: Mapped[str] = mapped_column(String(16))
    resolved_on: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint("kind IN ('empty_list', 'fewer_items', 'unreachable')", name="kind"),
        CheckConstraint("status IN ('open', 'resolved')", name="status"),
        Index("ix_site_problem_agency_id_status", "agency_id", "status"),
    )


class AlertJurisdiction(Base):
    """One row per jurisdiction that has had digests composed: when the last one was. Composing takes
    this row's lock first, so two composers of one jurisdiction never put the same finding in two digests."""

    __tablename__ = "alert_jurisdiction"

    jurisdiction: Mapped[str] = mapped_column(String(200), primary_key=True)
    last_composed_at: Mapped[datetime | None] = mapped_column(DateTime)


class AlertDigest(Base):
    """One digest composed for one jurisdiction: what changed since the previous one (``counts`` by kind)."""

    __tablename__ = "alert_digest"

    id: Mapped[int] = mapped_column(primary_key=True)
    jurisdiction: Mapped[str] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer)
    composed_at: Mapped[datetime] = mapped_column(DateTime)
    subject: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    counts: Mapped[dict] = mapped_column(JSON, default=dict)


class FindingNotice(Base):
    """What the 公开办 was last told about a finding: ``open`` (reported, or reminded) or ``resolved``,
    in which digest and when. A finding with no notice has never been reported."""

    __tablename__ = "finding_notice"

    finding_id: Mapped[int] = mapped_column(ForeignKey("finding.id", ondelete="CASCADE"), primary_key=True)
    digest_id: Mapped[int] = mapped_column(ForeignKey("alert_digest.id"))
    notified_status: Mapped[str] = mapped_column(String(16))
    notified_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (CheckConstraint("notified_status IN ('open', 'resolved')", name="notified_status"),)


class AlertOutbox(Base):
    """One message to one recipient on one channel, written with its digest and delivered by the sender.

    ``recipient`` is an email address, or for a robot the *name* of the environment variable or Airflow
    connection holding its webhook URL (``secret_name`` likewise for its signing secret): no URL or
    secret is stored. ``idempotency_key`` goes out with every attempt (email ``Message-ID``, webhook
    header) so a copy resent after a crash is recognisable. ``parts_sent`` counts the numbered parts
    of a long message already accepted."""

    __tablename__ = "alert_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    digest_id: Mapped[int | None] = mapped_column(ForeignKey("alert_digest.id"), index=True)
    jurisdiction: Mapped[str | None] = mapped_column(String(200))
    channel: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(320))
    secret_name: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(128), unique=True)
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    parts_sent: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime)
    in_flight_since: Mapped[datetime | None] = mapped_column(DateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        CheckConstraint("channel IN ('email', 'wecom', 'dingtalk', 'feishu')", name="channel"),
        CheckConstraint("state IN ('pending', 'in_flight', 'delivered', 'failed')", name="state"),
        Index("ix_alert_outbox_state_next_attempt_at", "state", "next_attempt_at"),
    )


class AlertAttempt(Base):
    """One attempt to deliver an outbox row (or one part of it): when, and how it ended and why.
    ``outcome`` NULL is an attempt under way; one found so after a crash becomes ``interrupted``."""

    __tablename__ = "alert_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    outbox_id: Mapped[int] = mapped_column(ForeignKey("alert_outbox.id", ondelete="CASCADE"), index=True)
    part: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("outcome IN ('delivered', 'failed', 'interrupted')", name="outcome"),
    )
