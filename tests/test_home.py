"""One warehouse wherever you stand: the home folder (``NIANBAO_HOME``, else the per-user data folder),
``nianbao.toml`` beneath the environment, and every writing command naming the warehouse it uses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nianbao import home
from nianbao.commands.cli import main
from nianbao.pipeline.settings import Settings

REPO = Path(__file__).resolve().parents[1]
SEED = sorted((REPO.parent / "shared" / "seeds").glob("004_*.txt"))[0]
SETTING_VARS = ("NIANBAO_DATABASE_URL", "NIANBAO_RAW_STORE", "NIANBAO_REGISTRY", "NIANBAO_DOCS", "NIANBAO_CONFIG")


def nianbao(*args: str | Path, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nianbao.commands.cli", *map(str, args)], env=env, cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)


@pytest.fixture
def bare_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The environment without any nianbao setting (this process and subprocesses)."""
    for name in (*SETTING_VARS, "NIANBAO_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    return dict(os.environ)


def test_the_same_warehouse_from_any_directory(tmp_path: Path, bare_env: dict[str, str]) -> None:
    env = bare_env | {"NIANBAO_HOME": str(tmp_path / "home")}
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "c").mkdir(parents=True)
    loaded = nianbao("load", SEED, env=env, cwd=tmp_path / "a")
    assert loaded.returncode == 0, loaded.stderr
    database = tmp_path / "home" / "nianbao.db"
    assert f"数据仓库：SQLite 文件 {database}" in loaded.stderr
    assert database.is_file() and not (tmp_path / "a" / "var").exists()
    again = nianbao("load", SEED, env=env, cwd=tmp_path / "b" / "c")
    assert "未变化" in again.stdout and str(database) in again.stdout
    listed = nianbao("sql", "12", "--json", env=env, cwd=tmp_path / "b")
    assert listed.returncode == 0 and listed.stdout.strip() == "[]" and listed.stderr == ""  # reading: no line


def test_default_home_is_the_per_user_data_folder(tmp_path: Path, bare_env: dict[str, str],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "user"))
    assert home.home() == tmp_path / "user" / ".local" / "share" / "nianbao"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert home.home() == tmp_path / "xdg" / "nianbao"
    settings = Settings.from_env()
    assert settings.database_url == f"sqlite:///{tmp_path / 'xdg' / 'nianbao' / 'nianbao.db'}"
    assert settings.raw_store == str(tmp_path / "xdg" / "nianbao" / "raw")
    assert settings.docs_dir == str(tmp_path / "xdg" / "nianbao" / "data_docs")


def test_nianbao_toml_under_the_environment(tmp_path: Path, bare_env: dict[str, str],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "nianbao.toml").write_text(
        f'database_url = "sqlite:///{tmp_path / "elsewhere.db"}"\nraw_store = "store"\n'
        f'registry = "{tmp_path / "sources"}"\n', encoding="utf-8")
    settings = Settings.from_env()
    assert settings.database_url == f"sqlite:///{tmp_path / 'elsewhere.db'}"
    assert settings.raw_store == str(tmp_path / "home" / "store")  # relative to the file
    assert settings.registry == str(tmp_path / "sources")
    monkeypatch.setenv("NIANBAO_RAW_STORE", str(tmp_path / "env-raw"))
    assert Settings.from_env().raw_store == str(tmp_path / "env-raw")
    custom = tmp_path / "custom.toml"
    custom.write_text('docs = "/srv/docs"\n', encoding="utf-8")
    monkeypatch.setenv("NIANBAO_CONFIG", str(custom))
    assert Settings.from_env().docs_dir == "/srv/docs"


@pytest.mark.parametrize("text, said", [("database_url = [", "无法读取"), ('databse_url = "x"', "无法识别的设置：databse_url")])
def test_a_bad_nianbao_toml_is_named(tmp_path: Path, bare_env: dict[str, str], monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str], text: str, said: str) -> None:
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path))
    (tmp_path / "nianbao.toml").write_text(text, encoding="utf-8")
    assert main(["db", "status"]) == 2
    err = capsys.readouterr().err
    assert f"配置文件 {tmp_path / 'nianbao.toml'}" in err and said in err


def test_writing_commands_name_the_warehouse(tmp_path: Path, bare_env: dict[str, str],
                                             monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setenv("NIANBAO_HOME", str(tmp_path))
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().err.startswith(f"数据仓库：SQLite 文件 {tmp_path / 'nianbao.db'}（数据目录 {tmp_path}）")
    assert main(["db", "status"]) == 0 and capsys.readouterr().err == ""
