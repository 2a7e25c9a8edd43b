"""Pipeline benchmark: ``nianbao run`` and the Celery deployment on a generated site of 500 agencies.

    .venv/bin/python benchmarks/pipeline_speed.py [--agencies 500] [--jobs N] [--workers 1 2] [--keep DIR]

Writes a registry of ``--agencies`` agencies (as ``crawl_speed``: 20 jurisdictions, the three CMS families
in turn), builds and serves their site on 127.0.0.1, and runs the whole pipeline (politeness off) into a
fresh SQLite warehouse; prints the wall time of each stage and the documents per second of parse+load.
Then the same again (a rerun: nothing new to load), which shows the fixed cost of a daily run.

Then ``nianbao_collect`` on the native Celery cluster of the tests (``tests/airflow/cluster.py``: api-server,
scheduler, dag-processor and N workers of one task slot each, metadata and warehouse on the local
PostgreSQL, broker on the local Redis), once per ``--workers`` count: the wall time of each stage from
its task instances, the mean task-instance duration of the load tasks against the in-process time per
document (the per-task Airflow overhead), where the CPU went during the run (each component with its
children, the metadata database's server processes, the whole machine), and the speed-up of the
parse+load stage over one worker. The cluster pools its database connections, as docker-compose.yml does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(Path(__file__).resolve().parent), str(REPO)]

from crawl_speed import YEAR, write_registry  # noqa: E402

from nianbao.pipeline.run import run  # noqa: E402
from nianbao.pipeline.settings import Settings  # noqa: E402
from tests.support.fixture_site.build import build  # noqa: E402
from tests.support.fixture_site.serve import FixtureServer  # noqa: E402


def measure(agencies: int, jobs: int, work: Path, workers: list[int]) -> None:
    print(f"DagBag parse of dags/: {dagbag_seconds(work):.3f} s")
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
            if attempt == "first run":
                in_process = summary.seconds["load"] * jobs / max(loaded, 1)
        if workers:
            measure_celery(work, server.base_url, workers, in_process)


def _stage_seconds(instances: list[dict]) -> dict[str, float]:
    """Wall time of each task of a run: its first instance's start to its last instance's end."""
    spans: dict[str, list[datetime]] = {}
    for ti in instances:
        if ti["start_date"] and ti["end_date"]:
            span = spans.setdefault(ti["task_id"], [])
            span += [datetime.fromisoformat(ti["start_date"]), datetime.fromisoformat(ti["end_date"])]
    return {task: (max(span) - min(span)).total_seconds() for task, span in spans.items()}


TICK = os.sysconf("SC_CLK_TCK")


def _stat_fields() -> list[tuple[str, list[str]]]:
    """(command line, fields after the name) of every process, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        found.append((command, fields))
    return found


def cpu_by_component(sessions: dict[str, int], databases: tuple[str, ...]) -> dict[str, float]:
    """CPU seconds so far of each component's session (its reaped children included: a worker's task
    processes), of the PostgreSQL backends serving ``databases``, and of the whole machine."""
    seconds = dict.fromkeys([*sessions, "postgresql"], 0.0)
    by_session = {session: name for name, session in sessions.items()}
    for command, fields in _stat_fields():
        used = sum(int(f) for f in fields[11:15]) / TICK  # utime, stime, cutime, cstime
        name = by_session.get(int(fields[3]))  # the session id
        if name:
            seconds[name] += used
        elif command.startswith("postgres:") and any(database in command for database in databases):
            seconds["postgresql"] += used
    busy = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    seconds["machine"] = (sum(int(v) for v in busy) - int(busy[3]) - int(busy[4])) / TICK  # all but idle, iowait
    return seconds


