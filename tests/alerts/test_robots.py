"""The 企业微信, 钉钉 and 飞书 robots, posted to a real local HTTP receiver that checks each platform's
message shape and verifies the DingTalk and Feishu signatures as the platforms do; long digests go in
numbered parts within each limit; a 500 or a timeout keeps the message pending until it is delivered
once; a missing setting or a wrong secret is reported, not lost."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, select

from nianbao.alerts import compose, deliver
from nianbao.warehouse.schema import AlertOutbox
from tests.alerts.conftest import ROBOTS, SOURCE_URL, T0, add_finding, registry_with
from tests.alerts.receiver import RobotServer
from tests.alerts.test_compose import TOTAL_ROW


def keys(engine: Engine) -> dict[str, str]:
    with engine.connect() as connection:
        return dict(connection.execute(select(AlertOutbox.channel, AlertOutbox.idempotency_key)).all())


def compose_for_robots(engine: Engine, robots: list[dict]) -> None:  # noqa: F811
    """Compose 南湖市's digest and keep only the robots' rows (the email rows are email's tests' business)."""
    compose(engine, registry=registry_with(robots, emails=False), now=T0)
    with engine.begin() as connection:
        connection.execute(AlertOutbox.__table__.delete().where(AlertOutbox.channel == "email"))


def many_findings(engine: Engine, agency_id: int) -> None:  # noqa: F811
    for n in range(60):
        add_finding(engine, agency_id, "applications_total_column", "error",
                    f"表三第 {n} 行：自然人与各类法人或其他组织相加为 {n + 1}，但「总计」列填报为 {n}。", location=str(n))


@pytest.fixture
def robot_digest(engine: Engine, agencies) -> None:  # noqa: F811
    add_finding(engine, agencies["南湖市公安局"], "applications_total_row", "error", TOTAL_ROW)
    compose_for_robots(engine, ROBOTS)


def test_each_platform_accepts_its_payload(engine: Engine, robot_digest, robots: RobotServer) -> None:
    outcomes = deliver(engine, now=T0)
    assert [(o.channel, o.state) for o in outcomes] == [("wecom", "delivered"), ("dingtalk", "delivered"),
                                                        ("feishu", "delivered")]
    accepted = {r.platform: r for r in robots.receiver.accepted}
    assert len(robots.receiver.received) == 3 and set(accepted) == {"wecom", "dingtalk", "feishu"}
    assert {p: r.key for p, r in accepted.items()} == keys(engine)
    assert TOTAL_ROW in accepted["wecom"].body["markdown"]["content"]
    assert accepted["dingtalk"].body["markdown"]["title"].startswith("【南湖市】")
    assert accepted["dingtalk"].query["access_token"] == "t0ken" and "sign" in accepted["dingtalk"].query
    post = accepted["feishu"].body["content"]["post"]["zh_cn"]
    assert {"tag": "a", "text": SOURCE_URL, "href": SOURCE_URL} in [e for p in post["content"] for e in p]
    assert "sign" in accepted["feishu"].body
    assert deliver(engine, now=T0 + timedelta(days=1)) == []
    assert len(robots.receiver.received) == 3


def test_wrong_secret_is_refused_and_kept(engine: Engine, robot_digest, robots: RobotServer,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NH_DINGTALK_SECRET", "SECwrong")
    monkeypatch.setenv("NH_FEISHU_SECRET", "wrong")
    outcomes = {o.channel: o for o in deliver(engine, now=T0)}
    assert outcomes["dingtalk"].state == "pending" and "310000" in outcomes["dingtalk"].reason
    assert outcomes["feishu"].state == "pending" and "19021" in outcomes["feishu"].reason
    assert [r.platform for r in robots.receiver.accepted] == ["wecom"]


def test_missing_setting_is_named(engine: Engine, robot_digest, robots: RobotServer,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NH_WECOM_URL")
    outcome = deliver(engine, now=T0)[0]
    assert (outcome.channel, outcome.state) == ("wecom", "pending")
    assert "NH_WECOM_URL" in outcome.reason and "环境变量" in outcome.reason


def test_500_then_recovery_delivers_once(engine: Engine, robot_digest, robots: RobotServer) -> None:
    robots.receiver.fail_next = 3
    assert {o.state for o in deliver(engine, now=T0)} == {"pending"}
    assert robots.receiver.accepted == []
    assert deliver(engine, now=T0 + timedelta(seconds=299)) == []
    assert {o.state for o in deliver(engine, now=T0 + timedelta(seconds=300))} == {"delivered"}
    assert deliver(engine, now=T0 + timedelta(days=1)) == []
    assert sorted(r.platform for r in robots.receiver.accepted) == ["dingtalk", "feishu", "wecom"]
    assert len(robots.receiver.received) == 6


def test_timeout_then_recovery_delivers_once(engine: Engine, robot_digest, robots: RobotServer,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_WEBHOOK_TIMEOUT", "0.3")
    robots.receiver.slow_next, robots.receiver.slow_seconds = 1, 1.0
    first = deliver(engine, now=T0)
    assert [o.state for o in first] == ["pending", "delivered", "delivered"]
    assert "Timeout" in first[0].reason
    assert [o.state for o in deliver(engine, now=T0 + timedelta(seconds=300))] == ["delivered"]
    assert sorted(r.platform for r in robots.receiver.accepted) == ["dingtalk", "feishu", "wecom"]


def test_long_digest_goes_in_numbered_parts(engine: Engine, agencies, robots: RobotServer) -> None:
    many_findings(engine, agencies["南湖市公安局"])
    compose_for_robots(engine, ROBOTS)
    assert {o.state for o in deliver(engine, now=T0)} == {"delivered"}
    wecom = [r for r in robots.receiver.accepted if r.platform == "wecom"]
    assert len(wecom) > 1
    contents = [r.body["markdown"]["content"] for r in wecom]
    assert all(len(c.encode()) <= 4096 for c in contents)
    assert [c.splitlines()[0] for c in contents] == [f"（第 {k}/{len(wecom)} 部分）" for k in range(1, len(wecom) + 1)]
    assert [r.key for r in wecom] == [f"{keys(engine)['wecom']}#{k}" for k in range(1, len(wecom) + 1)]
    whole = "".join(c.split("\n", 1)[1] for c in contents)
    assert all(f"表三第 {n} 行" in whole for n in range(60))
    with engine.connect() as connection:
        sent = dict(connection.execute(select(AlertOutbox.channel, AlertOutbox.parts_sent)).all())
    assert sent["wecom"] == len(wecom)


def test_part_failure_resumes_after_the_parts_accepted(engine: Engine, agencies, robots: RobotServer) -> None:
    many_findings(engine, agencies["南湖市公安局"])
    compose_for_robots(engine, [ROBOTS[0]])
    original = robots.receiver.problem
    calls = []

    def refuse_second(platform, body, query):
        calls.append(platform)
        return "busy" if len(calls) == 2 else original(platform, body, query)

    robots.receiver.problem = refuse_second
    assert [o.state for o in deliver(engine, now=T0)] == ["pending"]
    assert [o.state for o in deliver(engine, now=T0 + timedelta(hours=1))] == ["delivered"]
    parts = [r.body["markdown"]["content"].splitlines()[0] for r in robots.receiver.accepted]
    total = len(parts)
    assert parts == [f"（第 {k}/{total} 部分）" for k in range(1, total + 1)]  # each part once, in order
