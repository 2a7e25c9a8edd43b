"""The format readers on real PDFs, the seeds, and DOCX/HTML documents built here."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pdfplumber
import pypdfium2 as pdfium
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from parsers.detect import detect_format
from parsers.document import Document, Table, TextLine
from parsers.limits import Limits
from parsers.read import read_document

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REAL = SHARED / "real"
SEEDS = SHARED / "seeds"

# The 一、本年新收 row of table 三 as printed: page, six applicant columns and the total.
NEW_APPLICATIONS = {
    "hongze-district-2023.pdf": (3, ["21", "0", "0", "0", "0", "0", "21"]),
    "hongze-district-2024.pdf": (3, ["95", "0", "0", "0", "0", "0", "95"]),
    "huaian-city-2024.pdf": (4, ["3001", "53", "0", "0", "61", "4", "3119"]),
}
PAGES = {"hongze-district-2023.pdf": 5, "hongze-district-2024.pdf": 5, "huaian-city-2024.pdf": 6}


@pytest.fixture(scope="module", params=sorted(NEW_APPLICATIONS))
def real(request: pytest.FixtureRequest) -> tuple[str, bytes, Document]:
    data = (REAL / request.param).read_bytes()
    return request.param, data, read_document(data)


def tables(document: Document) -> list[Table]:
    return [b for b in document.blocks if isinstance(b, Table)]


def texts(document: Document) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, TextLine)]


def row_starting(document: Document, label: str) -> tuple[Table, list[str | None]]:
    for table in tables(document):
        for row in table.rows:
            if row[0] == label:
                return table, row
    raise AssertionError(f"no table row {label}")


# --- PDF ---------------------------------------------------------------------------------------------


def test_pdf_table_three_row_with_seven_values(real: tuple[str, bytes, Document]) -> None:
    name, _, document = real
    table, row = row_starting(document, "一、本年新收政府信息公开申请数量")
    page, values = NEW_APPLICATIONS[name]
    assert table.page == page
    assert [cell for cell in row[1:] if cell is not None] == values
    assert row[1:3] == [None, None]  # the label cell spans three grid columns
    assert len({len(r) for r in table.rows}) == 1


def test_pdf_pages_and_order(real: tuple[str, bytes, Document]) -> None:
    name, _, document = real
    assert document.format == "pdf"
    assert document.pages == PAGES[name]
    pages = [b.page for b in document.blocks]
    assert pages == sorted(pages)
    assert set(pages) == set(range(1, PAGES[name] + 1))
    lines = texts(document)
    assert "一、总体情况" in lines
    assert "六、其他需要报告的事项" in lines
    assert any("年政府信息公开工作年度报告" in line for line in lines[:3])


def test_pdf_tables_interleaved_with_headings(real: tuple[str, bytes, Document]) -> None:
    _, _, document = real
    blocks = document.blocks
    heading = next(i for i, b in enumerate(blocks) if getattr(b, "text", "").startswith("三、收到"))
    table, _ = row_starting(document, "一、本年新收政府信息公开申请数量")
    position = next(i for i, b in enumerate(blocks) if b is table)
    assert heading < position
    # Text inside tables is cut out of the lines, not duplicated.
    assert not any("本年新收政府信息公开申请数量" in line for line in texts(document))


# Tables whose grid equals bare pdfplumber's on the same page (the rest differ only where white text
# boxes fooled bare pdfplumber into extra rows or split header cells).
IDENTICAL_TO_PDFPLUMBER = {
    "hongze-district-2023.pdf": 1,
    "hongze-district-2024.pdf": 4,
    "huaian-city-2024.pdf": 5,
}


def test_pdf_grids_follow_pdfplumber_without_narrative_rows(real: tuple[str, bytes, Document]) -> None:
    name, data, document = real
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        bare = {page.page_number: page.extract_tables() for page in pdf.pages}
    identical = [t for t in tables(document) if t.rows in bare[t.page]]
    assert len(identical) == IDENTICAL_TO_PDFPLUMBER[name]
    cells = [cell or "" for t in tables(document) for row in t.rows for cell in row]
    assert not any("。" in cell for cell in cells)  # sentences stay text lines


def test_pdf_table_over_page_break_keeps_its_last_row() -> None:
    document = read_document((REAL / "hongze-district-2023.pdf").read_bytes())
    first, second = (t for t in tables(document) if len(t.rows[0]) == 10)
    assert (first.page, second.page) == (3, 4)
    assert first.rows[-1] == [None, None, "2.没有现成信息需要另行制作", "3", "0", "0", "0", "0", "0", "3"]
    assert second.rows[-1][0] == "四、结转下年度继续办理"


def test_pdf_metadata_dates_iso(real: tuple[str, bytes, Document]) -> None:
    _, _, document = real
    assert document.metadata["created"][:4] in ("2024", "2025")
    assert document.metadata["created"][4] == "-"
    assert "年度报告" in document.metadata["title"]


def test_pdf_with_junk_before_header_reads_the_same(real: tuple[str, bytes, Document]) -> None:
    _, data, document = real
    assert read_document(b"\x00junk before the header\r\n" * 20 + data).blocks == document.blocks


def rotated_copy(data: bytes, rotation: int) -> bytes:
    """The PDF with every page turned by ``/Rotate`` and its content counter-rotated: it looks the same."""
    src, dest = pdfium.PdfDocument(data), pdfium.PdfDocument.new()
    for index in range(len(src)):
        w, h = src[index].get_size()
        matrix, size = {
            90: ((0, 1, -1, 0, h, 0), (h, w)),
            180: ((-1, 0, 0, -1, w, h), (w, h)),
            270: ((0, -1, 1, 0, 0, w), (h, w)),
        }[rotation]
        content = src.page_as_xobject(index, dest).as_pageobject()
        content.set_matrix(pdfium.PdfMatrix(*matrix))
        page = dest.new_page(*size)
        page.insert_obj(content)
        page.gen_content()
        page.set_rotation(rotation)
    out = io.BytesIO()
    dest.save(out)
    return out.getvalue()


@pytest.mark.parametrize("rotation", [90, 270])
def test_pdf_rotated_pages_read_as_displayed(rotation: int) -> None:
    data = (REAL / "hongze-district-2023.pdf").read_bytes()
    assert read_document(rotated_copy(data, rotation)).blocks == read_document(data).blocks


# --- text --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seed_text_lines(seed: str) -> None:
    data = (SEEDS / seed).read_bytes()
    document = read_document(data)
    assert document.format == "text"
    expected = [line.strip(" \r\n\u3000\xa0") for line in data.decode("utf-8").splitlines()]
    assert texts(document) == [line for line in expected if line.strip("\t")]


def test_text_keeps_tabs_and_markdown_and_reads_gb18030() -> None:
    text = "## 三、收到和处理政府信息公开申请情况\n\n\t（二）部分公开\t0\t0\t\n"
    document = read_document(text.encode("gb18030"))
    assert texts(document) == ["## 三、收到和处理政府信息公开申请情况", "\t（二）部分公开\t0\t0\t"]


# --- DOCX --------------------------------------------------------------------------------------------


def docx_bytes(document: docx.document.Document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_body_order_headings_and_line_breaks() -> None:
    word = docx.Document()
    word.add_heading("某某局2023年政府信息公开工作年度报告", level=1)
    word.add_paragraph("一、总体情况")
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "信息内容", "本年制发件数"
    table.cell(1, 0).text, table.cell(1, 1).text = "规章", "3"
    paragraph = word.add_paragraph("第一行")
    paragraph.add_run().add_break()
    paragraph.add_run("第二行\t附注")
    word.add_heading("六、其他需要报告的事项", level=2)
    document = read_document(docx_bytes(word))
    assert document.format == "docx"
    assert [(type(b).__name__, getattr(b, "kind", None)) for b in document.blocks] == [
        ("TextLine", "heading"),
        ("TextLine", "paragraph"),
        ("Table", None),
        ("TextLine", "paragraph"),
        ("TextLine", "paragraph"),
        ("TextLine", "heading"),
    ]
    assert document.blocks[2].rows == [["信息内容", "本年制发件数"], ["规章", "3"]]
    assert [b.text for b in document.blocks[3:5]] == ["第一行", "第二行\t附注"]


def test_docx_merged_cells_follow_pdfplumber_convention() -> None:
    word = docx.Document()
    table = word.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "申请人情况"  # gridSpan across the first row
    table.cell(1, 0).merge(table.cell(2, 0)).text = "三、本年度办理结果"  # vMerge down the first column
    table.cell(1, 1).text, table.cell(1, 2).text = "（一）予以公开", "5"
    table.cell(2, 1).text, table.cell(2, 2).text = "（二）部分公开", ""
    rows = tables(read_document(docx_bytes(word)))[0].rows
    assert rows == [
        ["申请人情况", None, None],
        ["三、本年度办理结果", "（一）予以公开", "5"],
        [None, "（二）部分公开", ""],
    ]


def test_docx_nested_table_is_flattened_into_its_cell() -> None:
    word = docx.Document()
    outer = word.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "外层"
    inner = outer.cell(0, 1).add_table(rows=2, cols=2)
    for r, c, text in ((0, 0, "甲"), (0, 1, "1"), (1, 0, "乙"), (1, 1, "2")):
        inner.cell(r, c).text = text
    (table,) = tables(read_document(docx_bytes(word)))
    assert table.rows == [["外层", "甲 1\n乙 2"]]


def test_docx_outline_level_paragraph_is_heading() -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("二、主动公开政府信息情况")
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "1")
    paragraph._p.get_or_add_pPr().append(outline)
    word.add_paragraph("正文")
    assert [b.kind for b in read_document(docx_bytes(word)).blocks] == ["heading", "paragraph"]


# --- HTML --------------------------------------------------------------------------------------------

CMS_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某某局2023年政府信息公开工作年度报告_政务公开</title>
<meta name="PubDate" content="2024-01-12 09:30"><script>var a = "年度报告";</script>
<style>.x{color:red}</style></head>
<body><div class="header">网站首页 | 政务公开 | 互动交流</div>
<div class="nav"><ul><li><a href="/">首页</a></li><li>机构概况</li><li>政策文件</li></ul></div>
<div class="position">当前位置：首页 &gt; 政务公开 &gt; 年度报告</div>
<div class="main"><h1 class="title">某某局2023年政府信息公开工作年度报告</h1>
<div class="info">发布日期：2024-01-12　来源：某某局</div>
<div id="zoom"><div class="TRS_Editor">
<p>&nbsp;&nbsp;一、总体情况</p><p>　　2023年，我局认真贯彻落实《条例》。<br>全年主动公开信息 120 条。</p>
<h3>三、收到和处理政府信息公开申请情况</h3>
<table border="1"><tbody>
<tr><td colspan="3" rowspan="2">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
<td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td colspan="3"></td><td>商业<br>企业</td><td>科研机构</td><td>社会公益组织</td>
<td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td>
<td>2</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
</tbody></table>
<p>六、其他需要报告的事项</p></div></div></div>
<div class="bdsharebuttonbox">分享到：微信 微博</div>
<div id="footer">版权所有：某某局　网站标识码 1234</div></body></html>"""


