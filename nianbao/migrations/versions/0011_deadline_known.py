"""Agencies outside the registry whose name does not say whether they are a government or a department:
``agency.deadline_known`` false (the later deadline, 31 March, applies to them; publication between the two
deadlines is unverifiable). Agencies already added from a document's name are read again, inline: a
government is also a 行政公署 or the 管理委员会 of a 新区, 实验区 or 开发区 (spec §1).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_GOVERNMENT = re.compile(r"(?:人民政府|行政公署|(?:新区|实验区|试验区|开发区)(?:管理委员会|管委会))$")
_UNCERTAIN = re.compile(r"(?:管理委员会|管委会)$")
_DEPARTMENT = re.compile(r"(?:局|厅|委员会|委|办公室|办|办事处|中心|院|署|处|所|站|队|馆|会)$")


def _kind(name: str) -> str | None:
    if _GOVERNMENT.search(name):
        return "government"
    if _UNCERTAIN.search(name):
        return None
    return "department" if _DEPARTMENT.search(name) else None


def upgrade() -> None:
    op.add_column("agency", sa.Column("deadline_known", sa.Boolean(), server_default=sa.true(), nullable=False))
    agency = sa.table("agency", sa.column("id", sa.Integer), sa.column("name", sa.String),
                      sa.column("in_registry", sa.Boolean), sa.column("deadline_kind", sa.String),
                      sa.column("deadline_known", sa.Boolean))
    bind = op.get_bind()
    for row in bind.execute(sa.select(agency.c.id, agency.c.name).where(agency.c.in_registry.is_(False))).all():
        kind = _kind(row.name)
        bind.execute(agency.update().where(agency.c.id == row.id)
                     .values(deadline_kind=kind or "government", deadline_known=kind is not None))


def downgrade() -> None:
    op.execute("ALTER TABLE agency DROP COLUMN deadline_known")
