"""``nianbao check FILE --json`` prints the parse object with its findings; ``nianbao parse`` stays free of GE."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.expectations.test_seeds import SEEDS

NIANBAO = Path(sys.executable).parent / "nianbao"


def test_cli_modules_do_not_import_great_expectations() -> None:
    code = ("import sys; from nianbao.commands.cli import build_parser; build_parser(); "
            "import nianbao.commands.parse; print('great_expectations' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


@pytest.mark.slow
def test_check_files_json(tmp_path: Path) -> None:
    seeds = [sorted(SEEDS.glob("001_*.txt"))[0], sorted(SEEDS.glob("003_*.txt"))[0]]
    result = subprocess.run([str(NIANBAO), "check", *map(str, seeds), "--json", "--docs", str(tmp_path / "docs")],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    parsed = subprocess.run([str(NIANBAO), "parse", "--json", *map(str, seeds)], capture_output=True, text=True,
                            check=True, cwd=tmp_path)
    for obj, plain in zip(objects, parsed.stdout.splitlines(), strict=True):
        assert {k: v for k, v in obj.items() if k != "findings"} == {k: v for k, v in json.loads(plain).items()
                                                                    if k != "findings"}
        for finding in obj["findings"]:
            assert set(finding) == {"rule", "severity", "message", "where", "expected", "actual"}
            assert finding["severity"] in ("error", "warning", "unverifiable")
    first, third = ({(f["rule"], f["severity"]) for f in o["findings"]} for o in objects)
    assert ("sections_present", "error") in first and ("review_litigation_totals", "unverifiable") in first
    total_row = [f for f in objects[1]["findings"] if f["rule"] == "applications_total_row"]
    assert {(f["expected"], f["actual"]) for f in total_row} == {("3", "0")}
    assert {f["where"] for f in total_row} == {"表三（收到和处理政府信息公开申请情况）「（七）总计」行「自然人」列",
                                               "表三（收到和处理政府信息公开申请情况）「（七）总计」行「总计」列"}
    assert ("narrative_matches_table", "warning") in third
    assert (tmp_path / "docs" / "index.html").is_file()


REAL = Path(__file__).resolve().parents[2].parent / "shared" / "real"
# What a person reading the three published PDFs finds (rule → severity); none carries a date, and both
# 洪泽 reports print table 三's （六） as the single F2019 row in an F2021 report.
REAL_FINDINGS = {
    "hongze-district-2023.pdf": {("review_litigation_totals", "error"), ("layout_matches_year", "warning"),
                                 ("published_on_time", "unverifiable")},
    "hongze-district-2024.pdf": {("layout_matches_year", "warning"), ("narrative_matches_table", "warning"),
                                 ("published_on_time", "unverifiable")},
    "huaian-city-2024.pdf": {("published_on_time", "unverifiable")},
}


@pytest.mark.slow
def test_check_real_reports_finds_what_a_reader_finds(tmp_path: Path) -> None:
    files = [REAL / name for name in REAL_FINDINGS]
    result = subprocess.run([str(NIANBAO), "check", *map(str, files), "--json", "--docs", str(tmp_path / "docs")],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    for name, obj in zip(REAL_FINDINGS, objects, strict=True):
        assert {(f["rule"], f["severity"]) for f in obj["findings"]} == REAL_FINDINGS[name], name
    mixed = [f["message"] for o in objects for f in o["findings"] if f["rule"] == "layout_matches_year"]
    assert all("夹用了2019 年版格式" in m for m in mixed), mixed
