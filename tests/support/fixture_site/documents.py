"""Complete generated annual reports for the fixture site, as HTML bodies, hand-written PDFs and DOCX files.

A report is built once as blocks (:class:`Para` lines and :class:`Grid` tables) from the numbers of
:func:`tests.support.synthetic.synthetic_report` — balanced tables 二, 三 and 四 in the layout of
the year — with prose drawn per agency from sentence pools (so that no two agencies' narratives are
near-identical), then rendered into each format with real tables: ``<table>`` in HTML, Word tables in
DOCX, and in the PDF ruled cells (text placed in boxes drawn with path operators) over as many A4 pages
as it takes. The PDF uses the non-embedded standard CJK font STSong-Light: text is written as UCS-2
codes under the predefined ``UniGB-UCS2-H`` CMap, which PDF readers (pdfium, pdfminer) know.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from datetime import date, datetime
from html import escape
from typing import Literal

from docx import Document as DocxDocument

from nianbao.model import (
    ACTIVE_DISCLOSURE_ROWS,
    APPLICANT_COLUMNS,
    REVIEW_BLOCKS,
    REVIEW_OUTCOMES,
    AnnualReport,
    application_rows,
)
from tests.support.synthetic import synthetic_report

SECTIONS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")


@dataclass(frozen=True)
class Para:
    """One line of text: the title, a section heading, a paragraph or a line of the signature."""

    text: str
    kind: Literal["title", "heading", "paragraph", "signature"] = "paragraph"


@dataclass(frozen=True)
class Cell:
    text: str
    span: int = 1  # columns it covers


@dataclass(frozen=True)
class Grid:
    """A ruled table: rows of cells (spans included) over columns of the given relative widths."""

    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]


Block = Para | Grid

# --- content ---------------------------------------------------------------------------------------------

# Prose of sections 一, 五 (problems, then improvements) and 六, a few sentences of each pool per report.
OVERVIEW = (
    "{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "持续推进决策、执行、管理、服务、结果公开。",
    "调整充实政务公开工作领导小组，主要负责同志定期听取政务公开工作汇报，分管负责同志具体协调推进。",
    "严格落实信息发布保密审查制度，坚持先审查后公开、一事一审，全年未发生泄密事件。",
    "围绕优化营商环境，集中公开涉企政策文件和办事指南，同步发布图文解读和问答。",
    "规范政府信息公开专栏，按照统一目录及时更新机构职能、政策文件、财政预决算等栏目内容。",
    "完善依申请公开受理、审查、答复流程，建立登记台账，做到依法依规、按时答复。",
    "加强政务新媒体管理，通过微信公众号和网站同步推送政策信息，拓宽群众获取信息的渠道。",
    "组织开展条例专题培训，提高工作人员依法公开的意识和业务能力。",
    "推进重点领域信息公开，及时公开民生实事项目进展和财政资金使用情况。",
    "建立政策解读与政策文件同步起草、同步审签、同步发布的工作机制，解读材料形式更加多样。",
)
PROBLEMS = (
    "本年度政府信息公开工作仍存在一些不足：一是主动公开的深度和广度有待拓展，二是政策解读形式较为单一。",
    "部分栏目更新不够及时，信息发布的规范性有待进一步提高。",
    "工作人员业务水平参差不齐，对条例的理解和把握还不够深入。",
    "依申请公开答复文书的规范化程度还需提升，个别答复说理不够充分。",
)
IMPROVEMENTS = (
    "下一步，将加强栏目日常巡查，建立更新提醒机制，确保信息发布及时准确。",
    "下一步，将丰富解读形式，更多采用图表、视频等方式解读政策，提高政策知晓度。",
    "下一步，将定期组织业务培训和案例研讨，提升依申请公开办理质量。",
    "下一步，将完善考核评价机制，把政务公开工作纳入年度绩效考核。",
)
OTHER_MATTERS = (
    "本机关未收取政府信息公开信息处理费。",
    "本年度本机关政府信息公开工作未发生被追究责任的情形。",
    "按照上级部署，本机关认真落实政务公开工作要点，各项任务均已完成。",
    "本年度办理人大代表建议和政协委员提案均已按期答复，并依法公开答复全文。",
    "本机关政府信息公开工作年度报告同时在本机关门户网站政府信息公开专栏发布。",
)

APPLICATION_LABELS = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "granted": "三、本年度办理结果（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "denied_state_secret": "（三）不予公开 1.属于国家秘密",
    "denied_prohibited": "2.其他法律行政法规禁止公开",
    "denied_security": "3.危及“三安全一稳定”",
    "denied_third_party": "4.保护第三方合法权益",
    "denied_internal": "5.属于三类内部事务信息",
    "denied_process": "6.属于四类过程性信息",
    "denied_enforcement_file": "7.属于行政执法案卷",
    "denied_query": "8.属于行政查询事项",
    "unavailable_not_held": "（四）无法提供 1.本机关不掌握相关政府信息",
    "unavailable_needs_creation": "2.没有现成信息需要另行制作",
    "unavailable_unclear": "3.补正后申请内容仍不明确",
    "rejected_petition": "（五）不予处理 1.信访举报投诉类申请",
    "rejected_duplicate": "2.重复申请",
    "rejected_publication": "3.要求提供公开出版物",
    "rejected_excessive": "4.无正当理由大量反复申请",
    "rejected_confirmation": "5.要求行政机关确认或重新出具已获取信息",
    "other": "（六）其他处理",
    "other_no_correction": "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_no_fee": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_misc": "3.其他",
    "total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
APPLICANT_LABELS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
# Table 二 per layout: (item, column labels, row labels); row and column keys come from the model.
ACTIVE_ITEMS = {
    "F2021": (
        ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "行政规范性文件")),
        ("第二十条第（五）项", ("本年处理决定数量",), ("行政许可",)),
        ("第二十条第（六）项", ("本年处理决定数量",), ("行政处罚", "行政强制")),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("行政事业性收费",)),
    ),
    "F2019": (
        ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"), ("规章", "规范性文件")),
        ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政许可", "其他对外管理服务事项")),
        ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政处罚", "行政强制")),
        ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), ("行政事业性收费",)),
        ("第二十条第（九）项", ("采购项目数量", "采购总金额（万元）"), ("政府集中采购",)),
    ),
}
REVIEW_HEADS = ("行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")
OUTCOME_LABELS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def report_series(agency: str, year: int, count: int = 3) -> list[AnnualReport]:
    """The numbers of ``agency``'s reports for the ``count`` years up to ``year``, oldest first, chained as
    the checks expect: each year's 上年结转 is the year before's 结转下年度, and F2021 现行有效件数 follow
    from last year's stock plus this year's 制发 minus 废止."""
    series: list[AnnualReport] = []
    for each in range(year - count + 1, year + 1):
        previous = series[-1] if series else None
        carried_in = previous.tables.applications["carried_out"] if previous else None
        report = synthetic_report(agency, each, carried_in=carried_in)
        if previous and previous.layout == report.layout == "F2021":
            for key in ("regulation", "normative_document"):
                stock, row = previous.tables.active_disclosure[key]["in_force"], report.tables.active_disclosure[key]
                row["repealed"] = min(row["repealed"], stock + row["issued"])
                row["in_force"] = stock + row["issued"] - row["repealed"]
        series.append(report)
    return series


def _number(value: float | None, column: str) -> str:
    if column == "change" and value:
        return f"{value:+d}"
    return f"{value:.2f}" if column == "amount_10k_yuan" else str(value)


def active_disclosure_grid(report: AnnualReport) -> Grid:
    table, rows = report.tables.active_disclosure, []
    row_keys = iter(ACTIVE_DISCLOSURE_ROWS[report.layout])
    for item, columns, labels in ACTIVE_ITEMS[report.layout]:
        rows += [(Cell(item, 4),), (Cell("信息内容"), *_spread([Cell(c) for c in columns]))]
        for label in labels:
            values = table[next(row_keys)]
            rows.append((Cell(label), *_spread([Cell(_number(v, c)) for c, v in values.items()])))
    return Grid(tuple(rows), (1.4, 1, 1, 1))


def _spread(cells: list[Cell]) -> list[Cell]:
    """Cells widened so that the last one reaches the table's third value column."""
    return cells[:-1] + [Cell(cells[-1].text, 4 - len(cells))]


