"""The built wheel works on its own: installed into a fresh virtual environment (dependencies from uv.lock,
offline from uv's cache) and run from a folder outside the repository, it migrates a warehouse, parses a
report and checks it, reading the rule SQL, the auditors' SQL and the migrations it ships. The wheel holds
only what runs in production: no test generators (fixture site, synthetic reports), no tests.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from nianbao.warehouse.migrate import head_revision
from tests.truthdiff import SHARED

REPO = Path(__file__).resolve().parents[2]
SEED = SHARED / "seeds" / "000_be1bc8e9f2c8c427.txt"


def uv() -> list[str]:
    """uv as `make setup` installs it: on PATH, or as a module of the Python that ran make."""
    found = shutil.which("uv")
    return [found] if found else [shutil.which("python3") or sys.executable, "-m", "uv"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel ``uv build`` makes of the repository."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([*uv(), "build", "--wheel", "--offline", "-q", "-o", str(dist), str(REPO)], check=True)
    (built,) = dist.glob("nianbao-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment holding the dependencies from uv.lock and the freshly built wheel."""
    venv = tmp_path_factory.mktemp("wheel") / "venv"
    environment = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv)}
    subprocess.run([*uv(), "sync", "-q", "--frozen", "--no-dev", "--no-install-project", "--offline"],
                   cwd=REPO, env=environment, check=True)
    subprocess.run([*uv(), "pip", "install", "-q", "--offline", "--no-deps", "--python", str(venv / "bin" / "python"),
                    str(wheel)], check=True)
    return venv


def run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """A command of the installed environment, in ``cwd``, with nothing of the repository in reach."""
    environment = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(cwd), "LANG": "C.UTF-8",
                   "NIANBAO_DATABASE_URL": f"sqlite:///{cwd / 'warehouse.db'}"}
    result = subprocess.run(args, cwd=cwd, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result


@pytest.mark.slow
def test_installed_wheel_runs_outside_the_repository(installed: Path, tmp_path: Path) -> None:
    site = run(installed, tmp_path, "python", "-c", "import sys, nianbao.resources as r; "
               "print(r.EXPECTATIONS, r.SQL, r.MIGRATIONS, sep='\\n'); print(*sys.path, sep='\\n')").stdout
    assert str(REPO) not in site
    for folder in site.splitlines()[:3]:
        assert Path(folder).is_relative_to(installed), folder

    assert f"数据仓库已升级到版本 {head_revision()}" in run(installed, tmp_path, "nianbao", "db", "upgrade").stdout
    with sqlite3.connect(tmp_path / "warehouse.db") as connection:
        views = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    assert {"v_compliance", "v_application_matrix", "v_check_application_row"} <= views
    assert "08_compliance_rollup" in run(installed, tmp_path, "nianbao", "sql").stdout

    shutil.copy(SEED, tmp_path)
    assert "牡丹江市营商环境建设监督局" in run(installed, tmp_path, "nianbao", "parse", SEED.name).stdout
    checked = json.loads(run(installed, tmp_path, "nianbao", "check", SEED.name, "--json").stdout)
    assert [finding["rule"] for finding in checked["findings"]] == ["published_on_time"]


def test_wheel_ships_no_test_generators(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert {name.split("/")[0] for name in names} == {"nianbao", "parsers", "crawlers", "nianbao-0.1.0.dist-info"}
    assert "crawlers/spiders/annual_reports.py" in names and "nianbao/migrations/env.py" in names
    assert [name for name in names if "fixture_site" in name or "synthetic" in name or "hostile" in name] == []
