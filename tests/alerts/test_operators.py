"""Operator alerts (Airflow failure callbacks, site problems) go to NIANBAO_OPERATOR_EMAILS through the
email channel, through the outbox when a warehouse is given; with no operator set they are only logged."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import Engine, select

from nianbao.alerts import alert_operators
from nianbao.warehouse.schema import AlertOutbox
from tests.alerts.smtp_server import SmtpServer


def test_no_operator_configured_is_logged(smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch,
                                          caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.delenv("NIANBAO_OPERATOR_EMAILS", raising=False)
    with caplog.at_level(logging.WARNING, logger="nianbao.alerts.operators"):
        alert_operators("任务失败：crawl", "采集任务失败。")
    assert smtp.messages == [] and "NIANBAO_OPERATOR_EMAILS" in caplog.text


def test_sent_at_once_without_a_warehouse(smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_OPERATOR_EMAILS", "ops1@example.cn, ops2@example.cn")
    alert_operators("任务失败：crawl", "南湖市公安局栏目无法访问。")
    assert [m["To"] for m in smtp.messages] == ["ops1@example.cn", "ops2@example.cn"]
    assert smtp.messages[0].get_content().strip() == "南湖市公安局栏目无法访问。"
    assert smtp.messages[0]["Message-ID"] != smtp.messages[1]["Message-ID"]


def test_unreachable_server_does_not_raise(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("NIANBAO_OPERATOR_EMAILS", "ops@example.cn")
    monkeypatch.setenv("NIANBAO_SMTP_URL", "smtp://127.0.0.1:9?timeout=2")
    with caplog.at_level(logging.ERROR, logger="nianbao.alerts.operators"):
        alert_operators("任务失败：load", "入库失败。")
    assert "ops@example.cn" in caplog.text


def test_through_the_outbox(engine: Engine, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811
    monkeypatch.setenv("NIANBAO_OPERATOR_EMAILS", "ops@example.cn")
    smtp.handler.fail_next = 1
    alert_operators("站点异常：南湖市公安局", "栏目页连续三次没有条目。", engine=engine)
    with engine.connect() as connection:
        row = connection.execute(select(AlertOutbox.jurisdiction, AlertOutbox.recipient, AlertOutbox.state,
                                        AlertOutbox.digest_id)).one()
    assert row == (None, "ops@example.cn", "pending", None)  # 451 first: retried by the next deliver
    assert smtp.messages == []


def test_unusable_warehouse_falls_back_to_direct_mail(smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path) -> None:
    from nianbao.warehouse.db import make_engine

    monkeypatch.setenv("NIANBAO_OPERATOR_EMAILS", "ops@example.cn")
    unmigrated = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    alert_operators("任务失败：check", "核查失败。", engine=unmigrated)
    assert [m["To"] for m in smtp.messages] == ["ops@example.cn"]
