"""Email to a real SMTP server (aiosmtpd): the digest arrives with its subject, recipients, both MIME
parts in Chinese and a Message-ID that is the outbox row's idempotency key; a 451 keeps it pending and
it is retried after the backoff and delivered once; a 5xx refusal or the last attempt gives up."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from nianbao.alerts import compose, deliver
from nianbao.warehouse.schema import AlertAttempt, AlertOutbox
from tests.alerts.conftest import T0, add_finding
from tests.alerts.smtp_server import SmtpServer
from tests.alerts.test_compose import TOTAL_ROW


def rows(engine: Engine) -> list[tuple]:
    with engine.connect() as connection:
        return connection.execute(select(AlertOutbox.recipient, AlertOutbox.state, AlertOutbox.attempts,
                                         AlertOutbox.next_attempt_at, AlertOutbox.last_error,
                                         AlertOutbox.idempotency_key).order_by(AlertOutbox.id)).all()


@pytest.fixture
def nanhu_digest(engine: Engine, registry, agencies) -> None:  # noqa: F811
    add_finding(engine, agencies["南湖市公安局"], "applications_total_row", "error", TOTAL_ROW)
    add_finding(engine, agencies["南湖市公安局"], "published_on_time", "unverifiable", "无法核对「按期发布年度报告」：发布日期。")
    compose(engine, registry=registry, jurisdiction="nanhu", now=T0)


def test_digest_email_arrives_whole(engine: Engine, nanhu_digest, smtp: SmtpServer) -> None:
    outcomes = deliver(engine, now=T0)
    assert [(o.recipient, o.state) for o in outcomes] == [("gkb@nanhu.example.cn", "delivered"),
                                                          ("zwgk@nanhu.example.cn", "delivered")]
    assert smtp.handler.envelopes == [("nianbao@gkb.example.cn", ["gkb@nanhu.example.cn"]),
                                      ("nianbao@gkb.example.cn", ["zwgk@nanhu.example.cn"])]
    keys = [r[5] for r in rows(engine)]
    for message, key, recipient in zip(smtp.messages, keys, ("gkb@nanhu.example.cn", "zwgk@nanhu.example.cn"),
                                       strict=True):
        assert message["Subject"] == "【南湖市】政府信息公开工作年度报告核查通报：新发现问题 1 项，无法核验 1 项"
        assert message["To"] == recipient and message["From"] == "nianbao@gkb.example.cn"
        assert message["Message-ID"] == f"<{key}@nianbao>"
        assert message.get_content_type() == "multipart/alternative"
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert TOTAL_ROW in text and TOTAL_ROW in html and "南湖市政务公开办：" in text
        assert "<h2" in html and "【无法核验·新发现】</strong>按期发布年度报告" in html
    assert [r[1] for r in rows(engine)] == ["delivered", "delivered"]
    assert deliver(engine, now=T0 + timedelta(days=1)) == []
    assert len(smtp.messages) == 2


def test_451_stays_pending_then_is_delivered_once(engine: Engine, nanhu_digest, smtp: SmtpServer) -> None:
    smtp.handler.fail_next = 2
    outcomes = deliver(engine, now=T0)
    assert [o.state for o in outcomes] == ["pending", "pending"]
    assert "451" in outcomes[0].reason
    assert [(r[1], r[2], r[3]) for r in rows(engine)] == [("pending", 1, T0 + timedelta(seconds=300))] * 2
    assert deliver(engine, now=T0 + timedelta(seconds=299)) == []  # backing off
    assert [o.state for o in deliver(engine, now=T0 + timedelta(seconds=300))] == ["delivered", "delivered"]
    assert deliver(engine, now=T0 + timedelta(days=2)) == []
    assert sorted(m["To"] for m in smtp.messages) == ["gkb@nanhu.example.cn", "zwgk@nanhu.example.cn"]
    with engine.connect() as connection:
        attempts = connection.execute(select(AlertAttempt.outcome, AlertAttempt.reason)
                                      .order_by(AlertAttempt.id)).all()
    assert [a[0] for a in attempts] == ["failed", "failed", "delivered", "delivered"]
    assert "451" in attempts[0][1]


def test_backoff_doubles_and_gives_up(engine: Engine, nanhu_digest, smtp: SmtpServer) -> None:
    smtp.handler.fail_next = 100
    moment = T0
    for attempt, delay in enumerate((300, 600), start=1):
        deliver(engine, max_attempts=3, now=moment)
        [first, _] = rows(engine)
        assert (first[1], first[2], first[3]) == ("pending", attempt, moment + timedelta(seconds=delay))
        moment = first[3]
    outcomes = deliver(engine, max_attempts=3, now=moment)
    assert {o.state for o in outcomes} == {"failed"}
    assert {(r[1], r[2]) for r in rows(engine)} == {("failed", 3)}
    assert deliver(engine, max_attempts=3, now=moment + timedelta(days=30)) == []
    assert smtp.messages == []


def test_permanent_refusal_gives_up_at_once(engine: Engine, nanhu_digest, smtp: SmtpServer) -> None:
    smtp.handler.fail_next, smtp.handler.fail_reply = 1, "554 5.7.1 Message rejected"
    outcomes = deliver(engine, now=T0)
    assert [o.state for o in outcomes] == ["failed", "delivered"]
    assert "554" in rows(engine)[0][4]


@pytest.mark.parametrize("tls", ["starttls", "ssl"])
def test_tls_and_login(engine: Engine, nanhu_digest, tls: str, tmp_path: Path,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    with SmtpServer(tls=tls, login=("gkb", "p@ss/word"), folder=tmp_path) as server:
        url = server.url.replace("p@ss/word", "p%40ss%2Fword")
        monkeypatch.setenv("NIANBAO_SMTP_URL", url)
        assert [o.state for o in deliver(engine, now=T0)] == ["delivered", "delivered"]
    assert server.handler.logins == ["gkb", "gkb"] and len(server.messages) == 2


def test_wrong_password_is_not_delivered(engine: Engine, nanhu_digest, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    with SmtpServer(tls="starttls", login=("gkb", "right"), folder=tmp_path) as server:
        monkeypatch.setenv("NIANBAO_SMTP_URL", server.url.replace(":right@", ":wrong@"))
        outcomes = deliver(engine, now=T0)
    assert {o.state for o in outcomes} == {"failed"} and "535" in outcomes[0].reason
    assert server.messages == []


def test_maildir(engine: Engine, nanhu_digest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import email.policy
    import mailbox

    monkeypatch.setenv("NIANBAO_SMTP_URL", f"maildir://{tmp_path / 'mail'}")
    assert [o.state for o in deliver(engine, now=T0)] == ["delivered", "delivered"]
    box = mailbox.Maildir(tmp_path / "mail", factory=None, create=False)
    messages = [email.message_from_bytes(box.get_bytes(k), policy=email.policy.default) for k in box.iterkeys()]
    assert sorted(m["To"] for m in messages) == ["gkb@nanhu.example.cn", "zwgk@nanhu.example.cn"]
    assert all(TOTAL_ROW in m.get_body(("plain",)).get_content() for m in messages)


def test_no_mail_server_configured_keeps_it_pending(engine: Engine, nanhu_digest,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NIANBAO_SMTP_URL", raising=False)
    outcomes = deliver(engine, now=T0)
    assert {o.state for o in outcomes} == {"pending"} and "NIANBAO_SMTP_URL" in outcomes[0].reason


@pytest.mark.slow
def test_airflow_smtp_default_connection(engine: Engine, nanhu_digest, smtp: SmtpServer,
                                         monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Inside Airflow the ``smtp_default`` connection wins over NIANBAO_SMTP_URL (here pointing nowhere)."""
    monkeypatch.setenv("NIANBAO_SMTP_URL", "smtp://127.0.0.1:9")
    monkeypatch.delenv("NIANBAO_MAIL_FROM")
    monkeypatch.setenv("AIRFLOW_HOME", str(tmp_path / "airflow"))
    monkeypatch.setenv("AIRFLOW_CONN_SMTP_DEFAULT",
                       f"smtp://127.0.0.1:{smtp.port}?disable_ssl=true&disable_tls=true&from_email=airflow%40gkb.example.cn")
    assert [o.state for o in deliver(engine, now=T0)] == ["delivered", "delivered"]
    assert smtp.handler.envelopes[0][0] == "airflow@gkb.example.cn"


