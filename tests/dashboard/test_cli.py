"""``nianbao dashboard`` writes the site from the configured warehouse and says where, in Chinese."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.dashboard.conftest import DISTRICT

NIANBAO = Path(sys.executable).parent / "nianbao"


def test_dashboard_command(site: Path, database_url: str, tmp_path: Path) -> None:
    out = tmp_path / "看板"
    result = subprocess.run([str(NIANBAO), "dashboard", "--out", str(out), "--docs", str(tmp_path / "no-docs")],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path,
                            env={**os.environ, "NIANBAO_DATABASE_URL": database_url})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"看板已生成：{out / 'index.html'}")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert DISTRICT in index and "数据文档" not in index  # no Data Docs there: no dead link
    assert sorted(p.name for p in (out / "r").iterdir()) == sorted(p.name for p in (site / "r").iterdir())
