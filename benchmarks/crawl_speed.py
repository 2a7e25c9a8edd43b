"""Crawl benchmark: a generated fixture site of 2,000 agencies on 127.0.0.1, crawled with politeness off.

    .venv/bin/python benchmarks/crawl_speed.py [--agencies 2000] [--latency 0.3] [--keep DIR]

Writes a registry of ``--agencies`` agencies (20 jurisdictions, the three CMS families in turn), builds
their fixture site with :mod:`tests.support.fixture_site.build`, serves it with the project's fixture server and
runs one real crawl (``FAST_SETTINGS``: no delay, no AutoThrottle) into a fresh SQLite warehouse. Prints
pages/s and documents/s, over the engine's running time and over the whole process (start-up included),
and checks that every report was collected.

Then, from the production politeness settings in :mod:`crawlers.settings` and the requests per agency
just measured, prints the wall time implied for one prefecture-level city of about 500 agencies: each
host gets one request per ``max(DOWNLOAD_DELAY, latency / AUTOTHROTTLE_TARGET_CONCURRENCY)`` seconds, and
all hosts together at most ``CONCURRENT_REQUESTS`` requests in flight; shown for the city's agencies on one
portal, on 20 sites, and each on its own site. ``--latency`` is the assumed response time of a gov site.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import yaml

from crawlers import settings as production
from crawlers.run import FAST_SETTINGS, crawl
from nianbao.warehouse.db import make_engine
from nianbao.warehouse.migrate import upgrade
from tests.support.fixture_site.build import build
from tests.support.fixture_site.serve import FixtureServer

YEAR = 2024
JURISDICTIONS = 20
CITY_AGENCIES = 500
ENTRIES = {
    "plain": "/b{j}/a{n}/xxgk/nb/list.html",
    "trs_wcm": "/b{j}/a{n}/zfxxgk/zfxxgknb/index.html",
    "hanweb": "/b{j}/a{n}/col/col{column}/index.html",
}


def write_registry(folder: Path, agencies: int) -> list[Path]:
    """``agencies`` agencies over ``JURISDICTIONS`` registry files, CMS families in turn."""
    folder.mkdir(parents=True, exist_ok=True)
    families = list(ENTRIES)
    files = []
    for j in range(JURISDICTIONS):
        members = []
        for n in range(j, agencies, JURISDICTIONS):
            cms = families[n % len(families)]
            members.append({
                "code": f"b{j}-a{n}", "name": f"合成第{j}市第{n}号局", "level": "市级部门",
                "deadline_kind": "government" if n % 25 == 0 else "department", "cms": cms,
                "entry": ENTRIES[cms].format(j=j, n=n, column=1000 + n),
            })
        data = {"code": f"bench{j}", "name": f"合成第{j}市", "base_url": "http://127.0.0.1:8765",
                "office": {"name": f"合成第{j}市政务公开办", "alert_recipients": [f"gkb{j}@bench.example.cn"]},
                "agencies": members}
        path = folder / f"bench{j:02d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        files.append(path)
    return files


def city_estimate(requests_per_agency: float, latency: float) -> list[tuple[str, float]]:
    """Wall time (s) for ``CITY_AGENCIES`` agencies under production politeness, by how many hosts serve them."""
    delay = min(max(production.DOWNLOAD_DELAY, latency / production.AUTOTHROTTLE_TARGET_CONCURRENCY),
                production.AUTOTHROTTLE_MAX_DELAY)
    total = requests_per_agency * CITY_AGENCIES
    in_flight_bound = total * latency / production.CONCURRENT_REQUESTS
    cases = [("all on one portal", 1), ("on 20 sites", 20), ("each on its own site", CITY_AGENCIES)]
    return [(label, max(total / hosts * delay, in_flight_bound)) for label, hosts in cases]


def run(agencies: int, latency: float, work: Path) -> None:
    started = time.perf_counter()
    registries = write_registry(work / "sources", agencies)
    truth = build(work / "site", registries, year=YEAR, hostile=False)
    print(f"fixture site: {agencies} agencies, {len(truth.documents)} reports, built in "
          f"{time.perf_counter() - started:.1f} s")
    database_url = f"sqlite:///{work / 'nianbao.db'}"
    engine = make_engine(database_url)
    upgrade(engine)
    engine.dispose()

    with FixtureServer(work / "site") as server:
        started = time.perf_counter()
        summary = crawl(YEAR, work / "sources", base_url=server.base_url, database_url=database_url,
                        files_store=str(work / "raw"), settings=FAST_SETTINGS, log_path=work / "scrapy.log")
        wall = time.perf_counter() - started
        served = len(server.requests)

    documents = len(summary.documents())
    engine_time = summary.elapsed_seconds
    print(f"crawl: {summary.requests} requests ({served} answered by the server), {documents} documents, "
          f"finished={summary.finished}")
    print(f"  engine time {engine_time:.1f} s: {summary.requests / engine_time:.0f} pages/s, "
          f"{documents / engine_time:.0f} documents/s")
    print(f"  process wall time {wall:.1f} s (start-up included): {summary.requests / wall:.0f} pages/s, "
          f"{documents / wall:.0f} documents/s")
    if documents != len(truth.documents):
        print(f"  WARNING: {len(truth.documents)} reports on the site, {documents} collected")

    per_agency = summary.requests / agencies
    print(f"\nproduction politeness ({CITY_AGENCIES} agencies, {per_agency:.2f} requests per agency as measured, "
          f"assumed site latency {latency:.2f} s; DOWNLOAD_DELAY={production.DOWNLOAD_DELAY}, "
          f"CONCURRENT_REQUESTS={production.CONCURRENT_REQUESTS}, "
          f"CONCURRENT_REQUESTS_PER_DOMAIN={production.CONCURRENT_REQUESTS_PER_DOMAIN}, "
          f"AUTOTHROTTLE_TARGET_CONCURRENCY={production.AUTOTHROTTLE_TARGET_CONCURRENCY}):")
    for label, seconds in city_estimate(per_agency, latency):
        print(f"  {label:>22}: {seconds / 60:7.1f} min")
    extra = city_estimate(per_agency + 1, latency)[0][1] - city_estimate(per_agency, latency)[0][1]
    print(f"  each further list page per agency (real columns are often longer) adds {extra / 60:.1f} min "
          f"when all are on one portal")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.3, help="assumed response time of a gov site (s)")
    parser.add_argument("--keep", type=Path, help="build and crawl in this folder and keep it")
    args = parser.parse_args()
    if args.keep:
        run(args.agencies, args.latency, args.keep)
        return
    with tempfile.TemporaryDirectory(prefix="nianbao-crawl-bench-") as work:
        run(args.agencies, args.latency, Path(work))


if __name__ == "__main__":
    main()
