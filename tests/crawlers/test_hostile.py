"""Hostile sites do no harm: file names cannot leave the raw store, XML entities are not resolved, redirect
loops and redirects off the registry are not followed, and the crawl process opens no listening port."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.crawlers.conftest import Crawler, FixtureSite, registry_codes, sha256_of
from tests.support.fixture_site.build import HOSTILE_REGISTRY

HOSTILE = registry_codes(HOSTILE_REGISTRY)


def test_hostile_sites_do_no_harm(crawler: Crawler, fixture_site: FixtureSite, tmp_path: Path) -> None:
    # Deep enough that ``../../../../`` from the store still lands inside tmp_path, where we can look.
    crawler.raw_store = tmp_path / "store" / "a" / "b" / "c" / "raw"
    result = crawler.run(HOSTILE_REGISTRY)
    assert result.summary.finished
    assert set(result.collected()) == set(fixture_site.documents(HOSTILE))

    # Names with ../, an absolute path or a Windows path choose nothing: files are <sha[:2]>/<sha><suffix>.
    names = [route["disposition"] for route in fixture_site.routes.values() if "disposition" in route]
    assert any(name.startswith("/") for name in names) and any("../" in name for name in names)
    stored = crawler.stored_files()
    assert len(stored) == len(fixture_site.documents(HOSTILE))
    for path in stored:
        assert path.parent.parent == crawler.raw_store
        assert path.stem == sha256_of(path) and path.parent.name == path.stem[:2]
    assert not [path for path in tmp_path.rglob("*escape*")]

    # The external entity would have put the secret into the leak link's query; the link itself is followed.
    requested = [path for path, _ in result.requests]
    assert any(path.startswith("/hostile/xxe/leak.html") for path in requested)
    assert not any("NIANBAO-XXE-SECRET" in path for path in requested)

    failures = {agency.code: agency.failures for agency in result.summary.agencies}
    assert [f.reason for f in failures["hx-loop"]] == ["重定向循环，未跟随"]
    assert requested.count("/hostile/loop/xxgk/nb/list.html") == 1
    assert len(failures["hx-foreign"]) == 1 and "登记范围外" in failures["hx-foreign"][0].reason
    assert not any("from=foreign" in path for path in requested)  # the redirect target was never asked for
    assert {(code, urlsplit(f.url).path) for code, fs in failures.items() for f in fs} == {
        (f["agency"], f["path"]) for f in fixture_site.failures(HOSTILE)}

def _children(pid: int) -> list[int]:
    """Child processes of ``pid``, from /proc (any thread may have started them)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _listening_socket_inodes() -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A":  # TCP_LISTEN
                inodes.add(fields[9])
    return inodes


def _listening_sockets_of(pid: int) -> set[str]:
    """Inodes of the TCP sockets process ``pid`` listens on, from /proc."""
    owned = set()
    try:
        for fd in Path(f"/proc/{pid}/fd").iterdir():
            target = os.readlink(fd)
            if target.startswith("socket:["):
                owned.add(target[len("socket:["):-1])
    except OSError:  # the process has just ended
        return set()
    return owned & _listening_socket_inodes()


def _crawl_watching_ports(crawler: Crawler, settings: dict) -> tuple[set[str], int]:
    """Crawl while polling the crawl subprocess's listening sockets; returns them and how many polls saw it.

    Children the test process had before the crawl (a session's Airflow cluster or browser in the same xdist
    worker) are not the crawl's and are left out."""
    seen: set[str] = set()
    polls = 0
    done = threading.Event()
    earlier = set(_children(os.getpid()))

    def watch() -> None:
        nonlocal polls
        while not done.is_set():
            for child in set(_children(os.getpid())) - earlier:
                seen.update(_listening_sockets_of(child))
                polls += 1
            done.wait(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        crawler.run(jurisdiction="西山县", settings=settings)
    finally:
        done.set()
        watcher.join()
    return seen, polls


@pytest.mark.slow
def test_crawl_process_opens_no_listening_port(crawler: Crawler, fixture_site: FixtureSite, tmp_path: Path) -> None:
    crawler.server.faults["/xishan/xxgk/nb/list.html"] = "slow:1.5"  # keeps the engine running for a while
    listening, polls = _crawl_watching_ports(crawler, {})
    assert polls > 10 and listening == set()
    # The probe does see a port when one is open: Scrapy's remote control, switched back on.
    listening, _ = _crawl_watching_ports(
        crawler, {"REMOTE_CONTROL_ENABLED": True, "REMOTE_CONTROL_JOBS_DIR": str(tmp_path / "jobs")})
    assert listening
