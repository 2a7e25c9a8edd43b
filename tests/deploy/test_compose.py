"""docker-compose.yml and the Dockerfile, checked statically (Docker is not available here; the topology
runs natively in tests/airflow): the compose file parses, every command a container of the project image
runs (service commands, the init script, health checks) exists in the installed packages, every
``NIANBAO_*`` variable it sets is one the code reads, every ``AIRFLOW__SECTION__KEY`` is a real Airflow
option, and services, images, volumes, configs and dependencies agree.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import yaml

from nianbao.commands.cli import build_parser

REPO = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict] = COMPOSE["services"]
DOCKERFILE = (REPO / "Dockerfile").read_text(encoding="utf-8")
IMAGE = "nianbao:latest"
PROJECT = {name: service for name, service in SERVICES.items() if service.get("image") == IMAGE}
AIRFLOW_COMPONENTS = {"airflow-apiserver": "api-server", "airflow-scheduler": "scheduler",
                      "airflow-dag-processor": "dag-processor", "airflow-triggerer": "triggerer",
                      "airflow-worker": "celery worker"}
SOURCES = ("nianbao", "parsers", "crawlers", "dags")

# Run in a subprocess with a temporary AIRFLOW_HOME and the compose file's Airflow settings: which
# option names Airflow does not know, which `airflow` command lines its parser rejects, which
# `celery --app` applications do not import.
AIRFLOW_CHECK = """
import importlib, json, sys
from airflow.configuration import retrieve_configuration_description
from airflow.cli.cli_parser import get_parser

names, commands, apps = json.loads(sys.stdin.read())
known = retrieve_configuration_description(include_providers=True)
unknown = [n for n in names if n.split("__")[2].lower() not in known.get(n.split("__")[1].lower(), {}).get("options", {})]
rejected = []
for command in commands:
    try:
        get_parser().parse_args(command)
    except SystemExit:
        rejected.append(command)
missing = []
for app in apps:
    module, _, attribute = app.rpartition(".")
    if not hasattr(importlib.import_module(module), attribute):
        missing.append(app)
print(json.dumps({"unknown": unknown, "rejected": rejected, "missing": missing}))
"""


def dockerfile_instruction(name: str) -> list[str]:
    """The arguments of the final image's last ``name`` instruction."""
    final_stage = DOCKERFILE.rsplit("\nFROM ", 1)[1]
    (line,) = [line for line in final_stage.splitlines() if line.startswith(f"{name} ")][-1:]
    argument = line.split(" ", 1)[1]
    return json.loads(argument) if argument.startswith("[") else argument.split()


def command_lines(service: dict) -> list[list[str]]:
    """Every command line a container of the service runs: its command (after the entrypoint, or each
    line of a ``bash -c`` script) and its health check."""
    entrypoint = service.get("entrypoint")
    command = service.get("command", [])
    command = command.split() if isinstance(command, str) else command
    if entrypoint == "/bin/bash":
        lines = [line for line in command[-1].splitlines() if line.strip()]
    else:
        lines = [shlex.join([*dockerfile_instruction("ENTRYPOINT"), *command])]
    test = service.get("healthcheck", {}).get("test", [])
    if test[:1] == ["CMD"]:
        lines.append(shlex.join(test[1:]))
    elif test[:1] == ["CMD-SHELL"]:
        lines.append(test[1])
    return [_first_command(shlex.split(line)) for line in lines]


def _first_command(words: list[str]) -> list[str]:
    """A shell line's first command: up to a redirection or the next command."""
    ends = [i for i, word in enumerate(words) if word in ("||", "&&", "|", ";") or re.match(r"\d?>", word)]
    return words[:ends[0]] if ends else words


def all_command_lines() -> list[list[str]]:
    return [line for service in PROJECT.values() for line in command_lines(service)]


def environment_names() -> set[str]:
    return {name for service in SERVICES.values() for name in service.get("environment", {})}


