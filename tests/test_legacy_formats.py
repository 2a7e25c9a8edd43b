"""Old .doc/.wps/.xls/.et reports: converted by headless LibreOffice and read exactly like their DOCX twins;
a conversion that hangs, runs out of memory or meets a broken file ends with a one-line reason, the rest
of a batch goes on, and no process or temporary file of it is left."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import pytest
from filelock import FileLock

from parsers.document import ParseError
from parsers.limits import MB, Limits
from parsers.ole import ole_kind
from parsers.parse import parse_path
from parsers.read import read_document
from tests.fixtures.make_corpus import CORPUS
from tests.fixtures.make_legacy import DOCX_TWINS, build

REPO = Path(__file__).resolve().parents[1]
FORMATS = {".doc": "doc", ".wps": "doc", ".xls": "xls", ".et": "xls"}
MARKER = "NIANBAO_TEST_CONVERSION"


@pytest.fixture(scope="session")
def twins(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .doc/.wps/.xls twins of the corpus's DOCX reports, built once for all xdist workers."""
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / "legacy-twins"
    with FileLock(str(root / "legacy-twins.lock")):
        if not (folder / "built").exists():
            build(folder)
            (folder / "built").touch()
    return folder


@pytest.fixture
def marked(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Conversions of this test carry a marker in their environment and write under a temp folder of
    the test's own, which is returned."""
    monkeypatch.setenv(MARKER, uuid.uuid4().hex)
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    return temp


def conversion_processes() -> list[str]:
    """Names of the live processes (other than this one) that carry this test's marker."""
    marker = f"{MARKER}={os.environ[MARKER]}".encode()
    names = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if marker in (proc / "environ").read_bytes():
                names.append((proc / "comm").read_text().strip())
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return names


def read_watched(data: bytes, limits: Limits) -> tuple[str, float, set[str]]:
    """Read ``data`` in a thread; the reason it failed with, the seconds it took and the processes seen."""
    outcome: list[str] = []

    def read() -> None:
        with pytest.raises(ParseError) as caught:
            read_document(data, limits=limits)
        outcome.append(str(caught.value))

    seen: set[str] = set()
    start = time.monotonic()
    thread = threading.Thread(target=read)
    thread.start()
    while thread.is_alive():
        seen.update(conversion_processes())
        time.sleep(0.02)
    thread.join()
    return outcome[0], time.monotonic() - start, seen


def test_old_formats_parse_to_exactly_their_docx_twins_and_a_batch_survives_broken_files(
        twins: Path, tmp_path: Path) -> None:
    folder = tmp_path / "旧格式"
    shutil.copytree(twins, folder, ignore=shutil.ignore_patterns("built"))
    shutil.copyfile(twins / f"{DOCX_TWINS[0].name}.xls", folder / "统计表.et")
    good = sorted(folder.iterdir())
    word = (twins / f"{DOCX_TWINS[0].name}.doc").read_bytes()
    garbled = bytearray(word)
    garbled[512 : len(word) // 2] = random.Random(15).randbytes(len(word) // 2 - 512)
    assert ole_kind(bytes(garbled)) == "doc"  # its directory is intact: LibreOffice is the one to refuse it
    (folder / "损坏.doc").write_bytes(bytes(garbled))
    (folder / "截断.wps").write_bytes(word[:2000])

    result = subprocess.run([sys.executable, "-m", "nianbao.commands.cli", "parse", "--json", folder], capture_output=True,
                            text=True, encoding="utf-8", cwd=REPO, timeout=900)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"错误：{folder / '截断.wps'}：旧版 Office/WPS 文件已损坏或被截断",
        f"错误：{folder / '损坏.doc'}：LibreOffice 无法转换此文件（文件可能已损坏或格式不受支持）",
    ]
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(r["source"]["path"]) for r in reports] == good
    for report in reports:
        path = Path(report["source"]["path"])
        assert report.pop("source")["format"] == FORMATS[path.suffix]
        stem = DOCX_TWINS[0].name if path.suffix == ".et" else path.stem
        twin = json.loads(parse_path(CORPUS / f"{stem}.docx").to_json())
        twin.pop("source")
        assert report == twin, path.name


def test_a_real_conversion_over_its_time_limit_is_killed_with_all_its_processes(twins: Path, marked: Path) -> None:
    data = (twins / f"{DOCX_TWINS[0].name}.doc").read_bytes()
    reason, seconds, seen = read_watched(data, Limits(max_seconds=0.5))
    assert reason == "LibreOffice 转换超时（0.5 秒），已终止"
    assert seen, "the conversion never started"
    assert seconds < 0.5 + 10  # the limit, then killing and reaping (seconds on a loaded machine)
    assert conversion_processes() == []
    assert list(marked.iterdir()) == []


def test_a_hanging_converter_and_its_children_are_killed(twins: Path, tmp_path: Path, marked: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """A converter that never ends and has started a child of its own (as soffice starts soffice.bin)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    hanging = bin_dir / "soffice"
    hanging.write_text("#!/bin/sh\nsleep 300 &\nexec sleep 301\n")
    hanging.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    data = (twins / f"{DOCX_TWINS[0].name}.doc").read_bytes()
    reason, seconds, seen = read_watched(data, Limits(max_seconds=1))
    assert reason == "LibreOffice 转换超时（1 秒），已终止"
    assert "sleep" in seen
    assert seconds < 1 + 10
    assert conversion_processes() == []
    assert list(marked.iterdir()) == []


def test_a_conversion_over_its_memory_limit_fails_with_a_reason(twins: Path, marked: Path) -> None:
    data = (twins / f"{DOCX_TWINS[0].name}.xls").read_bytes()
    with pytest.raises(ParseError, match=r"^LibreOffice 转换失败（退出码 \d+，可能文件已损坏或内存超过上限 64 MB）$"):
        read_document(data, limits=Limits(max_convert_memory=64 * MB))
    assert conversion_processes() == []
    assert list(marked.iterdir()) == []


def test_load_puts_old_formats_in_the_warehouse(twins: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    name = DOCX_TWINS[1].name
    files = [twins / f"{name}.wps", twins / f"{name}.xls"]
    result = subprocess.run([sys.executable, "-m", "nianbao.commands.cli", "load", *files], capture_output=True,
                            text=True, encoding="utf-8", cwd=tmp_path, timeout=900, env={**os.environ, "NIANBAO_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    twin = parse_path(CORPUS / f"{name}.docx")
    assert f"已入库：{files[0]} → {twin.agency} {twin.year} 年度 第 1 版" in result.stdout
    # the same report in other bytes is recorded, and its content is unchanged (issue 14: no new version)
    assert f"未变化：{files[1]} → {twin.agency} {twin.year} 年度 第 1 版" in result.stdout
    with sqlite3.connect(home / "nianbao.db") as warehouse:
        formats = warehouse.execute("SELECT path, format, status FROM source_document ORDER BY id").fetchall()
    assert formats == [(str(files[0]), "doc", "loaded"), (str(files[1]), "xls", "loaded")]


@pytest.mark.slow
def test_check_reads_an_old_format_like_any_other(twins: Path, tmp_path: Path) -> None:
    report = twins / f"{DOCX_TWINS[2].name}.wps"
    result = subprocess.run([sys.executable, "-m", "nianbao.commands.cli", "check", report], capture_output=True, text=True,
                            encoding="utf-8", cwd=tmp_path, timeout=900, env={**os.environ, "NIANBAO_HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert f"{report}：未发现问题" in result.stdout
