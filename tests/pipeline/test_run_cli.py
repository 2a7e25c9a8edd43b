"""``nianbao run``: crawl, load what the crawl collected, check — one command, idempotent, honest exit status."""

from __future__ import annotations

import json
import mailbox
import re
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crawlers.registry import DEFAULT_REGISTRY, load_registry
from nianbao.commands.cli import main
from nianbao.warehouse.db import make_engine
from nianbao.warehouse.schema import Finding, Report
from tests.pipeline.conftest import YEAR, FixtureSite
from tests.support.fixture_site.serve import FixtureServer

CODES = {a.code for j in load_registry(DEFAULT_REGISTRY) for a in j.agencies}


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, database_url: str, tmp_path: Path) -> Path:
    monkeypatch.setenv("NIANBAO_DATABASE_URL", database_url)
    monkeypatch.setenv("NIANBAO_RAW_STORE", str(tmp_path / "raw"))
    monkeypatch.setenv("NIANBAO_DOCS", str(tmp_path / "docs"))
    monkeypatch.setenv("NIANBAO_SMTP_URL", f"maildir://{tmp_path / 'mailbox'}")
    return tmp_path


def _counts(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    with engine.connect() as connection:
        counts = (connection.scalar(select(func.count()).select_from(Report)),
                  connection.scalar(select(func.count()).select_from(Finding)))
    engine.dispose()
    return counts


def _run(capsys: pytest.CaptureFixture, served: FixtureServer) -> tuple[int, str]:
    code = main(["run", "--year", str(YEAR), "--fast", "--base-url", served.base_url])
    return code, capsys.readouterr().out


@pytest.mark.slow
def test_run_collects_the_site_once(environment: Path, served: FixtureServer, fixture_site: FixtureSite,
                                    database_url: str, capsys: pytest.CaptureFixture) -> None:
    expected = [d for d in fixture_site.truth["documents"] if d["year"] == YEAR and d["agency"] in CODES]
    code, out = _run(capsys, served)
    assert code == 0, out
    assert f"新入库 {len(expected)} 份，未变化 0 份，失败 0 份" in out
    assert "告警：新编写通报 1 份；发送成功 1 条，待重试 0 条，放弃 0 条；邮件发往 本地邮箱目录" in out  # 西山县's office
    assert out.strip().endswith("运行完成。")
    assert len(list(mailbox.Maildir(environment / "mailbox", create=False))) == 1
    first = _counts(database_url)
    assert first == (len(expected), len(fixture_site.truth["not_found"]))

    code, out = _run(capsys, served)
    assert code == 0, out
    assert re.search(r"收集报告 \d+ 份，待入库 0 份", out) and "新入库 0 份" in out
    assert "告警：新编写通报 0 份；发送成功 0 条" in out
    assert _counts(database_url) == first


def test_run_exits_non_zero_naming_the_stage_that_failed(environment: Path, served: FixtureServer,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture) -> None:
    blocker = environment / "not-a-folder"
    blocker.write_text("a file where the Data Docs folder should be", encoding="utf-8")
    monkeypatch.setenv("NIANBAO_DOCS", str(blocker))
    code = main(["run", "--year", str(YEAR), "--fast", "--base-url", served.base_url, "--jurisdiction", "xishan"])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "未完成：核查：" in out and "运行未全部完成：1 个步骤出错。" in out


def test_run_refuses_fast_mode_off_loopback(environment: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    registry = tmp_path / "remote.yaml"
    registry.write_text(json.dumps({
        "code": "remote", "name": "远方市", "office": {"name": "远方市政务公开办", "alert_recipients": ["a@b.cn"]},
        "agencies": [{"code": "rf-gov", "name": "远方市人民政府", "level": "市级", "deadline_kind": "government",
                      "cms": "plain", "entry": "http://192.0.2.1/nb/list.html"}]}, ensure_ascii=False),
        encoding="utf-8")
    code = main(["run", "--year", str(YEAR), "--fast", "--registry", str(registry)])
    assert code == 2
    assert "只能用于本机" in capsys.readouterr().out
