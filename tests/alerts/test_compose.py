"""Composing digests from findings written directly: what is new, overdue past the grace period or
resolved, grouped by agency and most severe first, written with its outbox rows and notices at once;
nothing new, nothing written."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select

from nianbao.alerts import compose
from nianbao.checks.catalogue import RULES_BY_ID
from nianbao.warehouse.schema import AlertDigest, AlertOutbox, FindingNotice
from tests.alerts.conftest import SOURCE_URL, T0, add_finding, resolve_finding

TOTAL_ROW = "表三（收到和处理政府信息公开申请情况）「（七）总计」行「总计」列：各项办理结果（（一）至（六））相加为 3，但「（七）总计」填报为 0。"


def seed(engine: Engine, agencies: dict[str, int]) -> dict[str, int]:
    police, ecology = agencies["南湖市公安局"], agencies["南湖市生态环境局"]
    return {
        "period": add_finding(engine, police, "full_year_period", "warning",
                              "报告所述统计期限为 2024-03-01 至 2024-12-31（「自3月1日起」），应为 2024-01-01 至 2024-12-31。"),
        "total": add_finding(engine, police, "applications_total_row", "error", TOTAL_ROW, location="（七）总计·总计",
                             expected="3", actual="0"),
        "date": add_finding(engine, police, "published_on_time", "unverifiable", "无法核对「按期发布年度报告」：发布日期。"),
        "missing": add_finding(engine, ecology, "report_missing", "error",
                               "截至 2026-12-01 未见本机关该年度的政府信息公开工作年度报告（发布期限为 2025-01-31）。",
                               expected="2025-01-31", actual="2026-12-01", with_report=False),
        "east": add_finding(engine, agencies["东江市财政局"], "report_missing", "error",
                            "截至 2026-12-01 未见本机关该年度的政府信息公开工作年度报告（发布期限为 2025-01-31）。",
                            with_report=False),
    }


def outbox(engine: Engine) -> list[tuple]:
    with engine.connect() as connection:
        return connection.execute(select(AlertOutbox.jurisdiction, AlertOutbox.channel, AlertOutbox.recipient,
                                         AlertOutbox.state, AlertOutbox.body, AlertOutbox.html)
                                  .order_by(AlertOutbox.id)).all()


def test_new_findings_make_one_digest_per_jurisdiction(engine: Engine, registry, agencies) -> None:
    ids = seed(engine, agencies)
    digests = compose(engine, registry=registry, now=T0)
    assert [(d.jurisdiction, d.messages) for d in digests] == [
        ("南湖市", (("email", "gkb@nanhu.example.cn"), ("email", "zwgk@nanhu.example.cn"))),
        ("东江市", (("email", "gkb@dongjiang.example.cn"),)),
    ]
    nanhu = digests[0]
    assert nanhu.counts == {"agencies": 2, "new": 3, "overdue": 0, "resolved": 0, "unverifiable": 1, "missing": 1}
    assert nanhu.subject == "【南湖市】政府信息公开工作年度报告核查通报：新发现问题 3 项，无法核验 1 项"
    rows = outbox(engine)
    assert [r[:4] for r in rows] == [("南湖市", "email", "gkb@nanhu.example.cn", "pending"),
                                     ("南湖市", "email", "zwgk@nanhu.example.cn", "pending"),
                                     ("东江市", "email", "gkb@dongjiang.example.cn", "pending")]
    text, html = rows[0][4], rows[0][5]
    # Agencies by their most severe item, then items error → warning → unverifiable.
    police, ecology = text.index("1. 南湖市公安局"), text.index("2. 南湖市生态环境局")
    total, period, date = text.index(TOTAL_ROW), text.index("统计期限为 2024-03-01"), text.index("无法核对「按期发布")
    assert police < total < period < date < ecology
    # The rule's sentence and what to do come from the catalogue; the report's title, date and link.
    rule = RULES_BY_ID["applications_total_row"]
    assert f"【错误·新发现】{rule.title}" in text and f"处理：{rule.advice}" in text
    assert "报告：《南湖市公安局2024年政府信息公开工作年度报告》，发布日期 2025-01-20" in text
    assert f"来源：{SOURCE_URL}" in text and f'<a href="{SOURCE_URL}">' in html
    # Unverifiable is said to be so, not called an error.
    assert "【无法核验·新发现】按期发布年度报告" in text and "无法核验不等于报告有错" in text
    assert "【错误·新发现】按期发布年度报告" not in text
    assert "2024 年度报告尚未找到" in text.split("2. 南湖市生态环境局")[1]
    with engine.connect() as connection:
        notices = dict(connection.execute(select(FindingNotice.finding_id, FindingNotice.notified_status)).all())
    assert notices == dict.fromkeys(ids.values(), "open")


def test_nothing_new_writes_nothing(engine: Engine, registry, agencies) -> None:
    seed(engine, agencies)
    assert len(compose(engine, registry=registry, now=T0)) == 2
    assert compose(engine, registry=registry, now=T0 + timedelta(days=1)) == []
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(AlertDigest)) == 2
        assert connection.scalar(select(func.count()).select_from(AlertOutbox)) == 3


def test_open_past_grace_period_is_reminded_once_per_period(engine: Engine, registry, agencies,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_ALERT_GRACE_DAYS", "10")
    add_finding(engine, agencies["南湖市公安局"], "applications_total_row", "error", TOTAL_ROW)
    compose(engine, registry=registry, now=T0)
    assert compose(engine, registry=registry, now=T0 + timedelta(days=9, hours=23)) == []
    [reminder] = compose(engine, registry=registry, now=T0 + timedelta(days=10))
    assert reminder.counts["overdue"] == 1 and reminder.counts["new"] == 0
    assert "逾期未整改 1 项" in reminder.subject
    assert "【错误·发现已 10 天，仍未整改】" in outbox(engine)[-1][4]
    assert compose(engine, registry=registry, now=T0 + timedelta(days=15)) == []
    assert len(compose(engine, registry=registry, now=T0 + timedelta(days=20))) == 1


def test_resolved_findings_are_reported_once(engine: Engine, registry, agencies) -> None:
    finding = add_finding(engine, agencies["南湖市公安局"], "applications_total_row", "error", TOTAL_ROW)
    compose(engine, registry=registry, now=T0)
    resolve_finding(engine, finding, T0 + timedelta(days=2))
    [digest] = compose(engine, registry=registry, now=T0 + timedelta(days=3))
    assert digest.counts["resolved"] == 1 and "已整改 1 项" in digest.subject
    assert "【错误·已整改】" in outbox(engine)[-1][4] and "处理：" not in outbox(engine)[-1][4]
    assert compose(engine, registry=registry, now=T0 + timedelta(days=30)) == []


def test_finding_opened_and_resolved_between_digests_is_not_reported(engine: Engine, registry, agencies) -> None:
    finding = add_finding(engine, agencies["南湖市公安局"], "applications_total_row", "error", TOTAL_ROW)
    resolve_finding(engine, finding, T0)
    assert compose(engine, registry=registry, now=T0) == []


def test_year_and_jurisdiction_narrow_the_digest(engine: Engine, registry, agencies) -> None:
    police = agencies["南湖市公安局"]
    add_finding(engine, police, "applications_total_row", "error", TOTAL_ROW, year=2023, with_report=False)
    add_finding(engine, police, "applications_total_row", "error", TOTAL_ROW, year=2024)
    add_finding(engine, agencies["东江市财政局"], "report_missing", "error", "未见报告。", with_report=False)
    [digest] = compose(engine, registry=registry, year=2024, jurisdiction="nanhu", now=T0)
    assert digest.jurisdiction == "南湖市" and digest.counts["new"] == 1 and "2024 年度" in digest.subject
    [east] = compose(engine, registry=registry, jurisdiction="东江市", now=T0)
    assert east.jurisdiction == "东江市"
    [later] = compose(engine, registry=registry, now=T0)
    assert later.jurisdiction == "南湖市" and later.counts["new"] == 1  # the 2023 finding


def test_robots_get_their_own_rows_by_reference(engine: Engine, agencies) -> None:
    from tests.alerts.conftest import ROBOTS, registry_with

    add_finding(engine, agencies["南湖市公安局"], "applications_total_row", "error", TOTAL_ROW)
    compose(engine, registry=registry_with(ROBOTS), jurisdiction="nanhu", now=T0)
    with engine.connect() as connection:
        rows = connection.execute(select(AlertOutbox.channel, AlertOutbox.recipient, AlertOutbox.secret_name,
                                         AlertOutbox.body, AlertOutbox.html, AlertOutbox.idempotency_key)
                                  .order_by(AlertOutbox.id)).all()
    assert [r[:3] for r in rows] == [("email", "gkb@nanhu.example.cn", None), ("email", "zwgk@nanhu.example.cn", None),
                                     ("wecom", "NH_WECOM_URL", None), ("dingtalk", "NH_DINGTALK_URL", "NH_DINGTALK_SECRET"),
                                     ("feishu", "NH_FEISHU_URL", "NH_FEISHU_SECRET")]
    assert rows[2][3].startswith("### 【南湖市】") and f"[原文链接]({SOURCE_URL})" in rows[2][3]
    assert rows[4][3] == rows[0][3] and rows[2][4] is None  # Feishu posts are built from the plain text
    assert len({r[5] for r in rows}) == 5


def test_two_composers_at_once_write_one_digest(engine: Engine, registry, agencies) -> None:
    from concurrent.futures import ThreadPoolExecutor

    seed(engine, agencies)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: compose(engine, registry=registry, now=T0), range(4)))
    assert sorted(d.jurisdiction for r in results for d in r) == ["东江市", "南湖市"]
    assert len(outbox(engine)) == 3