def test_copy_after_a_crash_carries_the_same_message_id(engine: Engine, nanhu_digest, smtp: SmtpServer) -> None:
    """The row as a sender killed after the server's 250 leaves it: in flight, its attempt unfinished."""
    from sqlalchemy import update

    assert [o.state for o in deliver(engine, now=T0)] == ["delivered", "delivered"]
    with engine.begin() as connection:
        first = connection.scalar(select(AlertOutbox.id).order_by(AlertOutbox.id))
        connection.execute(update(AlertOutbox).where(AlertOutbox.id == first)
                           .values(state="in_flight", in_flight_since=T0, delivered_at=None, parts_sent=0))
        connection.execute(update(AlertAttempt).where(AlertAttempt.outbox_id == first)
                           .values(outcome=None, finished_at=None))
    assert deliver(engine, now=T0 + timedelta(seconds=899)) == []  # within the hold
    assert [o.state for o in deliver(engine, now=T0 + timedelta(seconds=900))] == ["delivered"]
    copies = [m for m in smtp.messages if m["To"] == "gkb@nanhu.example.cn"]
    assert len(copies) == 2 and copies[0]["Message-ID"] == copies[1]["Message-ID"] == f"<{rows(engine)[0][5]}@nianbao>"
    assert len(smtp.messages) == 3