def applications_grid(report: AnnualReport) -> Grid:
    table = report.tables.applications
    head = (Cell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"), Cell("申请人情况", 7))
    rows = [head, (Cell(""), *(Cell(label) for label in APPLICANT_LABELS))]
    for key in application_rows(report.layout):
        rows.append((Cell(APPLICATION_LABELS[key]), *(Cell(str(table[key][c])) for c in APPLICANT_COLUMNS)))
    return Grid(tuple(rows), (4.6, *([1] * 7)))


def review_litigation_grid(report: AnnualReport) -> Grid:
    table = report.tables.review_litigation
    heads = tuple(Cell(h, len(REVIEW_OUTCOMES)) for h in REVIEW_HEADS)
    outcomes = tuple(Cell(label) for _ in REVIEW_BLOCKS for label in OUTCOME_LABELS)
    values = tuple(Cell(str(table[f"{b}_{o}"])) for b in REVIEW_BLOCKS for o in REVIEW_OUTCOMES)
    return Grid((heads, outcomes, values), (1,) * len(values))


def _pick(rng: random.Random, pool: tuple[str, ...], count: int, **names: object) -> list[Para]:
    return [Para(s.format(**names)) for s in rng.sample(pool, count)]


def report_blocks(report: AnnualReport, published: date) -> list[Block]:
    """The whole report of ``report.agency``: title, the six sections with prose and tables, signature."""
    agency, year = report.agency, report.year
    rng = random.Random(f"{agency}|{year}|prose")
    received = report.tables.applications["new"]["total"]
    return [
        Para(f"{agency}{year}年政府信息公开工作年度报告", "title"),
        Para(f"本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限自{year}年1月1日起至"
             f"{year}年12月31日止。如对本报告有疑问，请与{agency}办公室联系。"),
        Para(SECTIONS[0], "heading"),
        *_pick(rng, OVERVIEW, 4, agency=agency, year=year),
        Para(f"依申请公开方面，本年度共收到政府信息公开申请{received}件，均在法定期限内予以答复。"),
        Para(SECTIONS[1], "heading"),
        Para("本机关主动公开政府信息情况见下表。"),
        active_disclosure_grid(report),
        Para(SECTIONS[2], "heading"),
        Para("本机关收到和处理政府信息公开申请情况见下表。"),
        applications_grid(report),
        Para(SECTIONS[3], "heading"),
        review_litigation_grid(report),
        Para(SECTIONS[4], "heading"),
        *_pick(rng, PROBLEMS, 2),
        *_pick(rng, IMPROVEMENTS, 2),
        Para(SECTIONS[5], "heading"),
        *_pick(rng, OTHER_MATTERS, 2),
        Para(agency, "signature"),
        Para(f"{published.year}年{published.month}月{published.day}日", "signature"),
    ]


# --- HTML ------------------------------------------------------------------------------------------------

_HTML_STYLES = {"title": "text-align:center;font-size:22px;font-weight:bold", "heading": "font-weight:bold",
                "paragraph": "text-indent:2em", "signature": "text-align:right"}


def html_body(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        if isinstance(block, Para):
            parts.append(f'<p style="{_HTML_STYLES[block.kind]}">{escape(block.text)}</p>')
        else:
            rows = "".join(
                "<tr>" + "".join(f'<td{f" colspan={c.span}" if c.span > 1 else ""}>{escape(c.text)}</td>' for c in row)
                + "</tr>" for row in block.rows)
            parts.append(f'<table border="1" cellspacing="0" cellpadding="4" style="border-collapse:collapse">'
                         f"<tbody>{rows}</tbody></table>")
    return "\n".join(parts)


# --- DOCX ------------------------------------------------------------------------------------------------


def docx_bytes(blocks: list[Block]) -> bytes:
    document = DocxDocument()
    document.core_properties.created = datetime(2025, 1, 1)
    document.core_properties.modified = datetime(2025, 1, 1)
    for block in blocks:
        if isinstance(block, Grid):
            _docx_table(document, block)
        elif block.kind == "title":
            document.add_heading(block.text, level=1)
        elif block.kind == "heading":
            document.add_heading(block.text, level=2)
        else:
            document.add_paragraph(block.text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _docx_table(document: DocxDocument, grid: Grid) -> None:
    table = document.add_table(rows=len(grid.rows), cols=len(grid.widths))
    table.style = "Table Grid"
    for row, cells in zip(table.rows, grid.rows, strict=True):
        column, slots = 0, row.cells  # python-docx builds ``row.cells`` anew on every access
        for cell in cells:
            target = slots[column]
            if cell.span > 1:
                target = target.merge(slots[column + cell.span - 1])
            target.text = cell.text
            column += cell.span


# --- PDF -------------------------------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN, TOP, BOTTOM = 56, 786, 60
BODY_SIZE, TABLE_SIZE, CELL_PADDING = 10.5, 8, 3
_SIZES = {"title": 16, "heading": 12, "paragraph": BODY_SIZE, "signature": BODY_SIZE}


def _width(text: str) -> float:
    """Width in ems: ASCII (CIDs 1-95 of Adobe-GB1, given /W 500 below) is half as wide as the rest."""
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def _wrap(text: str, ems: float) -> list[str]:
    """``text`` cut into lines at most ``ems`` wide (at least one character each)."""
    lines = [""]
    for ch in text:
        if lines[-1] and _width(lines[-1] + ch) > ems:
            lines.append("")
        lines[-1] += ch
    return lines


def _show(x: float, y: float, size: float, text: str) -> str:
    return f"BT /F1 {size:g} Tf {x:.2f} {y:.2f} Td <{text.encode('utf-16-be').hex()}> Tj ET"


class _Pages:
    """Content streams of A4 pages, filled top to bottom; ``need`` starts a new page when space runs out."""

    def __init__(self) -> None:
        self.streams: list[list[str]] = [["0.5 w"]]
        self.y = TOP

    def need(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.streams.append(["0.5 w"])
            self.y = TOP

    def add(self, operator: str) -> None:
        self.streams[-1].append(operator)

    def para(self, para: Para) -> None:
        size = _SIZES[para.kind]
        if para.kind == "title":  # shrunk to fit one line, as a reader finds the title on one line
            size = min(size, (PAGE_WIDTH - 2 * MARGIN) / _width(para.text))
        indent = 2 * size if para.kind == "paragraph" else 0
        width = PAGE_WIDTH - 2 * MARGIN
        lines = _wrap(para.text, (width - indent) / size)
        if para.kind == "heading":
            self.need(size * 1.8 * 2)  # keep a heading with the line after it
        for n, line in enumerate(lines):
            self.need(size * 1.8)
            self.y -= size * 1.8
            x = MARGIN + (indent if n == 0 else 0)
            if para.kind == "title":
                x = (PAGE_WIDTH - _width(line) * size) / 2
            elif para.kind == "signature":
                x = PAGE_WIDTH - MARGIN - _width(line) * size
            self.add(_show(x, self.y, size, line))

    def grid(self, grid: Grid) -> None:
        width = PAGE_WIDTH - 2 * MARGIN
        edges = [MARGIN]
        for share in grid.widths:
            edges.append(edges[-1] + width * share / sum(grid.widths))
        self.y -= 6
        for row in grid.rows:
            spans, column = [], 0
            for cell in row:
                spans.append((edges[column], edges[column + cell.span], cell.text))
                column += cell.span
            wrapped = [_wrap(text, (x1 - x0 - 2 * CELL_PADDING) / TABLE_SIZE) for x0, x1, text in spans]
            height = max(len(lines) for lines in wrapped) * TABLE_SIZE * 1.4 + 2 * CELL_PADDING
            self.need(height)
            top, bottom = self.y, self.y - height
            self.add(f"{MARGIN:.2f} {top:.2f} m {edges[-1]:.2f} {top:.2f} l S")
            self.add(f"{MARGIN:.2f} {bottom:.2f} m {edges[-1]:.2f} {bottom:.2f} l S")
            for (x0, x1, _), lines in zip(spans, wrapped, strict=True):
                self.add(f"{x0:.2f} {top:.2f} m {x0:.2f} {bottom:.2f} l S")
                first = (top + bottom) / 2 + (len(lines) - 1) * TABLE_SIZE * 0.7 - TABLE_SIZE * 0.35
                for n, line in enumerate(lines):
                    x = (x0 + x1 - _width(line) * TABLE_SIZE) / 2
                    self.add(_show(x, first - n * TABLE_SIZE * 1.4, TABLE_SIZE, line))
            self.add(f"{edges[-1]:.2f} {top:.2f} m {edges[-1]:.2f} {bottom:.2f} l S")
            self.y = bottom
        self.y -= 6


def pdf_bytes(blocks: list[Block], *, page_numbers: bool = False) -> bytes:
    """A valid A4 PDF of ``blocks`` (Chinese included) in the non-embedded font STSong-Light; with
    ``page_numbers``, each page's number printed bare in its footer, as many agencies print it."""
    pages = _Pages()
    for block in blocks:
        pages.grid(block) if isinstance(block, Grid) else pages.para(block)
    for number, operators in enumerate(pages.streams, start=1) if page_numbers else ():
        x = (PAGE_WIDTH - _width(str(number)) * BODY_SIZE) / 2
        operators.append(_show(x, BOTTOM / 2, BODY_SIZE, str(number)))
    count = len(pages.streams)
    font = 3 + 2 * count  # objects: catalog, page tree, (page, content) per page, then the font's three
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(f"{3 + 2 * i} 0 R" for i in range(count))
                                                           .encode(), count)]
    for number, operators in enumerate(pages.streams):
        stream = "\n".join(operators).encode("ascii")
        objects += [
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (PAGE_WIDTH, PAGE_HEIGHT, 4 + 2 * number, font),
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        ]
    objects += [
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [%d 0 R] >>"
        % (font + 1),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /DW 1000 /W [1 95 500] /FontDescriptor %d 0 R "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>" % (font + 2),
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
