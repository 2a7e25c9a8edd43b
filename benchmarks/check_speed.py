"""Check benchmark: a full-year ``nianbao check`` over synthetic reports, and ``nianbao check FILE --json``.

    .venv/bin/python benchmarks/check_speed.py [--reports 100000] [--backends postgresql,sqlite]

Each back end gets a fresh database (a temporary SQLite file; a new PostgreSQL schema, dropped after)
holding ``--reports`` synthetic reports for the checked year and as many for the year before (so the
cross-year rules have work), each with its own narrative. Loading is not timed here (see
load_speed.py). Then times the whole-year check of the checked year through Great Expectations, with
findings recorded and Data Docs built: once on fresh findings, once more as a rerun. Last, the
per-report cost of ``nianbao check FILE --json`` over the fixture corpus and the seeds in one call.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

from load_speed import hash_share, registry, throwaway_database
from sqlalchemy import create_engine, text

from nianbao.model import SectionText
from nianbao.warehouse.db import make_engine, transaction
from nianbao.warehouse.documents import sync_agencies
from nianbao.warehouse.load import load_reports
from nianbao.warehouse.migrate import upgrade
from tests.support.synthetic import synthetic_report

ROOT = Path(__file__).resolve().parents[1]
YEAR = 2023
CHARS = "政府信息公开工作年度报告本机关坚持以人民为中心深化政务公开推进决策执行管理服务结果全过程严格落实条例规定加强平台建设完善制度规范提升质量效能回应社会关切优化营商环境强化监督保障"


def narrative(rng: random.Random, length: int = 400) -> str:
    return "".join(rng.choice(CHARS) for _ in range(length))


def worker(url: str, names: list[str], batch: int) -> None:
    engine = make_engine(url)
    for start in range(0, len(names), batch):
        reports = []
        for name in names[start : start + batch]:
            previous = synthetic_report(name, YEAR - 1)
            current = synthetic_report(name, YEAR, carried_in=previous.tables.applications["carried_out"])
            for row in ("regulation", "normative_document"):  # stocks that carry over
                now, before = current.tables.active_disclosure[row], previous.tables.active_disclosure[row]
                now["repealed"] = min(now["repealed"], before["in_force"] + now["issued"])
                now["in_force"] = before["in_force"] + now["issued"] - now["repealed"]
            for report in (previous, current):
                rng = random.Random(report.source.sha256)
                for key in ("overview", "problems"):
                    detail = report.section_details[key]
                    report.section_details[key] = SectionText(heading=detail.heading, text=narrative(rng),
                                                              position=detail.position)
                reports.append(report)
        with transaction(engine) as session:
            load_reports(session, reports)
    engine.dispose()


def load(url: str, agencies: int, workers: int) -> float:
    engine = make_engine(url)
    upgrade(engine)
    records = registry(agencies)
    with transaction(engine) as session:
        sync_agencies(session, records)
    engine.dispose()
    names = [a.name for a in records]
    began = time.perf_counter()
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=worker, args=(url, [n for n in names if hash_share(n, workers) == w], 500))
                 for w in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"loading worker failed with exit code {process.exitcode}")
    return time.perf_counter() - began


def check(url: str, docs: Path) -> None:
    from nianbao.pipeline import steps
    from nianbao.pipeline.settings import Settings

    settings = Settings.from_env(database_url=url, docs_dir=docs)
    for attempt in ("first run", "rerun"):
        began = time.perf_counter()
        steps.check_year(settings, YEAR, as_of=date(YEAR + 1, 6, 1))
        print(f"  full-year check ({attempt}): {time.perf_counter() - began:.1f} s")
    with create_engine(url).connect() as connection:
        counts = connection.execute(text("SELECT rule_id, severity, COUNT(*) FROM finding GROUP BY rule_id, severity"
                                         " ORDER BY rule_id")).all()
    print("  findings: " + (", ".join(f"{r} {s} {n}" for r, s, n in counts) or "none"))


def bench(backend: str, url: str, reports: int, workers: int, docs: Path) -> None:
    seconds = load(url, reports, workers)
    print(f"{backend}: {2 * reports} reports loaded ({reports} for {YEAR}) in {seconds:.0f} s")
    if backend == "postgresql":
        with create_engine(url, isolation_level="AUTOCOMMIT").connect() as connection:
            connection.execute(text("ANALYZE"))
    check(url, docs)


def files_cost() -> None:
    files = sorted((ROOT / "tests" / "fixtures" / "corpus").glob("*.*"))
    files = [f for f in files if not f.name.endswith(".json")] + sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
    with tempfile.TemporaryDirectory() as folder:
        began = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "nianbao"), "check", *map(str, files), "--json", "--docs", folder],
                       check=False, capture_output=True)
        total = time.perf_counter() - began
        began = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "nianbao"), "check", str(files[-1]), "--json", "--docs", folder],
                       check=False, capture_output=True)
        single = time.perf_counter() - began
    print(f"nianbao check FILE --json: {len(files)} files in {total:.1f} s = {total / len(files):.2f} s per report;"
          f" one file alone {single:.1f} s; per extra report {(total - single) / (len(files) - 1):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000, help="reports in the checked year")
    parser.add_argument("--backends", default="postgresql,sqlite")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as docs:
        for backend in args.backends.split(","):
            with throwaway_database(backend) as url:
                bench(backend, url, args.reports, 1 if backend == "sqlite" else 2, Path(docs))
    files_cost()


if __name__ == "__main__":
    main()
