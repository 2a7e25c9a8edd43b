"""A sender SIGKILLed while a digest is in flight: after restart every digest reached its receiver and
none twice, except the one in flight, resent only after the hold and with the same idempotency key."""

from __future__ import annotations

import mailbox
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from nianbao.alerts import deliver
from nianbao.warehouse.schema import AlertAttempt, AlertOutbox
from tests.alerts.conftest import ROBOTS, add_finding, registry_with, write_registry
from tests.alerts.receiver import RobotServer
from tests.alerts.test_compose import TOTAL_ROW


def sender(database_url: str, registry: Path, mail: Path) -> subprocess.Popen:
    environment = {**os.environ, "NIANBAO_DATABASE_URL": database_url, "NIANBAO_SMTP_URL": f"maildir://{mail}"}
    return subprocess.Popen([sys.executable, "-m", "nianbao.commands.cli", "notify", "--registry", str(registry)],
                            env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(process: subprocess.Popen) -> str:
    output, _ = process.communicate(timeout=120)
    assert process.returncode == 0, output
    return output


@pytest.mark.slow
def test_sigkill_in_flight(engine: Engine, database_url: str, agencies, robots: RobotServer,
                           tmp_path: Path) -> None:
    add_finding(engine, agencies["南湖市公安局"], "applications_total_row", "error", TOTAL_ROW)
    registry = write_registry(tmp_path / "registry", registry_with(ROBOTS, emails=False))
    mail = tmp_path / "mail"
    receiver = robots.receiver
    receiver.hang = "dingtalk"

    first = sender(database_url, registry, mail)
    assert receiver.hanging.wait(60), "the DingTalk request never arrived"
    first.send_signal(signal.SIGKILL)
    first.wait(30)
    with engine.connect() as connection:
        states = dict(connection.execute(select(AlertOutbox.channel, AlertOutbox.state)
                                         .where(AlertOutbox.channel != "email")).all())
    assert states == {"wecom": "delivered", "dingtalk": "in_flight", "feishu": "pending"}

    # Restarted within the hold: the rest goes out, the in-flight digest waits.
    output = finish(sender(database_url, registry, mail))
    assert "没有新的变化" in output and "飞书 NH_FEISHU_URL：已送达" in output and "钉钉" not in output
    assert [r.platform for r in receiver.accepted] == ["wecom", "feishu"]

    # After the hold: the in-flight digest is resent once, with the same idempotency key; then nothing.
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(seconds=901)
    assert [(o.channel, o.state) for o in deliver(engine, now=later)] == [("dingtalk", "delivered")]
    assert deliver(engine, now=later + timedelta(days=1)) == []
    received = [(r.platform, r.key) for r in receiver.received]
    assert sorted(p for p, _ in received) == ["dingtalk", "dingtalk", "feishu", "wecom"]
    dingtalk = [key for platform, key in received if platform == "dingtalk"]
    with engine.connect() as connection:
        rows = dict(connection.execute(select(AlertOutbox.channel, AlertOutbox.idempotency_key)).all())
        attempts = connection.execute(select(AlertAttempt.outcome).join(AlertOutbox)
                                      .where(AlertOutbox.channel == "dingtalk").order_by(AlertAttempt.id)).scalars().all()
        states = set(connection.scalars(select(AlertOutbox.state)))
    assert dingtalk == [rows["dingtalk"]] * 2
    assert attempts == ["interrupted", "delivered"] and states == {"delivered"}
    assert sorted(m["To"] for m in mailbox.Maildir(mail, create=False)) == ["gkb@nanhu.example.cn",
                                                                           "zwgk@nanhu.example.cn"]
