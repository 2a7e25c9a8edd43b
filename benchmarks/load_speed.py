"""Load benchmark: synthetic reports into SQLite and PostgreSQL, then time the auditors' queries.

    .venv/bin/python benchmarks/load_speed.py [--reports 100000] [--backends sqlite,postgresql]

Each back end gets a fresh database (a temporary SQLite file; a new PostgreSQL schema, dropped after).
``--workers`` processes (default on PostgreSQL: one more than the machine has cores, since each worker
alternates between preparing rows and waiting for the server running beside it; 1 on SQLite, which has
a single writer) each take
a disjoint share of the agencies, generate their reports first, then all start loading together;
each batch is loaded in one transaction. reports/s is the number of reports over the wall-clock time
from that common start to the last worker's end. The synthetic reports carry what parsed ones do (row
shapes, prose of a printed report's length for the similarity signatures), so loading costs the same.
Then, after the statistics and visibility maps are brought up to date (``VACUUM ANALYZE`` on
PostgreSQL, as autovacuum would soon after a load; ``ANALYZE`` on SQLite), prints the time of the
compliance status of one jurisdiction-year, of the city-wide roll-up of one year and of every query in
sql/queries (median of three runs).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from nianbao.warehouse.db import make_engine, transaction
from nianbao.warehouse.documents import AgencyRecord, sync_agencies
from nianbao.warehouse.load import load_reports
from nianbao.warehouse.migrate import upgrade
from nianbao.warehouse.queries import bind, load_query, query_files
from tests.support.synthetic import synthetic_report

PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
YEARS = tuple(range(2014, 2024))
JURISDICTIONS = 20
TARGET_QUERY_MS = 200.0

COMPLIANCE_ONE = "SELECT * FROM v_compliance WHERE parent_jurisdiction = :j AND year = :y ORDER BY agency"
ROLLUP_ONE_YEAR = """
SELECT c.parent_jurisdiction, COUNT(*) AS agencies, SUM(c.published) AS published,
       SUM(CASE WHEN c.on_time = 1 THEN 1 ELSE 0 END) AS on_time,
       SUM(CASE WHEN c.open_errors > 0 THEN 1 ELSE 0 END) AS with_open_errors
FROM v_compliance c WHERE c.year = :y GROUP BY c.parent_jurisdiction ORDER BY c.parent_jurisdiction
"""


def registry(agencies: int) -> list[AgencyRecord]:
    return [
        AgencyRecord(
            code=f"S{i:06d}",
            name=f"第{i % JURISDICTIONS}区合成机关{i:06d}",
            level="区级部门",
            parent_jurisdiction=f"第{i % JURISDICTIONS}区",
            office=f"第{i % JURISDICTIONS}区政务公开办公室",
            deadline_kind="government" if i % 25 == 0 else "department",
        )
        for i in range(agencies)
    ]


def worker(url: str, pairs: list[tuple[str, int]], batch: int, barrier, times) -> None:
    """Generate this worker's reports, wait for the others, load them; put (start, end) on ``times``."""
    engine = make_engine(url)
    reports, carried_out = [], {}
    for name, year in pairs:  # year by year, so each report carries in what its last one carried out
        report = synthetic_report(name, year, carried_in=carried_out.get(name))
        carried_out[name] = report.tables.applications["carried_out"]
        reports.append(report)
    barrier.wait()
    began = time.time()
    for start in range(0, len(reports), batch):
        with transaction(engine) as session:
            load_reports(session, reports[start : start + batch])
    times.put((began, time.time()))
    engine.dispose()


def load(engine: Engine, total: int, batch: int, workers: int) -> float:
    """Load ``total`` reports (agencies × YEARS); returns the wall-clock seconds spent loading."""
    agencies = registry(max(1, total // len(YEARS)))
    with transaction(engine) as session:
        sync_agencies(session, agencies)
    engine.dispose()
    pairs = [(a.name, y) for y in YEARS for a in agencies][:total]
    context = multiprocessing.get_context("fork")
    barrier, times = context.Barrier(workers), context.Queue()
    url = engine.url.render_as_string(hide_password=False)
    shares = [[p for p in pairs if hash_share(p[0], workers) == w] for w in range(workers)]
    processes = [context.Process(target=worker, args=(url, share, batch, barrier, times)) for share in shares]
    for process in processes:
        process.start()
    spans = [times.get() for _ in processes]
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"worker failed with exit code {process.exitcode}")
    return max(end for _, end in spans) - min(start for start, _ in spans)


def hash_share(name: str, workers: int) -> int:
    """Which worker loads an agency: all years of one agency go to the same worker."""
    return int(name[-6:]) % workers


def timed_ms(engine: Engine, sql: str, params: dict | None = None) -> float:
    runs = []
    for _ in range(3):
        began = time.perf_counter()
        with engine.connect() as connection:
            connection.execute(text(sql), params or {}).fetchall()
        runs.append((time.perf_counter() - began) * 1000)
    return statistics.median(runs)


def report_queries(engine: Engine) -> None:
    year = YEARS[-1]
    cases = [
        ("compliance, one jurisdiction-year", COMPLIANCE_ONE, {"j": "第3区", "y": year}),
        ("compliance roll-up, city-wide, one year", ROLLUP_ONE_YEAR, {"y": year}),
    ]
    cases += [(query.name, query.sql, bind(query, {})) for query in map(load_query, query_files())]
    for name, sql, params in cases:
        ms = timed_ms(engine, sql, params)
        flag = "" if ms < TARGET_QUERY_MS else f"  (over {TARGET_QUERY_MS:.0f} ms)"
        print(f"  {name:<45} {ms:9.1f} ms{flag}")


def bench(backend: str, url: str, total: int, batch: int, workers: int) -> None:
    engine = make_engine(url)
    upgrade(engine)
    seconds = load(engine, total, batch, workers)
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if backend == "postgresql" else "ANALYZE"))
    print(
        f"{backend}: {total} reports loaded by {workers} worker(s) in {seconds:.1f} s"
        f" = {total / seconds:.0f} reports/s"
    )
    report_queries(engine)
    engine.dispose()


@contextmanager
def throwaway_database(backend: str) -> Iterator[str]:
    """The URL of a fresh warehouse: a temporary SQLite file, or a new PostgreSQL schema dropped after."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.db'}"
        return
    schema = f"nianbao_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{PG_SERVER}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--workers", type=int, help="loading processes (default: 1 SQLite, cores + 1 PostgreSQL)")
    args = parser.parse_args()
    for backend in args.backends.split(","):
        workers = args.workers or (1 if backend == "sqlite" else (os.cpu_count() or 1) + 1)
        with throwaway_database(backend) as url:
            bench(backend, url, args.reports, args.batch, workers)

if __name__ == "__main__":
    main()
