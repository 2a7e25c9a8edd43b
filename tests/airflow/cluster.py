"""The production topology of docker-compose.yml, started natively for tests: Airflow with the
CeleryExecutor on the local PostgreSQL (a throwaway database) and Redis (a throwaway db number), the
api-server, scheduler, dag-processor and named ``airflow celery worker`` processes.

Every component runs in its own session, so :meth:`Cluster.kill_worker` can SIGKILL a worker with every
process group it started (each task runs in a group of its own), and :meth:`Cluster.stop` can stop all.
A worker's name is ``NIANBAO_WORKER_NAME`` in its environment; through ``[core] hostname_callable`` it
becomes the ``hostname`` of every task instance the worker runs, which says where each task ran.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.error import HTTPError

import psycopg
import redis

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379"
AIRFLOW = str(Path(sys.executable).parent / "airflow")
WORKER_NAME = "NIANBAO_WORKER_NAME"
CLAIM = "nianbao-cluster"  # the key that marks a Redis database number as taken
# [scheduler] settings short enough for a test to see a killed worker's tasks failed and retried
FAST_FAILOVER = {
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": "10",  # ten heartbeats: see min_heartbeat_interval
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL": "2",
    "AIRFLOW__WORKERS__MIN_HEARTBEAT_INTERVAL": "1",
}


class ClusterError(RuntimeError):
    """A component did not start, a run did not finish in time, or a process outlived the cluster."""


def worker_name() -> str:
    """``[core] hostname_callable`` of the cluster: the worker's name, the host name elsewhere."""
    return os.environ.get(WORKER_NAME) or socket.getfqdn()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stat(pid: str) -> tuple[str, int, int] | None:
    """(state, process group, session) of a process, None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return fields[0], int(fields[2]), int(fields[3])


def session_groups(session: int) -> set[int]:
    """The process groups of the live (not zombie) processes of a session."""
    groups = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        stat = _stat(pid)
        if stat and stat[2] == session and stat[0] != "Z":
            groups.add(stat[1])
    return groups


def cluster_processes(root: Path) -> list[int]:
    """Live processes a cluster in ``root`` started: working in ``root`` (every component starts there and
    its children inherit it) or with its AIRFLOW_HOME in their environment (which a process that sets its
    title, as Celery and the api-server do, overwrites; hence the working directory)."""
    needle = f"AIRFLOW_HOME={root / 'home'}".encode() + b"\0"
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        with suppress(OSError):
            stat = _stat(pid)
            if stat and stat[0] != "Z" and (Path(os.readlink(f"/proc/{pid}/cwd")).is_relative_to(root)
                                            or needle in Path(f"/proc/{pid}/environ").read_bytes()):
                found.append(int(pid))
    return found


def kill_session(session: int) -> None:
    """SIGKILL every process group of a session until none is left."""
    for _ in range(100):
        groups = session_groups(session)
        if not groups:
            return
        for group in groups:
            with suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)
        time.sleep(0.05)
    raise ClusterError(f"processes of session {session} survive SIGKILL")


@dataclass
class Component:
    """One long-running process of the cluster and the log file of its output."""

    name: str
    process: subprocess.Popen
    log: Path
    worker: bool = False

    def tail(self, lines: int = 15) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return f"--- {self.name} ---\n" + "\n".join(text.splitlines()[-lines:])


@dataclass
class Cluster:
    """A running cluster; build it with :func:`running_cluster`."""

    root: Path
    environment: dict[str, str]
    port: int
    components: dict[str, Component] = field(default_factory=dict)
    runs: dict[str, str] = field(default_factory=dict)  # run id → dag id
    concurrency: int = 2  # task slots per worker
    _token: str | None = None

    @property
    def home(self) -> Path:
        return Path(self.environment["AIRFLOW_HOME"])

    def airflow(self, *args: str, timeout: float = 300) -> str:
        """Run one ``airflow`` CLI command to its end; its output."""
        result = subprocess.run([AIRFLOW, *args], env=self.environment, cwd=self.root, capture_output=True,
                                text=True, timeout=timeout)
        if result.returncode != 0:
            raise ClusterError(f"airflow {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
        return result.stdout

    def start(self, name: str, *args: str, worker: bool = False, **extra: str) -> None:
        """Start a long-running ``airflow`` command in its own session."""
        log = self.root / "logs" / f"{name}.{len(list(self.root.glob(f'logs/{name}.*.log')))}.log"  # one per start
        log.parent.mkdir(exist_ok=True)
        with log.open("ab") as output:
            process = subprocess.Popen([AIRFLOW, *args], env={**self.environment, **extra}, cwd=self.root,
                                       stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
        self.components[name] = Component(name, process, log, worker)

    def start_worker(self, name: str) -> None:
        self.start(name, "celery", "worker", "--celery-hostname", f"{name}@localhost", "--skip-serve-logs",
                   "--concurrency", str(self.concurrency), worker=True, **{WORKER_NAME: name})

    def workers(self) -> list[str]:
        return [name for name, component in self.components.items() if component.worker]

    def ensure_workers(self, names: tuple[str, ...]) -> None:
        """Start the named workers that are not running (after :meth:`kill_worker`) and wait for them."""
        for name in names:
            if name not in self.components:
                self.start_worker(name)
        self.wait_ready()

    def kill_worker(self, name: str) -> None:
        """SIGKILL a worker: every process group of its session, its tasks included."""
        component = self.components.pop(name)
        kill_session(component.process.pid)
        component.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGKILL every component with all its process groups (the cluster and its database are thrown
        away, so nothing needs a graceful shutdown), then any straggler of this cluster."""
        for component in self.components.values():
            kill_session(component.process.pid)
            component.process.wait(timeout=10)
        self.components.clear()
        stragglers = cluster_processes(self.root)
        for pid in stragglers:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if stragglers:
            raise ClusterError(f"processes outlived their session and were killed: {stragglers}")

    def set_connection(self, connection_id: str, conn_type: str, extra: dict, **fields: str | int) -> None:
        """Create or replace an Airflow Connection (through the REST API, as an operator would);
        ``fields`` are its other fields (host, port, login…)."""
        with suppress(HTTPError):
            self.api("DELETE", f"/connections/{connection_id}")
        self.api("POST", "/connections", {"connection_id": connection_id, "conn_type": conn_type,
                                          "extra": json.dumps(extra), **fields})

    def set_variable(self, key: str, value: str) -> None:
        with suppress(HTTPError):
            self.api("DELETE", f"/variables/{key}")
        self.api("POST", "/variables", {"key": key, "value": value})

    def logs(self) -> str:
        return "\n".join(component.tail() for component in self.components.values())

    def check_alive(self) -> None:
        for component in self.components.values():
            if component.process.poll() is not None:
                raise ClusterError(f"{component.name} exited with {component.process.returncode}\n{component.tail(40)}")

    # --- the REST API (v2) of the api-server -------------------------------------------------------------

    def api(self, method: str, path: str, body: dict | None = None) -> Any:
        if self._token is None:
            self._token = self._request("GET", "/auth/token", None, None)["access_token"]
        return self._request(method, f"/api/v2{path}", body, self._token)

    def _request(self, method: str, path: str, body: dict | None, token: str | None) -> Any:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})})
        with urllib.request.urlopen(request, timeout=120) as response:
            content = response.read()
        return json.loads(content) if content else None

    def wait_ready(self, timeout: float = 180) -> None:
        """Until the api-server reports a healthy scheduler and dag-processor and every worker is ready."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.check_alive()
            with suppress(OSError, HTTPError, ValueError):
                health = self._request("GET", "/api/v2/monitor/health", None, None)
                healthy = all(health.get(part, {}).get("status") == "healthy"
                              for part in ("metadatabase", "scheduler", "dag_processor"))
                if healthy and all(self.worker_ready(name) for name in self.workers()):
                    return
            time.sleep(1)
        raise ClusterError(f"cluster not ready after {timeout:.0f} s\n{self.logs()}")

    def worker_ready(self, name: str) -> bool:
        return f"{name}@localhost ready." in self.components[name].log.read_text(errors="replace")

    def wait_for_dag(self, dag_id: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with suppress(HTTPError):
                self.api("GET", f"/dags/{dag_id}")
                return
            self.check_alive()
            time.sleep(1)
        raise ClusterError(f"DAG {dag_id} not parsed after {timeout:.0f} s\n{self.logs()}")

    def trigger(self, dag_id: str, conf: dict | None = None, logical_date: str | None = None) -> str:
        """Start a run of ``dag_id`` with ``conf``; its run id."""
        self.wait_for_dag(dag_id)
        run = self.api("POST", f"/dags/{dag_id}/dagRuns", {"logical_date": logical_date, "conf": conf or {}})
        self.runs[run["dag_run_id"]] = dag_id
        return run["dag_run_id"]

    def run_state(self, run_id: str) -> str:
        return self.api("GET", f"/dags/{self.runs[run_id]}/dagRuns/{run_id}")["state"]

    def wait(self, run_id: str, timeout: float = 240) -> str:
        """Until the run is finished; its final state (``success`` or ``failed``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.run_state(run_id)
            if state in ("success", "failed"):
                return state
            self.check_alive()
            time.sleep(1)
        states = [(ti["task_id"], ti["map_index"], ti["state"]) for ti in self.task_instances(run_id)]
        raise ClusterError(f"run {run_id} still {state} after {timeout:.0f} s: {states}\n{self.logs()}")

    def task_instances(self, run_id: str) -> list[dict]:
        """Every task instance of the run, page by page (the API answers at most ``maximum_page_limit``)."""
        dag_id, instances = self.runs[run_id], []
        while True:
            page = self.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances?limit=100&offset={len(instances)}")
            instances += page["task_instances"]
            if not page["task_instances"] or len(instances) >= page["total_entries"]:
                return instances

    def xcom(self, run_id: str, task_id: str, map_index: int = -1) -> Any:
        """The return value of one task instance."""
        dag_id = self.runs[run_id]
        entry = self.api("GET", f"/dags/{dag_id}/dagRuns/{run_id}/taskInstances/{task_id}/xcomEntries/"
                                f"return_value?map_index={map_index}&deserialize=true")
        return entry["value"]


def _admin(statement: str) -> None:
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", autocommit=True) as admin:
        admin.execute(statement)


def drop_database(url: str) -> None:
    _admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


def flush_redis_db(url: str) -> None:
    with redis.Redis.from_url(url) as client:
        client.flushdb()


@contextmanager
def throwaway_database(purpose: str) -> Iterator[str]:
    """A fresh PostgreSQL database on the local server; its SQLAlchemy URL. Dropped afterwards."""
    url = f"{POSTGRES}/nianbao_{purpose}_{secrets.token_hex(6)}"
    _admin(f"CREATE DATABASE {url.rsplit('/', 1)[1]}")
    try:
        yield url
    finally:
        drop_database(url)


@contextmanager
def throwaway_redis_db() -> Iterator[str]:
    """An empty Redis database number, claimed with a key so concurrent clusters pick others; flushed after."""
    for number in range(15, 0, -1):
        client = redis.Redis.from_url(f"{REDIS}/{number}")
        if client.set(CLAIM, os.getpid(), nx=True):
            if client.dbsize() == 1:
                break
            client.delete(CLAIM)
        client.close()
    else:
        raise ClusterError("no free Redis database number")
    client.close()
    try:
        yield f"{REDIS}/{number}"
    finally:
        flush_redis_db(f"{REDIS}/{number}")


def clean_up(root: str, database: str, broker: str) -> None:
    """Kill every process of the cluster in ``root``, drop its metadata database, flush its broker."""
    for _ in range(100):
        pids = cluster_processes(Path(root))
        if not pids:
            break
        for pid in pids:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.05)
    drop_database(database)
    flush_redis_db(broker)