def celery(work: Path, base_url: str, workers: int) -> tuple[dict[str, float], float, int, dict[str, float]]:
    """One ``nianbao_collect`` run on a cluster of ``workers`` one-slot workers; (stage seconds, mean load
    task seconds, load tasks, CPU seconds by component during the run)."""
    from tests.airflow.cluster import running_cluster, throwaway_database

    root = work / f"cluster-{workers}"
    shutil.copytree(REPO / "dags", root / "dags", ignore=shutil.ignore_patterns("__pycache__"))
    names = tuple(f"w{n}" for n in range(1, workers + 1))
    with running_cluster(root, root / "dags", names, concurrency=1, pooled=True) as cluster, \
            throwaway_database("bench") as url:
        cluster.set_connection("nianbao_warehouse", "generic", {"sqlalchemy_url": url})
        for key, value in {"nianbao_registry": str(work / "sources"), "nianbao_base_url": base_url,
                           "nianbao_fast": "true", "nianbao_raw_store": str(root / "raw"),
                           "nianbao_docs": str(root / "docs")}.items():
            cluster.set_variable(key, value)
        sessions = {name: component.process.pid for name, component in cluster.components.items()}
        databases = (cluster.environment["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].rsplit("/", 1)[1],
                     url.rsplit("/", 1)[1])
        before = cpu_by_component(sessions, databases)
        run_id = cluster.trigger("nianbao_collect", {"year": YEAR})
        state = cluster.wait(run_id, timeout=7200)
        after = cpu_by_component(sessions, databases)
        instances = cluster.task_instances(run_id)
    if state != "success":
        raise SystemExit(f"nianbao_collect ended {state} on {workers} worker(s)")
    loads = [ti for ti in instances if ti["task_id"] == "load"]
    mean = sum(ti["duration"] for ti in loads) / len(loads) if loads else 0.0
    return _stage_seconds(instances), mean, len(loads), {k: after[k] - before[k] for k in after}


def measure_celery(work: Path, base_url: str, counts: list[int], in_process: float) -> None:
    load_seconds = {}
    for workers in counts:
        stages, mean, loads, cpu = celery(work, base_url, workers)
        load_seconds[workers] = stages.get("load", 0.0)
        print(f"Celery, {workers} worker(s) of one slot: " + ", ".join(f"{t} {s:.1f} s" for t, s in stages.items())
              + f"; {loads} load tasks, {mean:.2f} s each on average (in-process {in_process:.2f} s/document: "
                f"Airflow adds {mean - in_process:.2f} s per task)")
        print("  CPU seconds during the run: " + ", ".join(f"{name} {used:.1f}" for name, used in cpu.items())
              + f" (machine: {cpu['machine'] / max(loads, 1):.2f} CPU s per load task, all stages counted)")
    if 1 in load_seconds and 2 in load_seconds and load_seconds[2]:
        print(f"parse+load speed-up, 2 workers over 1: {load_seconds[1] / load_seconds[2]:.2f}x")


def dagbag_seconds(work: Path) -> float:
    """How long Airflow takes to parse ``dags/`` (a fresh process, Airflow itself already imported)."""
    script = ("import sys, time\nfrom airflow.dag_processing.dagbag import DagBag\nbegan = time.perf_counter()\n"
              "bag = DagBag(dag_folder=sys.argv[1])\nassert not bag.import_errors, bag.import_errors\n"
              "print(time.perf_counter() - began)")
    environment = {**os.environ, "AIRFLOW_HOME": str(work / "airflow-parse"), "AIRFLOW__CORE__LOAD_EXAMPLES": "False"}
    result = subprocess.run([sys.executable, "-c", script, str(REPO / "dags")], env=environment, check=True,
                            capture_output=True, text=True)
    return float(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2],
                        help="Celery worker counts to measure (none: only nianbao run)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        measure(args.agencies, args.jobs, args.keep, args.workers)
        return
    with tempfile.TemporaryDirectory(prefix="nianbao-pipeline-bench-") as folder:
        measure(args.agencies, args.jobs, Path(folder), args.workers)


if __name__ == "__main__":
    main()
