"""Where nianbao keeps its data, the same wherever you stand: one home folder.

The home is ``NIANBAO_HOME``, else the per-user data folder (``$XDG_DATA_HOME/nianbao``, by default
``~/.local/share/nianbao``); ``make demo`` sets it to the project's ``var/``. In the home live the
SQLite warehouse ``nianbao.db``, the raw store ``raw/``, the Data Docs ``data_docs/`` (and
``file_checks/data_docs/`` for documents checked on their own), the log ``logs/`` and an optional
``nianbao.toml`` (or the file ``NIANBAO_CONFIG`` names)::

    database_url = "postgresql+psycopg://nianbao@db.example.cn/nianbao"
    raw_store = "/srv/nianbao/raw"          # relative paths are read from the file's folder
    registry = "/etc/nianbao/sources"
    docs = "/srv/nianbao/data_docs"
    docs_keep_runs = 50                     # the Data Docs keep the newest 50 check runs …
    docs_keep_days = 180                    # … none older than 180 days

Each setting comes from its environment variable first (``NIANBAO_DATABASE_URL``, ``NIANBAO_RAW_STORE``,
``NIANBAO_REGISTRY``, ``NIANBAO_DOCS``, ``NIANBAO_DOCS_KEEP_RUNS``, ``NIANBAO_DOCS_KEEP_DAYS``), then
``nianbao.toml``, then the default in the home.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

HOME_ENV = "NIANBAO_HOME"
CONFIG_ENV = "NIANBAO_CONFIG"
CONFIG_NAME = "nianbao.toml"
# setting → (environment variable, key in nianbao.toml, whether it is a path)
SETTINGS = {
    "database_url": ("NIANBAO_DATABASE_URL", "database_url", False),
    "raw_store": ("NIANBAO_RAW_STORE", "raw_store", True),
    "registry": ("NIANBAO_REGISTRY", "registry", True),
    "docs": ("NIANBAO_DOCS", "docs", True),
    "docs_keep_runs": ("NIANBAO_DOCS_KEEP_RUNS", "docs_keep_runs", False),
    "docs_keep_days": ("NIANBAO_DOCS_KEEP_DAYS", "docs_keep_days", False),
}
DOCS_KEEP = {"docs_keep_runs": 50, "docs_keep_days": 180}  # default retention of the Data Docs' runs


class ConfigError(Exception):
    """``nianbao.toml`` cannot be read; the message names the file and the reason in Chinese."""


def home() -> Path:
    """The home folder (not created here)."""
    explicit = os.environ.get(HOME_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser().resolve()
    data = os.environ.get("XDG_DATA_HOME", "").strip()
    return (Path(data) if data else Path.home() / ".local" / "share") / "nianbao"


def config_path() -> Path:
    explicit = os.environ.get(CONFIG_ENV, "").strip()
    return Path(explicit).expanduser().resolve() if explicit else home() / CONFIG_NAME


def config() -> dict[str, str]:
    """The settings of ``nianbao.toml`` (empty when there is none), relative paths made absolute."""
    path = config_path()
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"配置文件 {path} 无法读取：{error}") from error
    unknown = sorted(set(data) - {key for _, key, _ in SETTINGS.values()})
    if unknown:
        raise ConfigError(f"配置文件 {path} 中有无法识别的设置：{'、'.join(unknown)}"
                          f"（可用：{'、'.join(key for _, key, _ in SETTINGS.values())}）")
    return {key: str(path.parent / str(value)) if SETTINGS[key][2] else str(value) for key, value in data.items()}


def setting(name: str) -> str | None:
    """A setting from the environment, else ``nianbao.toml``; None when neither has it."""
    env, key, _ = SETTINGS[name]
    return os.environ.get(env, "").strip() or config().get(key)


def database_url() -> str:
    return setting("database_url") or f"sqlite:///{home() / 'nianbao.db'}"


def raw_store() -> str:
    return setting("raw_store") or str(home() / "raw")


def docs_dir() -> str:
    return setting("docs") or str(home() / "data_docs")


def docs_keep(name: str) -> int:
    """``docs_keep_runs`` or ``docs_keep_days``: a whole number of at least 1."""
    value = setting(name)
    if value is None:
        return DOCS_KEEP[name]
    if not value.isdigit() or int(value) < 1:
        env, key, _ = SETTINGS[name]
        raise ConfigError(f"{env}（或 nianbao.toml 的 {key}）应为不小于 1 的整数，而不是「{value}」")
    return int(value)


def file_check_docs_dir() -> Path:
    """The Data Docs of ``nianbao check FILE…``, kept apart from the warehouse's."""
    return home() / "file_checks" / "data_docs"


def log_dir() -> Path:
    return home() / "logs"
