"""``nianbao notify`` on findings the checks produced from a real report (seed 003) and a registry agency
with no report: the digest reaches a real SMTP server with the numbers, the 无法核验 items and the
missing report; run again it sends nothing; ``--status`` shows the outbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from crawlers.registry import Jurisdiction
from nianbao.commands.cli import main
from nianbao.pipeline.load import load_file
from nianbao.warehouse.db import transaction
from nianbao.warehouse.documents import sync_agencies
from tests.alerts.conftest import write_registry
from tests.alerts.smtp_server import SmtpServer
from tests.expectations.conftest import check, docs_dir, validator  # noqa: F401
from tests.expectations.test_seeds import SEEDS

AIMIN = Jurisdiction.model_validate({
    "code": "aimin", "name": "爱民区",
    "office": {"name": "爱民区政务公开办", "alert_recipients": ["gkb@aimin.example.cn"]},
    "agencies": [
        {"code": "am-gov", "name": "爱民区人民政府", "level": "区级", "deadline_kind": "government", "cms": "plain",
         "entry": "http://127.0.0.1:8765/aimin/list.html"},
        {"code": "am-jyj", "name": "爱民区教育局", "level": "区级部门", "deadline_kind": "department", "cms": "plain",
         "entry": "http://127.0.0.1:8765/aimin/jyj/list.html"},
    ]})


@pytest.mark.slow
def test_notify_twice_sends_once(engine: Engine, database_url: str, check, smtp: SmtpServer,  # noqa: F811
                                 tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    with transaction(engine) as session:
        sync_agencies(session, AIMIN.agency_records())
    assert load_file(engine, sorted(SEEDS.glob("003_*.txt"))[0]).outcome == "loaded"
    check(year=2020)
    registry = write_registry(tmp_path / "registry", [AIMIN])
    monkeypatch.setenv("NIANBAO_DATABASE_URL", database_url)

    assert main(["notify", "--registry", str(registry), "--year", "2020"]) == 0
    output = capsys.readouterr().out
    assert "已生成通报" in output and "邮件 gkb@aimin.example.cn：已送达" in output
    assert f"邮件发往：SMTP 服务器 127.0.0.1:{smtp.port}" in output
    [message] = smtp.messages
    text = message.get_body(("plain",)).get_content()
    assert message["Subject"].startswith("【爱民区】2020 年度政府信息公开工作年度报告核查通报：新发现问题")
    assert "各项办理结果（（一）至（六））相加为 3，但「（七）总计」填报为 0" in text
    assert "【无法核验·新发现】按期发布年度报告" in text and "【错误·新发现】按期发布年度报告" not in text
    assert "爱民区人民政府2020年政府信息公开工作年度报告" in text
    missing = text.split("爱民区教育局")[1]
    assert "【错误·新发现】名录内机关按期发布年度报告" in missing and "2020 年度报告尚未找到" in missing

    assert main(["notify", "--registry", str(registry), "--year", "2020"]) == 0
    assert "没有新的变化" in capsys.readouterr().out and len(smtp.messages) == 1

    assert main(["notify", "--status"]) == 0
    status = capsys.readouterr().out
    assert "gkb@aimin.example.cn" in status and "已送达" in status and "合计：已送达 1 条" in status


def test_bad_registry_is_a_clear_error(engine: Engine, database_url: str, tmp_path: Path,  # noqa: F811
                                       monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NIANBAO_DATABASE_URL", database_url)
    (tmp_path / "bad.yaml").write_text("code: x\nname: 某市\noffice: {name: 公开办, alert_recipients: [a@b.cn], "
                                       "robots: [{platform: dingtalk, url: 'https://oapi.dingtalk.com/robot/send'}]}\n"
                                       "agencies: []\n", encoding="utf-8")
    assert main(["notify", "--registry", str(tmp_path / "bad.yaml")]) == 1
    output = capsys.readouterr().out
    assert "通报未能进行" in output and "网址和密钥不得写进登记表" in output
    monkeypatch.setenv("NIANBAO_REGISTRY", str(tmp_path / "bad.yaml"))  # the registry setting, as crawl and run read it
    assert main(["notify"]) == 1
    assert "网址和密钥不得写进登记表" in capsys.readouterr().out
    assert main(["notify", "--status"]) == 0
    assert "发件箱为空" in capsys.readouterr().out


def test_bad_setting_is_a_clear_error(engine: Engine, database_url: str, tmp_path: Path,  # noqa: F811
                                      monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NIANBAO_DATABASE_URL", database_url)
    monkeypatch.setenv("NIANBAO_ALERT_RETRY_SECONDS", "五分钟")
    registry = write_registry(tmp_path / "registry", [AIMIN])
    assert main(["notify", "--registry", str(registry)]) == 1
    assert "环境变量 NIANBAO_ALERT_RETRY_SECONDS 应为数字" in capsys.readouterr().out
