"""Migration 0009 creates exactly the alert tables the models describe, and comes down cleanly; the
registry names robots' URLs and secrets by reference only."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from crawlers.registry import Office
from nianbao.warehouse.migrate import downgrade, upgrade
from nianbao.warehouse.schema import Base

ALERT_TABLES = {"alert_jurisdiction", "alert_digest", "finding_notice", "alert_outbox", "alert_attempt"}


def _alert_object(obj, name, type_, reflected, compare_to) -> bool:
    """Compare only the alert tables and what belongs to them (alembic's ``include_object`` hook)."""
    table = name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table in ALERT_TABLES


def test_migration_matches_models(engine: Engine) -> None:  # noqa: F811
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "include_object": _alert_object})
        assert compare_metadata(context, Base.metadata) == []
    assert set(inspect(engine).get_table_names()) >= ALERT_TABLES


def test_downgrade_and_upgrade(engine: Engine) -> None:  # noqa: F811
    downgrade(engine, "0008")
    assert not ALERT_TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= ALERT_TABLES


def test_robots_by_reference_only() -> None:
    office = Office.model_validate({"name": "公开办", "alert_recipients": ["a@b.cn"],
                                    "robots": [{"platform": "feishu", "url": "NH_FEISHU_URL", "secret": "NH_FEISHU_SECRET"}]})
    assert office.robots[0].url == "NH_FEISHU_URL"
    for bad in ({"platform": "feishu", "url": "https://open.feishu.cn/open-apis/bot/v2/hook/x"},
                {"platform": "dingtalk", "url": "NH_URL", "secret": "SEC0123456789abcdef/="},
                {"platform": "slack", "url": "NH_URL"}):
        with pytest.raises(ValueError):
            Office.model_validate({"name": "公开办", "alert_recipients": ["a@b.cn"], "robots": [bad]})
