"""Counts stated in prose read by OCR carry the engine's confidence and page; a low one makes the claim
uncertain. Prose read from text carries none. One prose page is read by the real engine end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from nianbao.model import CellReading, Source
from parsers.confidence import THRESHOLD
from parsers.document import Document, TextLine
from parsers.extract import extract

REPO = Path(__file__).resolve().parents[1]
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
TITLE = "示例市甲局2023年政府信息公开工作年度报告"


def claims(lines: list[TextLine], kind: str = "image") -> dict[str, tuple[int, CellReading | None]]:
    """metric → (value, reading) of the claims extracted from a report of these prose lines."""
    document = Document(format=kind, blocks=[TextLine(TITLE, page=1), TextLine("一、总体情况", page=1), *lines])
    report = extract(document, Source(path=f"report.{'png' if kind == 'image' else 'txt'}", sha256="0" * 64,
                                      format=kind))
    return {c.metric: (c.value, c.reading) for c in report.narrative_claims}


def test_a_claim_read_with_low_confidence_is_uncertain_with_its_page() -> None:
    low = THRESHOLD - 0.2
    found = claims([TextLine("本年度共受理政府信息公开申请12件。", page=1, confidence=0.97),
                    TextLine("其中予以公开9件。", page=2, confidence=low)])
    assert found == {
        "applications_received": (12, CellReading(confidence=0.97, page=1)),
        "applications_granted": (9, CellReading(confidence=low, page=2, uncertain=True, reason="low_confidence")),
    }


def test_a_claim_over_two_lines_takes_the_lower_confidence_and_the_page_of_its_number() -> None:
    found = claims([TextLine("本年度共受理政府信息公开申请", page=1, confidence=0.95),
                    TextLine("12件，均已按期答复。", page=2, confidence=0.5)])
    assert found == {
        "applications_received": (12, CellReading(confidence=0.5, page=2, uncertain=True, reason="low_confidence")),
    }


def test_a_claim_run_in_after_its_heading_keeps_the_line_confidence() -> None:
    document = Document(format="image", blocks=[
        TextLine(TITLE, page=1, confidence=0.99),
        TextLine("一、总体情况。本年度共受理政府信息公开申请12件。", page=3, confidence=0.45)])
    report = extract(document, Source(path="report.png", sha256="0" * 64, format="image"))
    [claim] = report.narrative_claims
    assert claim.reading == CellReading(confidence=0.45, page=3, uncertain=True, reason="low_confidence")


def test_prose_read_from_text_carries_no_reading() -> None:
    found = claims([TextLine("本年度共受理政府信息公开申请12件。"), TextLine("其中予以公开9件。")], kind="text")
    assert found == {"applications_received": (12, None), "applications_granted": (9, None)}


def prose_page() -> Image.Image:
    """A clean page of a scanned report without tables: its title, a heading and a count in prose."""
    font = ImageFont.truetype(FONT, 30)
    page = Image.new("L", (1240, 420), 255)
    draw = ImageDraw.Draw(page)
    for top, line in ((60, TITLE), (160, "一、总体情况"), (260, "本年度共受理政府信息公开申请12件。")):
        draw.text((90, top), line, font=font, fill=0)
    return page


@pytest.mark.slow
def test_parse_json_shows_the_confidence_of_a_claim_read_by_ocr(tmp_path: Path) -> None:
    prose_page().save(tmp_path / "scan.png")
    result = subprocess.run([sys.executable, "-m", "nianbao.commands.cli", "parse", "--json", tmp_path / "scan.png"],
                            capture_output=True, text=True, encoding="utf-8", cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    [claim] = report["narrative_claims"]
    assert (claim["metric"], claim["value"]) == ("applications_received", 12)
    reading = claim["reading"]
    assert reading["page"] == 1 and THRESHOLD <= reading["confidence"] <= 1 and reading["uncertain"] is False
