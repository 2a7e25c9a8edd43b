"""``nianbao parse`` as a user runs it: the JSON contract, the published schema, and bad files among good."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import jsonschema
import pytest

from nianbao.model import SECTION_KEYS, json_schema
from tests.fixtures.make_bad_inputs import text_pdf

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
CORPUS = REPO / "tests" / "fixtures" / "corpus"
SCHEMA = REPO / "nianbao" / "annual-report.schema.json"


def nianbao(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nianbao.commands.cli", *map(str, args)], capture_output=True,
                          text=True, encoding="utf-8", cwd=REPO, timeout=300)


def not_a_report_docx() -> bytes:
    """A real government document that is not an annual report on disclosure."""
    word = docx.Document()
    word.add_heading("示例市司法局2023年法治政府建设年度报告", level=1)
    for line in ("一、主要举措和成效", "全面推进依法行政，完善行政执法程序。", "二、存在的不足", "下一步工作安排。"):
        word.add_paragraph(line)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_published_schema_is_current() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == json_schema(), (
        "regenerate with: .venv/bin/python -c 'import nianbao.model as m; print(m.json_schema(), end=\"\")'"
        " > nianbao/annual-report.schema.json"
    )


def test_json_output_follows_the_contract_and_the_schema() -> None:
    files = sorted(SEEDS.glob("*.txt")) + sorted(CORPUS.glob("*.docx"))
    result = nianbao("parse", "--json", *files)
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [Path(o["source"]["path"]).name for o in objects] == [f.name for f in files]
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for report in objects:
        jsonschema.validate(report, schema)
        assert set(report["source"]) >= {"path", "sha256", "format"}
        assert set(report["sections"]) == set(SECTION_KEYS)
        assert set(report["tables"]) == {"active_disclosure", "applications", "review_litigation"}
        assert report["findings"] == []
    seed_001 = objects[1]
    assert seed_001["sections"]["review_litigation"] is False
    assert "denied_state_secret" not in seed_001["tables"]["applications"], "absent rows stay absent, not 0"
    assert seed_001["tables"]["review_litigation"] == {}


def test_cells_printed_blank_slash_or_dash_are_null_not_zero(tmp_path: Path) -> None:
    page = (CORPUS / "html-civil-2023.html").read_text(encoding="utf-8")
    head, row = page.split("（二）部分公开", 1)
    cells = row.split("</tr>", 1)
    for mark in ("/", "—", ""):  # the zeros of research, social_welfare, other_org
        cells[0] = cells[0].replace('<td align="center">0</td>', f'<td align="center">{mark}</td>', 1)
    assert cells[0].count("<td") == 7
    (tmp_path / "blanks.html").write_text(head + "（二）部分公开" + "</tr>".join(cells), encoding="utf-8")
    report = json.loads(nianbao("parse", "--json", tmp_path / "blanks.html").stdout)
    truth = json.loads((CORPUS / "html-civil-2023.truth.json").read_text(encoding="utf-8"))
    partial = report["tables"]["applications"]["partial"]
    expected = dict(truth["tables"]["applications"]["partial"], research=None, social_welfare=None,
                    other_org=None)
    assert truth["tables"]["applications"]["partial"]["research"] == 0
    assert partial == expected


@pytest.mark.parametrize("as_json", [False, True], ids=["summary", "json"])
def test_bad_files_get_one_line_chinese_errors_and_the_others_still_parse(tmp_path: Path, as_json: bool) -> None:
    bad = {
        "empty.pdf": b"",
        "truncated.pdf": text_pdf(2, "Annual report")[:300],
        "random.doc": bytes(range(256)) * 40,
        "minutes.pdf": text_pdf(1, "Minutes of the staff meeting"),
        "rule-of-law.docx": not_a_report_docx(),
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    good = sorted(SEEDS.glob("*.txt"))[:2]
    result = nianbao("parse", *(["--json"] if as_json else []), *good, tmp_path)
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == len(bad)
    for line, name in zip(errors, sorted(bad), strict=True):
        assert line.startswith("错误：") and str(tmp_path / name) in line, line
        assert any("\u4e00" <= ch <= "\u9fff" for ch in line.split(name, 1)[1]), f"reason not in Chinese: {line}"
    assert "可能不是政府信息公开工作年度报告" in next(e for e in errors if "rule-of-law.docx" in e)
    if as_json:
        parsed = [json.loads(line) for line in result.stdout.splitlines()]
        assert [Path(p["source"]["path"]).name for p in parsed] == [g.name for g in good]
    else:
        assert f"共 {len(bad) + len(good)} 份，成功 {len(good)} 份，失败 {len(bad)} 份。" in result.stdout
