"""Generate the fixture site from registry files: realistic columns for every agency, traps, and the truth.

For each registry entry the column is generated in its CMS family's shape (TRS WCM in GBK with
``createPageHTML``, Hanweb with ``dataproxy.jsp`` records and ``downfile.jsp`` downloads, plain list pages),
filled with the agency's report for the year, older reports, look-alike non-reports and news. Traps
(``TRAPS``) add broken links, a failing list page, redirects, duplicate links and reports in two formats.
Next to the tree go ``routes.json`` and ``faults.json`` (read by :mod:`tests.support.fixture_site.serve`) and
``truth.json``: every document a correct crawl collects, every failure it must report, and the decoys (pages
and files it must never download: non-reports, other years, the second format of a report).

    .venv/bin/python -m tests.support.fixture_site.build OUT_DIR [REGISTRY ...]
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from html import escape
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from crawlers.registry import DEFAULT_REGISTRY, Jurisdiction, RegistryAgency, load_registry
from tests.support.fixture_site import documents

HOSTILE_REGISTRY = Path(__file__).resolve().parent / "hostile.yaml"
PAGE_SIZE = 6
# Report format per agency (default: by position); "direct_pdf" links the PDF from the list itself.
FORMATS = {
    "dj-gov": "pdf", "dj-jyj": "html", "dj-czj": "pdf+docx", "dj-ksq": "docx", "dj-wjw": "direct_pdf",
    "nh-gov": "downfile", "nh-fgw": "html", "nh-gaj": "downfile+docx", "nh-sthjj": "docx",
    "xs-gov": "html", "xs-mzj": "none", "xs-zrzyj": "pdf", "xs-jtysj": "html",
}
TRAPS = {
    "dj-gov": {"deep"}, "dj-jyj": {"duplicate"}, "dj-czj": {"broken_link", "look_alikes"}, "dj-ksq": {"redirect"},
    "dj-wjw": {"error_page"}, "nh-gov": {"deep"}, "nh-fgw": {"broken_link", "undated_list"},
    "nh-gaj": {"duplicate", "look_alikes"}, "nh-sthjj": {"redirect"}, "xs-gov": {"deep"},
    "xs-jtysj": {"redirect", "look_alikes"},
}
TITLE_STYLES = ("{name}{year}年政府信息公开工作年度报告", "{year}年政府信息公开工作年度报告",
                "{name}{year}年度政府信息公开年报", "{name}{cn_year}年政务公开工作年度报告")
DEFAULT_FORMATS = ("html", "pdf")
# Report titles as agencies also write them (issue 14, item 9), on two CMS families each.
TITLES = {"dj-czj": "{name}关于{year}年政府信息公开工作的年度报告", "nh-gaj": "{name}关于{year}年政府信息公开工作的年度报告",
          "xs-zrzyj": "{name}{cn_year}年度政府信息公开工作年度报告", "nh-fgw": "{name}{cn_year}年度政府信息公开工作年度报告"}
# Pages about a report that are not the report (trap "look_alikes").
NOT_REPORTS = ("图解：{name}{year}年政府信息公开工作年度报告", "一图读懂{name}{year}年政府信息公开工作年度报告",
               "{name}{year}年政府信息公开工作年度报告解读", "{name}{year}年政府信息公开工作年度报告（征求意见稿）")
# A shared column: how each member's report is titled (by position; 「{alias}」 is its first alias, and a
# title naming no agency leaves it to the page's 来源), and the agency outside the registry listed there too.
SHARED_TITLES = ("{name}{year}年政府信息公开工作年度报告", "{name}关于{year}年政府信息公开工作的年度报告",
                 "{year}年政府信息公开工作年度报告", "{alias}{cn_year}年度政府信息公开工作年度报告")
OUTSIDER = "{jurisdiction}档案馆"


@dataclass
class Entry:
    title: str
    path: str  # site path (with query for download scripts) the list links to
    published_on: date
    dated: bool = True


@dataclass
class Truth:
    year: int
    documents: list[dict] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)
    decoys: list[str] = field(default_factory=list)
    unregistered: list[dict] = field(default_factory=list)  # reports of agencies outside the registry


@dataclass
class Site:
    root: Path
    routes: dict[str, dict] = field(default_factory=dict)
    faults: dict[str, str] = field(default_factory=dict)

    def write(self, path: str, content: bytes | str, encoding: str = "utf-8") -> None:
        target = self.root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))


def cn_year(year: int) -> str:
    return "".join("〇一二三四五六七八九"[int(d)] for d in str(year))


def page_html(title: str, body: str, charset: str = "utf-8", head: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{escape(title)}</title>{head}</head>\n<body><div class=\"header\">政府信息公开</div>\n"
            f"{body}\n<div class=\"footer\">主办单位：{escape(title)}</div></body></html>\n")


class Family:
    """Where one CMS family puts list pages, detail pages and files, and how it renders them."""

    charset = "utf-8"  # what the page declares
    encoding = "utf-8"  # what its bytes really are

    def __init__(self, site: Site, source: RegistryAgency) -> None:
        self.site, self.source = site, source
        self.entry = urlsplit(source.entry).path
        self.column = str(PurePosixPath(self.entry).parent)

    def detail_path(self, number: int, day: date) -> str:
        return f"{self.column}/content_{number}.html"

    def file_path(self, number: int, day: date, suffix: str) -> str:
        return f"{self.column}/files/{day:%Y%m%d}{number:04d}{suffix}"

    def detail_page(self, title: str, day: date, body: str) -> str:
        info = f'<div class="info">发布日期：{day:%Y-%m-%d}　来源：{escape(self.source.name)}</div>'
        return page_html(title, f'<h1 class="title">{escape(title)}</h1>{info}<div class="content">{body}</div>',
                         self.charset)

    def write_detail(self, path: str, title: str, day: date, body: str) -> None:
        self.site.write(path, self.detail_page(title, day, body), self.encoding)

    def list_pages(self, entries: list[Entry]) -> list[str]:
        """Write the column; returns the list page paths in order."""
        pages = [entries[i : i + PAGE_SIZE] for i in range(0, len(entries), PAGE_SIZE)] or [[]]
        paths = [self.entry if n == 0 else self.entry.replace(".html", f"_{n + 1}.html") for n in range(len(pages))]
        for n, chunk in enumerate(pages):
            pager = f'<a class="next" href="{PurePosixPath(paths[n + 1]).name}">下一页</a>' if n + 1 < len(pages) else ""
            self.site.write(paths[n], page_html(self.source.name, self.render(chunk) + pager, self.charset),
                            self.encoding)
        return paths

    def render(self, entries: list[Entry]) -> str:
        rows = "".join(
            f'<li><a href="{escape(self.href(e.path))}" title="{escape(e.title)}">{escape(e.title[:22])}</a>'
            f'{f"<span>{e.published_on:%Y-%m-%d}</span>" if e.dated else ""}</li>'
            for e in entries)
        return f'<ul class="list">{rows}</ul>'

    def href(self, path: str) -> str:
        """How a list page links to ``path``."""
        return path

    def attachment_href(self, path: str) -> str:
        """How a detail page links to its attachment at ``path`` (published the same day)."""
        return path


class Plain(Family):
    pass


class TrsWcm(Family):
    # Like many real TRS sites: declares GB2312 but writes GBK (characters such as 「堃」 are not in GB2312).
    charset = "gb2312"
    encoding = "gbk"

    def detail_path(self, number: int, day: date) -> str:
        return f"{self.column}/{day:%Y%m}/t{day:%Y%m%d}_{number}.html"

    def file_path(self, number: int, day: date, suffix: str) -> str:
        return f"{self.column}/{day:%Y%m}/P0{day:%Y%m%d}{number:06d}{suffix}"

    def detail_page(self, title: str, day: date, body: str) -> str:
        head = (f'<meta name="ArticleTitle" content="{escape(title)}">'
                f'<meta name="PubDate" content="{day:%Y-%m-%d} 09:30">'
                f'<meta name="ContentSource" content="{escape(self.source.name)}">')
        return page_html(title, f'<div class="TRS_Editor">{body}</div>', self.charset, head)

    def attachment_href(self, path: str) -> str:
        return "./" + PurePosixPath(path).name  # same month folder as the detail page

    def href(self, path: str) -> str:
        prefix = self.column + "/"
        return "./" + path[len(prefix):] if path.startswith(prefix) else path

    def list_pages(self, entries: list[Entry]) -> list[str]:
        pages = [entries[i : i + PAGE_SIZE] for i in range(0, len(entries), PAGE_SIZE)] or [[]]
        paths = [f"{self.column}/index.html" if n == 0 else f"{self.column}/index_{n}.html" for n in range(len(pages))]
        for n, chunk in enumerate(pages):
            script = f'<script language="JavaScript">createPageHTML({len(pages)}, {n}, "index", "html");</script>'
            self.site.write(paths[n], page_html(self.source.name, self.render(chunk) + script, self.charset),
                            self.encoding)
        return paths


class Hanweb(Family):
    def __init__(self, site: Site, source: RegistryAgency) -> None:
        super().__init__(site, source)
        match = re.match(r"(.*)/col/col(\d+)/", self.entry)
        assert match, f"Hanweb entry must look like …/col/colNNN/index.html: {self.entry}"
        self.prefix, self.column_id = match.group(1), match.group(2)
        self.records: list[str] = []
        self.doctype = ""  # raw XML the server puts before the root element (hostile sites only)
        self.extra = ""  # raw XML records outside CDATA (hostile sites only)

    def detail_path(self, number: int, day: date) -> str:
        return f"{self.prefix}/art/{day.year}/{day.month}/{day.day}/art_{self.column_id}_{number}.html"

    def file_path(self, number: int, day: date, suffix: str) -> str:
        stored = f"{day:%y%m%d}{self.column_id}{number:04d}{suffix}"
        path = f"{self.prefix}/module/download/downfile.jsp?classid=0&filename={stored}"
        self.site.routes[path] = {"file": f"{self.prefix}/module/download/files/{stored}"}
        return path

    def list_pages(self, entries: list[Entry]) -> list[str]:
        endpoint = f"{self.prefix}/module/web/jpage/dataproxy.jsp"
        script = (f"<div id=\"div{self.column_id}\"></div><script type=\"text/javascript\">\n"
                  f"var webid = '1'; var columnid = '{self.column_id}'; var unitid = '{int(self.column_id) * 7}';\n"
                  f"$('#div{self.column_id}').jpage({{dataUrl: '{endpoint}', perPage: 15}});\n</script>")
        self.site.write(self.entry, page_html(self.source.name, script))
        records = [self.render([e])[len('<ul class="list">') : -len("</ul>")] for e in entries]
        column_data = {"doctype": self.doctype, "records": records, "extra": self.extra}
        self.site.write(f"{self.prefix}/module/web/jpage/columns/{self.column_id}.json",
                        json.dumps(column_data, ensure_ascii=False))
        return [self.entry]


FAMILIES: dict[str, type[Family]] = {"plain": Plain, "trs_wcm": TrsWcm, "hanweb": Hanweb}


def _fillers(name: str, year: int, start: date, count: int) -> list[tuple[str, date]]:
    return [(f"{name}关于{year + 1}年第{n + 1}批行政许可事项的公示", start + timedelta(days=n)) for n in range(count)]


def build_agency(site: Site, truth: Truth, source: RegistryAgency, index: int, year: int) -> None:
    family = FAMILIES[source.cms](site, source)
    fmt = FORMATS.get(source.code, DEFAULT_FORMATS[index % len(DEFAULT_FORMATS)])
    traps = TRAPS.get(source.code, set())
    name, counter = source.name, iter(range(100, 10_000))
    published = date(year + 1, 3 if source.deadline_kind == "government" else 1, 5 + index % 20)
    title = TITLES.get(source.code, TITLE_STYLES[index % len(TITLE_STYLES)]).format(
        name=name, year=year, cn_year=cn_year(year))
    *older, current = documents.report_series(name, year)
    blocks = documents.report_blocks(current, published)
    entries: list[Entry] = []

    def detail(page_title: str, day: date, body: str) -> str:
        path = family.detail_path(next(counter), day)
        family.write_detail(path, page_title, day, body)
        return path

    def attachment(suffix: str, day: date) -> str:
        path = family.file_path(next(counter), day, suffix)
        content = documents.docx_bytes(blocks) if suffix == ".docx" else documents.pdf_bytes(blocks)
        site.write(site.routes.get(path, {}).get("file", path), content)
        if isinstance(family, Hanweb):
            site.routes[path]["disposition"] = f"{title}{suffix}"
        return path

    def expect(path: str, kind: str) -> None:
        expect_document(truth, source.code, year, published, path, kind, title)

    target: Entry | None = None
    if fmt == "none":
        truth.not_found.append(source.code)
    elif fmt == "direct_pdf":
        path = attachment(".pdf", published)
        target = Entry(title, path, published)
        expect(path, ".pdf")
    else:
        suffixes = [s for s in fmt.replace("downfile", "pdf").split("+") if s != "html"]
        links = [(f".{s}", attachment(f".{s}", published)) for s in suffixes]
        body = documents.html_body(blocks) if fmt == "html" else "<p>详见附件。</p>" + "".join(
            f'<p>附件：<a href="{escape(family.attachment_href(path))}">{escape(title)}{suffix}</a></p>' for suffix, path in links)
        page = detail(title, published, body)
        target = Entry(title, page, published, dated="undated_list" not in traps)
        if "redirect" in traps:
            old = page.replace(".html", "_old.html")
            site.routes[old] = {"status": 301, "location": page}
            target = Entry(title, old, published)
        if fmt == "html":
            expect(target.path, ".html")  # a report is known by the address its column links to
        else:
            best = dict(links).get(".docx") or dict(links)[".pdf"]
            expect(best, ".docx" if ".docx" in dict(links) else ".pdf")
            truth.decoys += [path for _, path in links if path != best]

    # Last years' reports in full (their numbers chain into this year's), then pages that are no report.
    earlier = [(f"{name}{year - 1}年政府信息公开工作年度报告", date(year, 1, 20)),
               (f"{name}{year - 2}年政府信息公开工作年报", date(year - 1, 1, 25))]
    others = [(other_title, day, documents.report_blocks(report, day))
              for (other_title, day), report in zip(earlier, reversed(older), strict=True)]
    others += [(other_title, day, [documents.Para(other_title)]) for other_title, day in [
        (f"{name}政府信息公开指南", date(year, 6, 1)),
        (f"{name}{year}年法治政府建设年度报告", published + timedelta(days=2)),
        (f"关于做好{year}年政府信息公开工作年度报告编制发布工作的通知", date(year, 12, 10)),
        (f"{name}{year + 1}年政务公开工作要点", published + timedelta(days=5)),
        *[(style.format(name=name, year=year), published + timedelta(days=1))
          for style in (NOT_REPORTS if "look_alikes" in traps else ())],
        *_fillers(name, year, published + timedelta(days=10), 40 if "deep" in traps else 4),
    ]]
    for other_title, day, body in others:
        page = detail(other_title, day, documents.html_body(body))
        entries.append(Entry(other_title, page, day))
        truth.decoys.append(entries[-1].path)
    entries.sort(key=lambda e: e.published_on, reverse=True)
    if target is not None:
        entries.insert(len(entries) if "deep" in traps else 1, target)
        if "duplicate" in traps:
            entries.insert(0, Entry(target.title, target.path, target.published_on))
    if "broken_link" in traps:
        missing = family.detail_path(9_999, published)
        entries.insert(2, Entry(f"{name}{year}年政府信息公开工作年度报告（旧链接）", missing, published))
        truth.failures.append({"agency": source.code, "kind": "detail", "path": missing, "reason": "404"})
    pages = family.list_pages(entries)
    if "error_page" in traps:
        site.faults[pages[1]] = "500"
        truth.failures.append({"agency": source.code, "kind": "list", "path": pages[1], "reason": "500"})


def expect_document(truth: Truth, agency: str, year: int, published: date, path: str, kind: str,
                    title: str) -> None:
    truth.documents.append({"agency": agency, "year": year, "published_on": published.isoformat(),
                            "path": path, "format": kind, "title": title})


def build_shared_column(site: Site, truth: Truth, jurisdiction: Jurisdiction, column: str, year: int) -> None:
    """One column listing the reports of several agencies, each with last year's report and a 图解 beside it,
    and the report of an agency outside the registry (recorded in the truth as ``unregistered``)."""
    members = [a for a in jurisdiction.agencies if a.column == column]
    outsider = members[0].model_copy(update={"code": f"{column}-outsider", "aliases": [],
                                             "name": OUTSIDER.format(jurisdiction=jurisdiction.name)})
    counter, entries = iter(range(100, 10_000)), []
    for index, source in enumerate([*members, outsider]):
        family = FAMILIES[source.cms](site, source)
        published = date(year + 1, 1, 10 + index)
        title = SHARED_TITLES[index % len(SHARED_TITLES)].format(
            name=source.name, alias=(source.aliases or [source.name])[0], year=year, cn_year=cn_year(year))
        earlier, current = documents.report_series(source.name, year, 2)
        pages = [(title, published, documents.report_blocks(current, published)),
                 (f"{source.name}{year - 1}年政府信息公开工作年度报告", date(year, 1, 10 + index),
                  documents.report_blocks(earlier, date(year, 1, 10 + index))),
                 (NOT_REPORTS[0].format(name=source.name, year=year), published, [documents.Para(title)])]
        for page_title, day, blocks in pages:
            path = family.detail_path(next(counter), day)
            family.write_detail(path, page_title, day, documents.html_body(blocks))
            entries.append(Entry(page_title, path, day))
        report = entries[-3]
        if source is outsider:
            truth.unregistered.append({"column": column, "name": source.name, "path": report.path,
                                       "title": title})
        else:
            expect_document(truth, source.code, year, published, report.path, ".html", title)
        truth.decoys += [entries[-2].path, entries[-1].path]
    entries.sort(key=lambda e: e.published_on, reverse=True)
    FAMILIES[members[0].cms](site, members[0]).list_pages(entries)


def build_hostile(site: Site, truth: Truth, jurisdiction: Jurisdiction, year: int) -> None:
    """Sites that try to write outside the store, inject XML entities, loop or send us elsewhere.

    The file names aim at ``../`` of the raw store, at an absolute path next to the site folder and at a
    Windows path; the external entity would put the content of ``secret.txt`` into a link's query string.
    """
    by_code = {a.code: a for a in jurisdiction.agencies}
    title = f"{year}年政府信息公开工作年度报告"
    day = date(year + 1, 1, 15)

    traversal = Plain(site, by_code["hx-traversal"])
    names = {"../../../../escape_rel.pdf": "../../../../escape_rel.pdf",
             "abs.pdf": str(site.root.resolve().parent / "escape_abs.pdf"), "win.pdf": "..\\..\\escape_win.pdf"}
    links = ""
    for number, (query_name, disposition) in enumerate(names.items()):
        path = f"{traversal.column}/downfile.jsp?filename={query_name}"
        stored = f"{traversal.column}/files/hostile{number}.pdf"
        site.write(stored, documents.pdf_bytes([documents.Para(f"hostile {number}")]))
        site.routes[path] = {"file": stored, "disposition": disposition}
        links += f'<li><a href="{escape(path)}">{title}（{number}）</a><span>{day:%Y-%m-%d}</span></li>'
        expect_document(truth, traversal.source.code, year, day, path, ".pdf", f"{title}（{number}）")
    site.write(traversal.entry, page_html("路径穿越", f'<ul class="list">{links}</ul>'))

    xxe = Hanweb(site, by_code["hx-xxe"])
    secret = site.root / "secret.txt"
    secret.write_text("NIANBAO-XXE-SECRET", encoding="utf-8")
    xxe.doctype = f'<!DOCTYPE datastore [<!ENTITY xxe SYSTEM "{secret.resolve().as_uri()}">]>'
    page = xxe.detail_path(1, day)
    report = documents.report_blocks(documents.report_series("实体注入局", year, 1)[0], day)
    xxe.write_detail(page, title, day, documents.html_body(report))
    expect_document(truth, xxe.source.code, year, day, page, ".html", title)
    leak = f"{xxe.prefix}/leak.html"
    xxe.extra = (f'<record><![CDATA[<li><a href="{leak}?q=]]>&xxe;<![CDATA[">{title}（附件）</a>'
                 f'<span>{day:%Y-%m-%d}</span></li>]]></record>')
    truth.failures.append({"agency": xxe.source.code, "kind": "detail", "path": leak, "reason": "404"})
    xxe.list_pages([Entry(title, page, day)])

    loop = Plain(site, by_code["hx-loop"])
    site.faults[loop.entry] = "redirect-loop"
    truth.failures.append({"agency": "hx-loop", "kind": "list", "path": loop.entry, "reason": "重定向循环"})

    foreign = Plain(site, by_code["hx-foreign"])
    target = foreign.detail_path(1, day)
    site.faults[target] = "redirect-foreign"
    foreign.list_pages([Entry(title, target, day)])
    truth.failures.append({"agency": "hx-foreign", "kind": "detail", "path": target, "reason": "登记范围外"})


def build(out: Path, registries: list[Path] | None = None, year: int = 2024, hostile: bool = True) -> Truth:
    """Write the site for ``registries`` (default: the bundled example registry) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    site, truth = Site(out), Truth(year)
    site.write("/robots.txt", "User-agent: *\nDisallow: /admin/\n")
    for registry in registries or [DEFAULT_REGISTRY]:
        for jurisdiction in load_registry(registry):
            for index, source in enumerate(jurisdiction.agencies):
                if source.column is None:
                    build_agency(site, truth, source, index, year)
            for column in jurisdiction.columns:
                build_shared_column(site, truth, jurisdiction, column.code, year)
    if hostile:
        build_hostile(site, truth, load_registry(HOSTILE_REGISTRY)[0], year)
    site.write("/routes.json", json.dumps(site.routes, ensure_ascii=False, indent=1))
    site.write("/faults.json", json.dumps(site.faults, ensure_ascii=False, indent=1))
    site.write("/truth.json", json.dumps(asdict(truth), ensure_ascii=False, indent=1))
    return truth


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成测试用政府网站（fixture site）")
    parser.add_argument("out", type=Path)
    parser.add_argument("registries", nargs="*", type=Path)
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args(argv)
    truth = build(args.out, args.registries or None, args.year)
    hostile = {a.code for a in load_registry(HOSTILE_REGISTRY)[0].agencies}
    expected = [d for d in truth.documents if d["agency"] not in hostile]
    failures = [f for f in truth.failures if f["agency"] not in hostile]
    print(f"已生成测试网站 {args.out}：按登记表应收集 {len(expected)} 份 {args.year} 年度报告，应报告 "
          f"{len(failures)} 处故障（另含恶意站点测试栏目，登记表见 {HOSTILE_REGISTRY.name}）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
