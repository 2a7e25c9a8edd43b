"""Long work shows its progress: ``load`` of many files and ``check`` of the warehouse print plain lines
with the count, rate and time left when standard output is not a terminal, and rich's bars on a terminal
(the crawl's lines: ``tests/crawlers/test_cli.py``)."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nianbao.checks.catalogue import rules_for
from tests.expectations.test_seeds import SEEDS
from tests.warehouse.conftest import database_url, engine, migrated, postgresql_url, sqlite_url  # noqa: F401

COMMAND = [sys.executable, "-m", "nianbao.commands.cli"]


def _env(tmp_path: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NIANBAO_")}
    return env | {"NIANBAO_HOME": str(tmp_path / "home"), "NIANBAO_DATABASE_URL": url}


def _counts(stage: str, total: int, out: str) -> list[int]:
    line = rf"^  {stage} (\d+)/{total}，\d+\.\d 项/秒，约剩 \d+ 秒"
    return [int(n) for n in re.findall(line, out, re.MULTILINE)]


@pytest.mark.slow
def test_load_and_check_print_plain_progress(database_url: str, tmp_path: Path) -> None:  # noqa: F811
    env = _env(tmp_path, database_url)
    seeds = sorted(SEEDS.glob("*.txt"))[:3]
    loaded = subprocess.run([*COMMAND, "load", *map(str, seeds)], env=env, cwd=tmp_path, capture_output=True,
                            text=True, timeout=300)
    assert loaded.returncode == 0, loaded.stderr
    assert "解析入库：共 3 项" in loaded.stdout and _counts("解析入库", 3, loaded.stdout) == [1, 2, 3]
    assert loaded.stdout.count("：已入库：") == 3  # each file's outcome on its progress line
    checked = subprocess.run([*COMMAND, "check"], env=env, cwd=tmp_path, capture_output=True, text=True,
                             timeout=300)
    assert checked.returncode == 0, checked.stderr
    total = len(rules_for("year")) + 1  # each rule, then the findings recorded
    assert f"核查：共 {total} 项" in checked.stdout
    assert _counts("核查", total, checked.stdout) == list(range(1, total + 1))


def test_a_terminal_gets_bars(tmp_path: Path) -> None:
    env = _env(tmp_path, f"sqlite:///{tmp_path / 'nianbao.db'}")
    controller, terminal = pty.openpty()
    seed = sorted(SEEDS.glob("*.txt"))[0]
    process = subprocess.Popen([*COMMAND, "load", str(seed)], env=env, cwd=tmp_path, stdin=terminal,
                               stdout=terminal, stderr=terminal)
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        output += chunk
    os.close(controller)
    assert process.wait(timeout=60) == 0
    text = output.decode("utf-8", "replace")
    assert "\x1b[" in text and "解析入库" in text and "1/1" in text  # rich's bar, with its count
    assert "已入库：" in text and not _counts("解析入库", 1, text.replace("\r\n", "\n"))  # no plain lines
