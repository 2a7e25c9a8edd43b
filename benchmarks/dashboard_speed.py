"""Dashboard benchmark: render the oversight site for a warehouse of synthetic reports; print time and size.

    .venv/bin/python benchmarks/dashboard_speed.py [--reports 100000] [--backends sqlite,postgresql]
                                                   [--with-findings 0.05] [--keep DIR]

Each back end gets a fresh warehouse (see load_speed.py: 20 jurisdictions, agencies × the years
2014–2023, loaded in parallel; loading is timed there, not here). Findings are then written straight
into ``finding`` for a share of the current reports (``--with-findings``; default one in twenty, each
with an unbalanced （七）总计 as ``applications_total_row`` records it) so that those reports get their
pages, and a site problem for one agency in a hundred: running the checks themselves over 100,000
reports is check_speed.py's job. Then times :func:`nianbao.dashboard.build` and prints the site's size
(the sum of its files' bytes, and what they take on disk) and its number of pages. Target: < 60 s and
< 50 MB at 100,000 reports.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from load_speed import load, throwaway_database
from sqlalchemy import Engine, insert, select

from nianbao.checks.catalogue import RULES_BY_ID
from nianbao.checks.places import place
from nianbao.dashboard import build
from nianbao.warehouse.db import make_engine
from nianbao.warehouse.migrate import upgrade
from nianbao.warehouse.schema import Agency, Finding, Report, SiteProblem

NOW = date(2025, 6, 1)
TARGET_SECONDS, TARGET_MB = 60.0, 50.0


def add_findings(engine: Engine, share: float) -> tuple[int, int]:
    """A finding on every ``1/share``-th current report, a site problem on every 100th agency."""
    seen = datetime(2025, 5, 1)
    rule = RULES_BY_ID["applications_total_row"]
    where = place("applications", "total", "natural_person")
    with engine.begin() as connection:
        reports = connection.execute(select(Report.id, Report.agency_id, Report.year).where(Report.is_current)
                                     .order_by(Report.id)).all()
        step = max(1, round(1 / share)) if share > 0 else 0
        chosen = reports[::step] if step else []
        if chosen:
            connection.execute(insert(Finding), [
                {"rule_id": rule.id, "severity": rule.severity, "agency_id": a, "year": y, "report_id": r,
                 "location": where, "expected": "11", "actual": "14", "first_seen": seen, "last_seen": seen,
                 "status": "open", "message": rule.message.format(where=where, expected=11, actual=14, other="")}
                for r, a, y in chosen])
        agencies = connection.scalars(select(Agency.id).order_by(Agency.id)).all()[::100]
        if agencies:
            connection.execute(insert(SiteProblem), [
                {"agency_id": a, "kind": "unreachable", "entry": f"http://127.0.0.1:9/{a}/ndbg/",
                 "message": "年报栏目所有页面均无法访问", "first_seen": seen, "last_seen": seen, "status": "open"}
                for a in agencies])
    return len(chosen), len(agencies)


def measure(out: Path) -> tuple[int, int, dict[str, int]]:
    """Bytes in files, bytes on disk, and pages per folder."""
    size = disk = 0
    pages: dict[str, int] = {}
    for folder, _, files in os.walk(out):
        for name in files:
            stat = (Path(folder) / name).stat()
            size, disk = size + stat.st_size, disk + stat.st_blocks * 512
        key = Path(folder).relative_to(out).as_posix()
        pages[key] = sum(1 for name in files if name.endswith(".html"))
    return size, disk, pages


def bench(backend: str, url: str, reports: int, share: float, keep: Path | None) -> None:
    engine = make_engine(url)
    upgrade(engine)
    loaded = load(engine, reports, 500, 1 if backend == "sqlite" else (os.cpu_count() or 1) + 1)
    findings, problems = add_findings(engine, share)
    print(f"{backend}: {reports} reports loaded in {loaded:.0f} s; {findings} with a finding, "
          f"{problems} site problems")
    with tempfile.TemporaryDirectory() as folder:
        out = keep or Path(folder) / "site"
        began = time.perf_counter()
        build(engine, out, now=NOW)
        seconds = time.perf_counter() - began
        size, disk, pages = measure(out)
    engine.dispose()
    mb, disk_mb = size / 1e6, disk / 1e6
    print(f"  render {seconds:6.1f} s{'' if seconds < TARGET_SECONDS else '  (over target)'}")
    print(f"  size   {mb:6.1f} MB in files{'' if mb < TARGET_MB else '  (over target)'}, {disk_mb:.1f} MB on disk")
    print("  pages  " + ", ".join(f"{folder or '.'}: {count}" for folder, count in sorted(pages.items()) if count))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--backends", default="sqlite")
    parser.add_argument("--with-findings", type=float, default=0.05, help="share of reports given a finding")
    parser.add_argument("--keep", type=Path, help="write the site here and keep it (default: a temporary folder)")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        with throwaway_database(backend) as url:
            bench(backend, url, args.reports, args.with_findings, args.keep)


if __name__ == "__main__":
    main()