def test_html_gbk_page_body_headings_and_spanned_table() -> None:
    data = CMS_PAGE.encode("gbk")
    assert detect_format(data) == "html"
    document = read_document(data)
    assert document.format == "html"
    assert document.metadata["pubdate"] == "2024-01-12 09:30"
    assert document.metadata["title"].startswith("某某局2023年")
    lines = [(b.text, b.kind) for b in document.blocks if isinstance(b, TextLine)]
    assert lines == [
        ("某某局2023年政府信息公开工作年度报告", "heading"),
        ("发布日期：2024-01-12 来源：某某局", "paragraph"),
        ("一、总体情况", "paragraph"),
        ("2023年，我局认真贯彻落实《条例》。", "paragraph"),
        ("全年主动公开信息 120 条。", "paragraph"),
        ("三、收到和处理政府信息公开申请情况", "heading"),
        ("六、其他需要报告的事项", "paragraph"),
    ]
    (table,) = tables(document)
    assert table.rows == [
        ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None, None, "申请人情况"]
        + [None] * 6,
        [None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"],
        ["", None, None, None, "商业\n企业", "科研机构", "社会公益组织", "法律服务机构", "其他", None],
        ["一、本年新收政府信息公开申请数量", None, None, "2", "1", "0", "0", "0", "0", "3"],
    ]
    assert isinstance(document.blocks[5], TextLine) and document.blocks[6] is table