def watch(owner: str, root: str, database: str, broker: str) -> None:
    """The watchdog's loop (its own process and session): once the test process ``owner`` is gone
    without stopping the cluster (pytest killed), clean up after it."""
    while (stat := _stat(owner)) and stat[0] != "Z":
        time.sleep(1)
    clean_up(root, database, broker)


@contextmanager
def watchdog(root: Path, database: str, broker: str) -> Iterator[None]:
    """Guard the cluster against the death of this process for as long as the block runs."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("AIRFLOW")}
    process = subprocess.Popen([sys.executable, "-c", "import sys; from tests.airflow.cluster import watch; "
                                "watch(*sys.argv[1:])", str(os.getpid()), str(root), database, broker],
                               env=environment, start_new_session=True)
    try:
        yield
    finally:
        process.kill()
        process.wait()


def airflow_environment(home: Path, dags: Path, database: str, broker: str, port: int, *, pooled: bool = False
                        ) -> dict[str, str]:
    """The configuration docker-compose.yml gives every Airflow container, for processes on 127.0.0.1.

    Unless ``pooled`` (as in docker-compose.yml), Airflow's components keep no idle database connections,
    since the tests share one PostgreSQL server: every session then opens a connection of its own."""
    inherited = {key: value for key, value in os.environ.items() if not key.startswith(("AIRFLOW", WORKER_NAME))}
    return {
        **inherited,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",  # only the runs a test triggers
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
        "AIRFLOW__CORE__HOSTNAME_CALLABLE": f"{__name__}.worker_name",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": database,
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_ASYNC": database,
        "AIRFLOW__DATABASE__SQL_ALCHEMY_POOL_ENABLED": str(pooled),
        "AIRFLOW__CELERY__BROKER_URL": broker,
        "AIRFLOW__CELERY__RESULT_BACKEND": f"db+{database}",
        "AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS": "nianbao.pipeline.worker.CELERY_CONFIG",
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(32),
        **FAST_FAILOVER,
    }


@contextmanager
def running_cluster(root: Path, dags: Path, workers: tuple[str, ...] = ("w1", "w2"), concurrency: int = 2,
                    *, pooled: bool = False) -> Iterator[Cluster]:
    """Migrate a throwaway metadata database and run the cluster on it until the block ends; each worker
    has ``concurrency`` task slots."""
    with throwaway_database("airflow") as database, throwaway_redis_db() as broker, \
            watchdog(root, database, broker):
        port = free_port()
        cluster = Cluster(root, airflow_environment(root / "home", dags, database, broker, port, pooled=pooled),
                          port, concurrency=concurrency)
        try:
            cluster.airflow("db", "migrate")
            cluster.start("api-server", "api-server", "--port", str(port), "--host", "127.0.0.1")
            cluster.start("scheduler", "scheduler")
            cluster.start("dag-processor", "dag-processor")
            for name in workers:
                cluster.start_worker(name)
            cluster.wait_ready()
            yield cluster
        finally:
            cluster.stop()
