"""The three real PDFs in ../shared/real parse to what a clerk reads on their pages.

The truth files in fixtures/real were written by reading the rendered pages, not from parser output.
Two of the reports mix the layouts: F2021 tables whose table 三 row （六） is the single F2019 row
「其他处理」, which the parser must keep as ``other`` and signal as F2019. The same reports rendered the
way other producers draw text (glyph outlines stroked over the characters, as fake bold and "text as
curves" do) must read the same.
"""

from __future__ import annotations

import ctypes
import io
import json
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from parsers.parse import parse_bytes, parse_path
from tests.truthdiff import SHARED, differences

REAL = SHARED / "real"
TRUTHS = sorted((Path(__file__).parent / "fixtures" / "real").glob("*.truth.json"))

pytestmark = pytest.mark.skipif(not REAL.is_dir(), reason=f"no real reports at {REAL}")


def _truth(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _pdf(truth_path: Path) -> Path:
    return REAL / f"{truth_path.name.removesuffix('.truth.json')}.pdf"


def outlined_copy(data: bytes) -> bytes:
    """The PDF with a stroked outline (a box and a stem) drawn over every character, as fake bold does."""
    pdf = pdfium.PdfDocument(data)
    for page in pdf:
        textpage = page.get_textpage()
        boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars()) if textpage.get_text_range(i, 1).strip()]
        textpage.close()
        for left, bottom, right, top in boxes:
            w, h = right - left, top - bottom
            path = pdfium_c.FPDFPageObj_CreateNewPath(left + 0.1 * w, bottom + 0.1 * h)
            for fx, fy in ((0.9, 0.1), (0.9, 0.9), (0.1, 0.9)):
                pdfium_c.FPDFPath_LineTo(path, left + fx * w, bottom + fy * h)
            pdfium_c.FPDFPath_Close(path)
            pdfium_c.FPDFPath_MoveTo(path, left + 0.5 * w, bottom + 0.1 * h)
            pdfium_c.FPDFPath_LineTo(path, left + 0.5 * w, bottom + 0.9 * h)
            pdfium_c.FPDFPageObj_SetStrokeColor(path, 0, 0, 0, 255)
            pdfium_c.FPDFPageObj_SetStrokeWidth(path, ctypes.c_float(0.4))
            pdfium_c.FPDFPath_SetDrawMode(path, pdfium_c.FPDF_FILLMODE_NONE, True)
            pdfium_c.FPDFPage_InsertObject(page.raw, path)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.name.removesuffix(".truth.json") for p in TRUTHS])
def test_real_report_matches_what_a_person_reads(truth_path: Path) -> None:
    report = parse_path(_pdf(truth_path))
    assert report.source.format == "pdf"
    assert differences(_truth(truth_path), report) == []


@pytest.mark.parametrize("truth_path", TRUTHS, ids=[p.name.removesuffix(".truth.json") for p in TRUTHS])
def test_real_report_with_outlined_glyphs_reads_the_same(truth_path: Path) -> None:
    report = parse_bytes(outlined_copy(_pdf(truth_path).read_bytes()), path="outlined.pdf")
    assert differences(_truth(truth_path), report) == []


def test_every_real_report_has_a_full_truth() -> None:
    assert {p.name.removesuffix(".truth.json") for p in TRUTHS} == {p.stem for p in REAL.glob("*.pdf")}
    for path in TRUTHS:
        tables = _truth(path)["tables"]
        cells = sum(len(row) if isinstance(row, dict) else 1 for table in tables.values() for row in table.values())
        # table 二 F2021: 10 cells; table 三: 23 or 25 rows of 7; table 四: 15.
        assert cells >= 10 + 23 * 7 + 15, path.name