def test_html_gb18030_characters_beyond_gb2312_on_a_gb2312_page() -> None:
    page = '<html><head><meta charset="gb2312"></head><body><p>镕基同志 𠀀 年度报告</p></body></html>'
    assert texts(read_document(page.encode("gb18030"))) == ["镕基同志 𠀀 年度报告"]


def test_html_undeclared_utf8_and_gbk_are_both_decoded() -> None:
    page = "<html><body><div><p>政府信息公开工作年度报告</p></div></body></html>"
    for encoding in ("utf-8", "gbk"):
        assert texts(read_document(page.encode(encoding))) == ["政府信息公开工作年度报告"]


def test_html_without_known_container_uses_densest_element_and_layout_tables() -> None:
    paragraphs = "".join(f"<p>第{i}段：本机关依法公开政府信息，做好依申请公开工作。</p>" for i in range(8))
    page = (
        "<html><body><table><tr><td class='left'><a href='/a'>栏目一</a><br><a href='/b'>栏目二</a></td>"
        f"<td><div class='wrap'><div class='text'>{paragraphs}"
        "<table><tr><th>项目</th><th>数量</th></tr><tr><td>行政许可</td><td>7</td></tr></table>"
        "</div></div></td></tr></table></body></html>"
    )
    document = read_document(page.encode("utf-8"))
    assert texts(document)[0] == "第0段：本机关依法公开政府信息，做好依申请公开工作。"
    assert "栏目一" not in texts(document)
    assert tables(document)[-1].rows == [["项目", "数量"], ["行政许可", "7"]]


def test_limits_from_environment() -> None:
    limits = Limits.from_env({"NIANBAO_MAX_PAGES": "7", "NIANBAO_MAX_SECONDS": "2.5"})
    assert (limits.max_pages, limits.max_seconds, limits.max_bytes) == (7, 2.5, Limits().max_bytes)
    with pytest.raises(ValueError, match="NIANBAO_MAX_PAGES"):
        Limits.from_env({"NIANBAO_MAX_PAGES": "many"})
