"""Run one crawl in its own ``scrapy crawl`` process and return what it found.

The Twisted reactor cannot be restarted and Airflow runs every task in one process, so every crawl is a
fresh subprocess; this module takes the loaded registry (or loads it: a bad file fails here with its
Chinese message), syncs the warehouse's agency registry from it, hands it to the spider as a snapshot
(the spider does not load the registry again), runs the spider and reads back its summary.
"""

from __future__ import annotations

import ipaddress
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from crawlers.registry import DEFAULT_REGISTRY, Jurisdiction, load_registry, write_snapshot
from crawlers.summary import EVENT_PREFIX, CrawlSummary
from nianbao.warehouse.db import make_engine, transaction
from nianbao.warehouse.documents import sync_agencies
from nianbao.warehouse.migrate import current_revision

REPO_ROOT = Path(__file__).resolve().parents[1]
SPIDER = "annual_reports"
# Politeness off: for the fixture site and the benchmark on 127.0.0.1 only.
FAST_SETTINGS: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0, "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32, "RETRY_TIMES": 1, "DOWNLOAD_TIMEOUT": 5,
}


class CrawlError(RuntimeError):
    """The crawl could not run or did not finish; the message is for 公开办 staff."""


def on_loopback(jurisdictions: list[Jurisdiction]) -> bool:
    """Whether every entry page is on this machine (127.0.0.0/8), where politeness may be switched off."""
    for jurisdiction in jurisdictions:
        for agency in jurisdiction.agencies:
            try:
                if not ipaddress.ip_address(urlsplit(agency.entry).hostname or "").is_loopback:
                    return False
            except ValueError:
                return False
    return True


def crawl(year: int, registry: Path | Sequence[Jurisdiction] = DEFAULT_REGISTRY, jurisdiction: str | None = None, *,
          base_url: str | None = None, database_url: str | None = None, files_store: str | None = None,
          settings: Mapping[str, Any] | None = None, on_event: Callable[[dict], None] | None = None,
          log_path: Path | None = None) -> CrawlSummary:
    """Crawl ``year``'s reports of the registry's agencies in a subprocess; returns the per-agency summary.

    ``registry`` is the loaded registry, or a file or folder to load (with ``jurisdiction`` and
    ``base_url``). ``settings`` override Scrapy settings (``FAST_SETTINGS`` switches politeness off);
    ``on_event`` receives each progress event (a document collected, a failure, a report of an agency
    outside the registry) as it happens.
    """
    jurisdictions = (load_registry(registry, jurisdiction=jurisdiction, base_url=base_url)
                     if isinstance(registry, Path) else list(registry))
    engine = make_engine(database_url)
    try:
        if current_revision(engine) is None:
            raise CrawlError("数据仓库尚未建立，请先运行 nianbao db upgrade")
        with transaction(engine) as session:
            for item in jurisdictions:
                sync_agencies(session, item.agency_records())
    finally:
        engine.dispose()
    with tempfile.TemporaryDirectory(prefix="nianbao-crawl-") as scratch:
        summary_path, snapshot = Path(scratch) / "summary.json", Path(scratch) / "registry.json"
        write_snapshot(jurisdictions, snapshot)
        log = log_path or Path(scratch) / "scrapy.log"
        command = [sys.executable, "-m", "scrapy", "crawl", SPIDER, "-a", f"year={year}",
                   "-a", f"registry={snapshot}", "-a", f"summary_path={summary_path}",
                   "-s", f"LOG_FILE={log}"]
        if files_store:
            local = "://" not in files_store
            command += ["-s", f"FILES_STORE={Path(files_store).resolve() if local else files_store}"]
        for key, value in (settings or {}).items():
            command += ["-s", f"{key}={json.dumps(value) if isinstance(value, list | dict) else value}"]
        code = _run(command, _environment(database_url), on_event)
        if code != 0 or not summary_path.exists():
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-3:] if log.exists() else []
            raise CrawlError(f"采集进程异常退出（返回码 {code}）：{' / '.join(tail) or '无日志'}")
        return CrawlSummary.read(summary_path)


def _environment(database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env["SCRAPY_SETTINGS_MODULE"] = "crawlers.settings"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    if database_url:
        env["NIANBAO_DATABASE_URL"] = database_url
    return env


def _run(command: list[str], env: dict[str, str], on_event: Callable[[dict], None] | None) -> int:
    with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          encoding="utf-8") as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(EVENT_PREFIX) and on_event is not None:
                on_event(json.loads(line[len(EVENT_PREFIX):]))
        return process.wait()
