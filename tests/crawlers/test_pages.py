"""What the spider reads from pages: report titles, dates, file names, list XML and GBK list pages."""

from __future__ import annotations

import contextlib
from datetime import date
from pathlib import Path

import pytest
from lxml import etree
from scrapy.http import HtmlResponse

from crawlers.adapters import detail, trs_wcm
from crawlers.adapters.hanweb import ListDataError, safe_xml
from crawlers.filenames import disposition_filename
from crawlers.recognise import find_date
from nianbao.titles import report_year
from tests.support.fixture_site.serve import FixtureServer


@pytest.mark.parametrize(("title", "year"), [
    ("东江市人民政府2024年政府信息公开工作年度报告", 2024),
    ("2024年政府信息公开工作年度报告", 2024),
    ("东江市财政局2024年度政府信息公开年报", 2024),
    ("堃山区人民政府二〇二四年政务公开工作年度报告", 2024),
    ("某局 2024 年度政府信息公开工作报告", 2024),
    ("某局政府信息公开工作2024年度报告", 2024),
    ("政府信息公开工作年度报告（2023年）", 2023),
    ("某局政府信息公开指南", None),
    ("某局2024年法治政府建设年度报告", None),
    ("关于做好2024年政府信息公开工作年度报告编制发布工作的通知", None),
    ("某局2025年政务公开工作要点", None),
    ("某局2024年工作报告", None),
    ("2024年政府工作报告", None),
    ("政府信息公开工作年度报告", None),
])
def test_report_titles(title: str, year: int | None) -> None:
    assert report_year(title) == year


def test_dates() -> None:
    assert find_date("发布日期：2025-01-20 来源") == date(2025, 1, 20)
    assert find_date("2025年1月8日") == date(2025, 1, 8)
    assert find_date("2025.13.40 then 2025/02/03") == date(2025, 2, 3)
    assert find_date("无日期") is None


@pytest.mark.parametrize(("header", "name"), [
    ('attachment; filename="2024年报告.pdf"'.encode("gbk"), "2024年报告.pdf"),
    (b"attachment; filename*=UTF-8''2024%E5%B9%B4.docx", "2024年.docx"),
    (b'attachment; filename="../../../../etc/passwd.pdf"', "passwd.pdf"),
    (b'attachment; filename="/tmp/escape.pdf"', "escape.pdf"),
    (b'attachment; filename="..\\\\..\\\\win.pdf"', "win.pdf"),
    (b'attachment; filename=".."', None),
    (None, None),
])
def test_disposition_filename_is_a_base_name(header: bytes | None, name: str | None) -> None:
    assert disposition_filename(header) == name


def test_list_xml_entities_and_dtds_are_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET", encoding="utf-8")
    document = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY file SYSTEM "{secret.as_uri()}">]>'
                "<d><record>a&file;b</record></d>").encode()
    permissive = etree.XMLParser(resolve_entities=True, load_dtd=True)
    assert "SECRET" in "".join(etree.fromstring(document, permissive).itertext())  # the probe would leak
    assert "SECRET" not in "".join(safe_xml(document).itertext())

    laughs = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
              + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(8))
              + "]><d>&i;</d>").encode()
    with contextlib.suppress(ListDataError):  # refused by libxml2's amplification guard, or kept unexpanded
        assert len("".join(safe_xml(laughs).itertext())) < 100

    with FixtureServer(tmp_path) as server:
        remote = (f'<?xml version="1.0"?><!DOCTYPE d SYSTEM "{server.base_url}/evil.dtd">'
                  f'<!-- --><d>x</d>').encode()
        safe_xml(remote)
        networked = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY net SYSTEM "{server.base_url}/net.xml">]>'
                     "<d>&net;</d>").encode()
        safe_xml(networked)
        assert server.requests == []

    with pytest.raises(ListDataError, match="不是有效的 XML"):
        safe_xml(b"<html><body>upstream error</body>")


def _response(url: str, body: bytes, headers: dict[str, str] | None = None) -> HtmlResponse:
    return HtmlResponse(url=url, body=body, headers=headers or {"Content-Type": "text/html"})


def test_gbk_list_pages_and_detail_pages_decode() -> None:
    title = "东江市堃山区人民政府二〇二四年政务公开工作年度报告"
    page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
            f'<ul><li><a href="./202503/t20250308_1.html">{title}</a><span>2025-03-08</span></li></ul>'
            f'<script>createPageHTML(3, 0, "index", "html");</script></body></html>').encode("gbk")
    listing = trs_wcm.parse(_response("http://127.0.0.1/ksq/nb/index.html", page))
    assert [(e.title, e.url, e.published_on) for e in listing.entries] == [
        (title, "http://127.0.0.1/ksq/nb/202503/t20250308_1.html", date(2025, 3, 8))]
    assert listing.more == ["http://127.0.0.1/ksq/nb/index_1.html", "http://127.0.0.1/ksq/nb/index_2.html"]

    undeclared = f"<html><body><h1>{title}</h1><p>发布日期：2025年3月8日</p>" \
                 f'<a href="a.pdf">PDF</a><a href="a.docx">Word</a></body></html>'.encode("gb18030")
    found = detail.parse(_response("http://127.0.0.1/d.html", undeclared,
                                   {"Content-Type": "text/html; charset=GBK"}))
    assert (found.title, found.published_on) == (title, date(2025, 3, 8))
    assert found.best_attachment().url == "http://127.0.0.1/a.docx"


def test_detail_page_attachments_are_files_or_download_scripts_not_other_pages() -> None:
    page = ('<html><body><a href="/index.html">首页</a><a href="/nb/list.html">上一篇</a>'
            '<a href="/module/download/downfile.jsp?classid=0&amp;id=7">附件下载</a>'
            '<a href="/files/report.wps">WPS 版</a><a href="/files/report.pdf">PDF 版</a></body></html>').encode()
    found = detail.parse(_response("http://127.0.0.1/nb/t1.html", page))
    assert [(a.url.rsplit("/", 1)[1], a.suffix) for a in found.attachments] == [
        ("downfile.jsp?classid=0&id=7", None), ("report.wps", ".wps"), ("report.pdf", ".pdf")]
    assert found.best_attachment().suffix == ".pdf"
    assert detail.attachment("http://127.0.0.1/downfile.jsp?filename=../../a.docx", "年报").suffix == ".docx"
    assert detail.attachment("http://127.0.0.1/files/统计表.ET", "统计表").suffix == ".et"
    sheet_and_word = detail.parse(_response("http://127.0.0.1/nb/t3.html", (
        '<html><body><a href="/f/tables.xls">统计表</a><a href="/f/report.doc">年报</a></body></html>').encode()))
    assert sheet_and_word.best_attachment().suffix == ".doc"
    assert detail.attachment("http://127.0.0.1/nb/t2.html", "2024年政府信息公开工作年度报告") is None
