"""Small generated report documents for the fixture site: HTML bodies, minimal PDFs and DOCX files."""

from __future__ import annotations

import io
from datetime import datetime
from html import escape

from docx import Document as DocxDocument

SECTIONS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


def report_lines(agency: str, year: int, variant: int = 0) -> list[str]:
    lines = [f"{agency}{year}年政府信息公开工作年度报告"]
    for number, heading in enumerate(SECTIONS, start=1):
        lines += [heading, f"{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，第{number}项工作稳步推进。"]
    if variant:
        lines.append(f"（本报告于发布后更正，版本 {variant}。）")
    return lines


def html_body(lines: list[str]) -> str:
    return "\n".join(f"<p>{escape(line)}</p>" for line in lines)


def pdf_bytes(lines: list[str]) -> bytes:
    """A valid one-page PDF showing ``lines`` (Chinese included) with the non-embedded standard CJK font
    STSong-Light: text is written as UCS-2 codes under the predefined ``UniGB-UCS2-H`` CMap, which PDF
    readers (pdfium, pdfminer) know, so no font file is needed."""
    text = " ".join(f"<{line.encode('utf-16-be').hex()}> Tj 0 -18 Td" for line in lines)
    stream = f"BT /F1 10.5 Tf 56 780 Td {text} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /DW 1000 /FontDescriptor 7 0 R "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 "
        b"/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def docx_bytes(lines: list[str]) -> bytes:
    document = DocxDocument()
    document.core_properties.created = datetime(2025, 1, 1)
    document.core_properties.modified = datetime(2025, 1, 1)
    document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