def test_topology_follows_airflow_compose() -> None:
    assert set(SERVICES) == {"postgres", "redis", "mailpit", "airflow-init", *AIRFLOW_COMPONENTS}
    assert set(PROJECT) == {"airflow-init", *AIRFLOW_COMPONENTS}
    for name, subcommand in AIRFLOW_COMPONENTS.items():
        assert SERVICES[name]["command"] == subcommand
    worker = SERVICES["airflow-worker"]
    assert "container_name" not in worker and "ports" not in worker  # scalable with --scale
    assert all(service["build"] == "." for service in PROJECT.values())
    assert dockerfile_instruction("ENTRYPOINT") == ["airflow"]


def test_every_command_exists_in_the_image(tmp_path: Path) -> None:
    scripts = set(entry_points(group="console_scripts").names)
    lines = all_command_lines()
    assert {line[0] for line in lines} <= scripts | {"python"}, lines

    airflow = [line[1:] for line in lines if line[0] == "airflow"]
    assert {tuple(line[:2]) for line in airflow} >= {("db", "migrate"), ("connections", "add"), ("celery", "worker")}
    apps = [line[line.index("--app") + 1] for line in lines if line[0] == "celery"]
    checked = airflow_check(tmp_path, [], airflow, apps)
    assert checked["rejected"] == [] and checked["missing"] == []

    for line in lines:
        if line[0] == "nianbao":
            build_parser().parse_args(line[1:])
        elif line[0] == "python":
            compile(line[line.index("-c") + 1], "healthcheck", "exec")
    assert ["nianbao", "db", "upgrade"] in lines


def test_environment_names_are_read_by_the_code(tmp_path: Path) -> None:
    names = environment_names()
    read = {match for folder in SOURCES for path in (REPO / folder).rglob("*.py")
            for match in re.findall(r"[\"'](NIANBAO_[A-Z_]+)[\"']", path.read_text(encoding="utf-8"))}
    nianbao = {name for name in names if name.startswith("NIANBAO_")}
    assert nianbao and nianbao <= read, nianbao - read

    airflow_options = sorted(name for name in names if name.startswith("AIRFLOW__"))
    assert all(len(name.split("__")) == 3 for name in airflow_options)
    assert airflow_check(tmp_path, airflow_options, [], [])["unknown"] == []


def airflow_check(home: Path, names: list[str], commands: list[list[str]], apps: list[str]) -> dict:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("AIRFLOW")}
    environment |= {"AIRFLOW_HOME": str(home), "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor"}
    result = subprocess.run([sys.executable, "-c", AIRFLOW_CHECK], input=json.dumps([names, commands, apps]),
                            env=environment, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_images_volumes_configs_and_dependencies_agree() -> None:
    declared_volumes, declared_configs = set(COMPOSE["volumes"]), set(COMPOSE.get("configs", {}))
    used_volumes = set()
    for name, service in SERVICES.items():
        assert service.get("image"), name
        for mount in service.get("volumes", []):
            source = mount.split(":")[0]
            assert not source.startswith((".", "/")), f"{name}: bind mount {mount}"
            used_volumes.add(source)
        assert {config["source"] for config in service.get("configs", [])} <= declared_configs
        for dependency, rule in service.get("depends_on", {}).items():
            assert dependency in SERVICES, (name, dependency)
            if rule["condition"] == "service_healthy":
                assert "healthcheck" in SERVICES[dependency], (name, dependency)
            else:
                assert rule["condition"] == "service_completed_successfully"
                assert SERVICES[dependency].get("restart") == "no", (name, dependency)
    assert used_volumes == declared_volumes
    # no dependency cycle: every service can be started after its dependencies
    started: set[str] = set()
    while len(started) < len(SERVICES):
        ready = {n for n, s in SERVICES.items() if n not in started and set(s.get("depends_on", {})) <= started}
        assert ready, f"dependency cycle among {set(SERVICES) - started}"
        started |= ready


def copied_sources() -> list[str]:
    """What the Dockerfile copies from the build context."""
    sources = []
    for line in DOCKERFILE.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            sources += [token for token in line.split()[1:-1] if not token.startswith("--")]
    return sources


def test_dockerfile_copies_what_the_repository_has() -> None:
    ignored = {line.strip() for line in (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")}
    sources = copied_sources()
    assert {"uv.lock", "nianbao", "expectations", "sql", "dags/"} <= set(sources)
    for source in sources:
        assert (REPO / source).exists(), source
        assert Path(source).parts[0] not in ignored, source
