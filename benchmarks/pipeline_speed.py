"""Pipeline benchmark: ``nianbao run`` end to end on a generated fixture site of 500 agencies.

    .venv/bin/python benchmarks/pipeline_speed.py [--agencies 500] [--jobs N] [--keep DIR]

Writes a registry of ``--agencies`` agencies (as ``crawl_speed``: 20 jurisdictions, the three CMS families
in turn), builds and serves their site on 127.0.0.1, and runs the whole pipeline (politeness off) into a
fresh SQLite warehouse; prints the wall time of each stage and the documents per second of parse+load.
Then the same again (a rerun: nothing new to load), which shows the fixed cost of a daily run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crawl_speed import YEAR, write_registry  # noqa: E402

from crawlers.fixture_site.build import build  # noqa: E402
from crawlers.fixture_site.serve import FixtureServer  # noqa: E402
from nianbao.pipeline.run import run  # noqa: E402
from nianbao.pipeline.settings import Settings  # noqa: E402


def measure(agencies: int, jobs: int, work: Path) -> None:
    began = time.perf_counter()
    registries = write_registry(work / "sources", agencies)
    truth = build(work / "site", registries, year=YEAR, hostile=False)
    documents = sum(1 for d in truth.documents if d["year"] == YEAR)
    print(f"site: {agencies} agencies, {documents} reports of {YEAR}, built in {time.perf_counter() - began:.1f} s")
    with FixtureServer(work / "site") as server:
        settings = Settings.from_env(database_url=f"sqlite:///{work / 'warehouse.db'}", registry=work / "sources",
                                     raw_store=work / "raw", docs_dir=work / "docs", base_url=server.base_url,
                                     fast=True)
        for attempt in ("first run", "rerun"):
            began = time.perf_counter()
            summary = run(settings, YEAR, jobs=jobs)
            total = time.perf_counter() - began
            stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in summary.seconds.items())
            loaded = len(summary.loads)
            rate = loaded / summary.seconds["load"] if loaded else 0.0
            print(f"nianbao run ({attempt}, {jobs} parse+load processes): {total:.1f} s — {stages}; "
                  f"{loaded} documents parsed+loaded ({rate:.1f}/s), failures: {summary.failures or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        measure(args.agencies, args.jobs, args.keep)
        return
    with tempfile.TemporaryDirectory(prefix="nianbao-pipeline-bench-") as folder:
        measure(args.agencies, args.jobs, Path(folder))


if __name__ == "__main__":
    main()
