"""Old Word/WPS and Excel/ET files: converted by headless LibreOffice, then read as DOCX or XLSX.

Each conversion is a ``soffice --convert-to`` run of its own: a throwaway profile and temporary folder
(removed afterwards), ``Limits.max_seconds`` of wall time and ``Limits.max_convert_memory`` of address
space (``prlimit``), in a new session so that on time-out, or after the run, the whole process group
(``soffice.bin`` with it) is killed and waited for. Nothing of a conversion outlives the call; a failure
is a ``ParseError`` with a one-line Chinese reason. LibreOffice is started only for these formats.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from parsers.document import Document, ParseError
from parsers.docx import read_docx
from parsers.limits import Limits, format_bytes
from parsers.ole import OleKind
from parsers.sheet import read_xlsx

# What each kind is converted to: the LibreOffice export filter, and the reader of the result.
_TARGETS = {"doc": ("docx:MS Word 2007 XML", read_docx), "xls": ("xlsx:Calc MS Excel 2007 XML", read_xlsx)}
_REAP_SECONDS = 5.0  # how long killed processes may take to disappear


def read_legacy(data: bytes, kind: OleKind, limits: Limits) -> Document:
    """Read a Word 97–2003/WPS (``kind="doc"``) or Excel 97–2003/ET (``"xls"``) file."""
    target, reader = _TARGETS[kind]
    converted = convert(data, suffix=f".{kind}", target=target, limits=limits)
    return dataclasses.replace(reader(converted, limits), format=kind)


def convert(data: bytes, *, suffix: str, target: str, limits: Limits) -> bytes:
    """``data`` (a file ending in ``suffix``) converted by LibreOffice to ``target`` (``ext:Filter Name``)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise ParseError("未安装 LibreOffice（soffice），无法转换旧版 Office/WPS 文件")
    with tempfile.TemporaryDirectory(prefix="nianbao-office-") as work:
        source, out = Path(work, f"source{suffix}"), Path(work, "out")
        source.write_bytes(data)
        command = [
            "prlimit", f"--as={limits.max_convert_memory}", "--core=0", "--",
            soffice, f"-env:UserInstallation={Path(work, 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", target, "--outdir", str(out), str(source),
        ]
        _run(command, env=os.environ | {"TMPDIR": work}, limits=limits)
        results = list(out.glob("source.*"))
        if not results or results[0].stat().st_size == 0:
            raise ParseError("LibreOffice 无法转换此文件（文件可能已损坏或格式不受支持）")
        return results[0].read_bytes()


def _run(command: list[str], *, env: dict[str, str], limits: Limits) -> None:
    """Run a conversion in a process group of its own; whatever happens, no process of it stays."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    try:
        process.wait(timeout=limits.max_seconds)
    except subprocess.TimeoutExpired:
        raise ParseError(f"LibreOffice 转换超时（{limits.max_seconds:g} 秒），已终止") from None
    finally:
        _kill_group(process)
    if process.returncode != 0:
        raise ParseError(f"LibreOffice 转换失败（退出码 {process.returncode}，"
                         f"可能文件已损坏或内存超过上限 {format_bytes(limits.max_convert_memory)}）")


def _kill_group(process: subprocess.Popen) -> None:
    """Kill every process of ``process``'s group and wait until none is left (zombies reaped by init)."""
    end = time.monotonic() + _REAP_SECONDS
    while time.monotonic() < end:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            return
        process.poll()
        time.sleep(0.01)
