"""A quiet terminal: parsing damaged PDFs prints one line per document (a document read only partly says
so), while library warnings and stacks go to the rotating log in the home folder, or also to the
terminal with ``--verbose``."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from nianbao.pipeline.parse import worker_result
from parsers.limits import Limits
from parsers.pdf import read_pdf
from tests.fixtures.make_bad_inputs import text_pdf

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "tests" / "fixtures" / "corpus" / "pdf-health-2024.pdf"


def broken_media_box(data: bytes, page: int) -> bytes:
    """The PDF with one page's /MediaBox short of a number, at the same length (the xref stays right):
    pdfium still reads every page, pdfplumber cannot build that page's table layer."""
    box = list(re.finditer(rb"/MediaBox ?\[([^\]]*)\]", data))[page]
    numbers = box.group(1).split()[:3]
    return data[:box.start(1)] + b" ".join(numbers).ljust(len(box.group(1))) + data[box.end(1):]


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    folder = tmp_path / "damaged"
    folder.mkdir()
    data = SOURCE.read_bytes()
    (folder / "partial.pdf").write_bytes(broken_media_box(data, 2))
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 3])
    (folder / "whole.pdf").write_bytes(data)
    return folder


def parse(folder: Path, home: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NIANBAO_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "nianbao.commands.cli", "parse", "--jobs", "1", *extra, str(folder)],
                          capture_output=True, text=True, encoding="utf-8", env=env, cwd=REPO, timeout=300)


def test_one_line_per_document_and_the_stacks_in_the_log(damaged: Path, tmp_path: Path) -> None:
    result = parse(damaged, tmp_path / "home")
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"错误：{damaged / 'truncated.pdf'}："), result.stderr
    assert "Traceback" not in result.stdout + result.stderr and "pdfminer" not in result.stderr
    firsts = [line for line in result.stdout.splitlines() if line.startswith(str(damaged))]
    assert firsts == [f"{damaged / 'partial.pdf'}（部分读取：第 1、3、4 页无法读取表格，已按文字读取）",
                      str(damaged / "whole.pdf")]
    log = (tmp_path / "home" / "logs" / "nianbao.log").read_text(encoding="utf-8")
    assert f"reading {damaged / 'partial.pdf'}" in log
    assert "pdfplumber cannot read page" in log and "Traceback (most recent call last)" in log


def test_verbose_shows_the_library_warnings_too(damaged: Path, tmp_path: Path) -> None:
    result = parse(damaged / "partial.pdf", tmp_path / "home", "--verbose")
    assert result.returncode == 0
    assert "pdfplumber cannot read page" in result.stderr and "Traceback" in result.stderr
    assert "（部分读取：" in result.stdout


def test_a_glyph_taller_than_the_page_is_bounded_by_the_page() -> None:
    """A damaged font size (here 99,999,999 pt over a ruled box) once indexed millions of 16-pt buckets
    per character, gigabytes for one page, and killed the parse's worker process."""
    document = read_pdf(text_pdf(2, "Giant glyphs", font_size=99_999_999, ruled=True), Limits.from_env())
    assert document.pages == 2 and len(document.blocks) == 2 and document.read_notes == []


def test_a_killed_worker_fails_its_file_not_the_command() -> None:
    with ProcessPoolExecutor(max_workers=1) as pool:
        status, reason = worker_result(pool.submit(os._exit, 1))
    assert status == "error" and reason.startswith("解析进程意外终止")
