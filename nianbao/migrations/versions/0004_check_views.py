"""The checks' helper view of table 三 rows, as it was then (expectations/views/ holds today's).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

VIEW = """\
-- Table 三 row by row for the checks: every row of the report's layout plus any other row it printed,
-- with `in_layout` (1 when the layout has the row) and `state`: 'ok' (values assigned to columns),
-- 'unreadable' (printed with more or fewer values than the layout has; see row_shape) or 'missing'.
-- No aggregation, so a join on report_id reaches the indexes.
CREATE VIEW v_check_application_row AS
SELECT r.id AS report_id,
       ref.row_key,
       ref.position,
       CASE WHEN (CASE WHEN COALESCE(r.layout, CASE WHEN r.year <= 2020 THEN 'F2019' ELSE 'F2021' END) = 'F2019'
                       THEN ref.in_f2019 ELSE ref.in_f2021 END) THEN 1 ELSE 0 END AS in_layout,
       CASE WHEN EXISTS (SELECT 1 FROM application_cell c WHERE c.report_id = r.id AND c.row_key = ref.row_key)
            THEN 'ok'
            WHEN EXISTS (SELECT 1 FROM row_shape sh WHERE sh.report_id = r.id AND sh.table_key = 'applications'
                           AND sh.row_key = ref.row_key)
            THEN 'unreadable'
            ELSE 'missing' END AS state
FROM report r
CROSS JOIN application_row_ref ref
"""


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_check_application_row")
    op.execute(VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_check_application_row")
