"""What scripts and staff see of the command line itself: the Chinese help without a sub-command, the
exit statuses in every ``--help``, folders read for report formats only, and ``check --fail-on``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nianbao.checks.catalogue import fails
from nianbao.commands.cli import COMMANDS, build_parser, main
from nianbao.commands.exits import EXIT_CODES
from nianbao.files import select_reports

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


def nianbao(*args: str | Path, cwd: Path = REPO, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nianbao.commands.cli", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=cwd, timeout=300, env=env)


def test_no_sub_command_prints_the_chinese_help_with_status_2() -> None:
    result = nianbao()
    assert result.returncode == 2
    assert result.stdout.startswith("用法：nianbao") and "parse" in result.stdout and "显示本帮助并退出" in result.stdout
    assert "error" not in result.stdout + result.stderr and "required" not in result.stdout + result.stderr


def test_argument_errors_read_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["parse"])
    assert exit_info.value.code == 2
    assert "nianbao parse：错误：缺少必需的参数：文件或目录" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["check", "--fail-on", "often"])
    assert "参数 --fail-on 的取值 'often' 无效" in capsys.readouterr().err
    assert main(["db"]) == 2 and "upgrade" in capsys.readouterr().out


def test_every_command_documents_its_exit_statuses() -> None:
    parsers = build_parser()._subparsers._group_actions[0].choices
    assert set(COMMANDS) <= set(EXIT_CODES)
    for name in COMMANDS:
        text = parsers[name].format_help()
        assert "退出状态：" in text and "0  " in text and "2  " in text, name


def test_folders_are_read_for_report_formats_only(tmp_path: Path) -> None:
    seed = sorted(SEEDS.glob("003_*.txt"))[0]
    folder = tmp_path / "收到的文件"
    (folder / "附件").mkdir(parents=True)
    (folder / "报告.TXT").write_bytes(seed.read_bytes())
    (folder / "附件" / "统计表.xlsx").write_bytes(b"PK\x03\x04 not a report")
    (folder / "附件" / "说明.zip").write_bytes(b"PK\x05\x06")
    (folder / ".隐藏.txt").write_text("x")
    loose = tmp_path / "named.dat"
    loose.write_bytes(seed.read_bytes())
    selection = select_reports([folder, loose])
    assert [p.name for p in selection.files] == ["报告.TXT", "named.dat"]
    assert sorted(p.name for p in selection.skipped) == ["统计表.xlsx", "说明.zip"]
    scans = tmp_path / "扫描件"
    scans.mkdir()
    (scans / "第1页.JPG").write_bytes(b"\xff\xd8\xff")  # scans are reports now that OCR reads them
    assert [p.name for p in select_reports([scans]).files] == ["第1页.JPG"]
    result = nianbao("parse", folder)
    assert result.returncode == 0, result.stderr
    assert "已跳过目录中 2 个非报告格式的文件（.xlsx、.zip）" in result.stdout
    assert "共 1 份，成功 1 份，失败 0 份。" in result.stdout
    as_json = nianbao("parse", "--json", folder)
    assert len(as_json.stdout.splitlines()) == 1 and "已跳过目录中 2 个" in as_json.stderr


def test_fail_on_levels() -> None:
    assert not fails(["error", "warning"], None)
    assert fails(["warning", "error"], "error") and not fails(["warning", "unverifiable"], "error")
    assert fails(["warning"], "warning") and not fails(["unverifiable"], "warning")


@pytest.mark.slow
def test_check_fail_on_error_exits_3_and_speaks_the_severity_words(tmp_path: Path) -> None:
    seed = sorted(SEEDS.glob("001_*.txt"))[0]  # lacks part 四 and table 四: errors and unverifiable checks
    env = {**os.environ, "NIANBAO_HOME": str(tmp_path / "home")}
    result = nianbao("check", seed, "--fail-on", "error", cwd=tmp_path, env=env)
    assert result.returncode == 3, result.stderr
    # the documents' own Data Docs, never the warehouse's
    assert (tmp_path / "home" / "file_checks" / "data_docs" / "index.html").is_file()
    assert not (tmp_path / "home" / "data_docs").exists() and not (tmp_path / "home" / "nianbao.db").exists()
    assert "[错误] sections_present" in result.stdout and "[无法核验] review_litigation_totals：无法核验「" in result.stdout
    assert "提示" not in result.stdout and "无法核对" not in result.stdout
