"""``report.content_sha256``: the fingerprint of a report's parsed content (the canonical model with sorted
keys, without its source file's metadata), so that a document saved again with other bytes but the same
content is no new version. Reports already loaded get it from their ``canonical_json``, computed inline.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

BATCH = 500


def _fingerprint(canonical_json: str) -> str:
    content = json.loads(canonical_json)
    content.pop("source", None)
    content.pop("findings", None)
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def upgrade() -> None:
    op.add_column("report", sa.Column("content_sha256", sa.String(length=64), nullable=True))
    report = sa.table("report", sa.column("id", sa.Integer), sa.column("canonical_json", sa.Text),
                      sa.column("content_sha256", sa.String))
    bind = op.get_bind()
    last = 0
    while True:
        rows = bind.execute(sa.select(report.c.id, report.c.canonical_json).where(report.c.id > last)
                            .order_by(report.c.id).limit(BATCH)).all()
        if not rows:
            break
        for row in rows:
            bind.execute(report.update().where(report.c.id == row.id)
                         .values(content_sha256=_fingerprint(row.canonical_json)))
        last = rows[-1].id


def downgrade() -> None:
    op.execute("ALTER TABLE report DROP COLUMN content_sha256")
