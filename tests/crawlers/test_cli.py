"""``nianbao crawl``: progress lines, the closing per-agency summary, and refusals in Chinese.

The command runs in this process (``nianbao.commands.cli.main``); the crawl itself still runs in its own
``scrapy crawl`` subprocess.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from crawlers.registry import DEFAULT_REGISTRY, load_registry
from nianbao.commands.cli import main
from tests.crawlers.conftest import YEAR, Crawler, FixtureSite


def nianbao(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def test_cli_crawl_prints_progress_and_a_summary_per_agency(
        crawler: Crawler, fixture_site: FixtureSite, database_url: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NIANBAO_DATABASE_URL", database_url)
    monkeypatch.delenv("NIANBAO_RAW_STORE", raising=False)
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "var"))
    (jurisdiction,) = load_registry(DEFAULT_REGISTRY, jurisdiction="xishan")
    code, out = nianbao(capsys, "crawl", "--year", str(YEAR), "--jurisdiction", "xishan",
                        "--base-url", crawler.server.base_url, "--fast")
    assert code == 0, out
    assert f"开始采集 {YEAR} 年度报告：1 个辖区，{len(jurisdiction.agencies)} 个机构" in out
    expected = fixture_site.documents({a.code for a in jurisdiction.agencies})
    assert out.count("新报告：") == len(expected)
    # not a terminal: one plain progress line per event, counted, with the rate (no total, so no time left)
    counts = [int(n) for n in re.findall(r"^  采集 第 (\d+) 项，\d+\.\d 项/秒：\[", out, re.MULTILINE)]
    assert "采集：开始" in out and counts == list(range(1, len(counts) + 1)) and len(counts) >= len(expected)
    for agency in jurisdiction.agencies:
        documents = [d for (code, _), d in expected.items() if code == agency.code]
        failures = fixture_site.failures({agency.code})
        found = len(documents) + sum(f["kind"] != "list" for f in failures)
        who = f"{jurisdiction.name} {agency.name}（{agency.code}）："
        if agency.code in fixture_site.truth["not_found"]:
            assert f"{who}未找到 {YEAR} 年度报告" in out
        else:
            assert f"{who}找到 {found} 份，新 {len(documents)}，文件变化 0，未变化 0，失败 {len(failures)}" in out
        for document in documents:
            assert f"[{agency.name}] 新报告：{document['title']}" in out
    assert f"合计 {len(jurisdiction.agencies)} 个机构" in out
    stored = [path for path in (tmp_path / "var" / "raw").rglob("*") if path.is_file()]
    assert len(stored) == len(expected)  # the default raw store is raw/ in NIANBAO_HOME


def test_cli_crawl_refusals(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch,
                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("NIANBAO_DATABASE_URL", database_url)
    remote = tmp_path / "remote.yaml"
    remote.write_text(yaml.safe_dump({
        "code": "remote", "name": "远方县",
        "office": {"name": "远方县公开办", "alert_recipients": ["gkb@remote.example.cn"]},
        "agencies": [{"code": "r-gov", "name": "远方县人民政府", "level": "县级", "deadline_kind": "government",
                      "cms": "plain", "entry": "http://gov.remote.example.cn/nb/list.html"}],
    }, allow_unicode=True), encoding="utf-8")
    code, out = nianbao(capsys, "crawl", "--year", "2024", "--registry", str(remote), "--fast")
    assert code == 1 and "采集未能进行：--fast 会关闭限速，只能用于本机" in out

    remote.write_text("code: remote\nname: 远方县\n", encoding="utf-8")
    code, out = nianbao(capsys, "crawl", "--year", "2024", "--registry", str(remote))
    assert code == 1 and "采集未能进行：登记表" in out and "缺少必填项" in out
