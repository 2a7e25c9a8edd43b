"""The dashboard built from a checked warehouse (SQLite and PostgreSQL): the matrix shows each agency-year's
status in words, report pages put the findings beside the tables with the used cells marked and the
rule's sums written out, document text is escaped, site problems and the Data Docs are linked, and a
rebuild gives the same site."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import Engine, select

from nianbao.dashboard import build
from nianbao.dashboard.pages import history_path, jurisdiction_path, report_path
from nianbao.dashboard.tables import SKELETONS
from nianbao.warehouse.schema import Agency, Report
from tests.dashboard.conftest import AS_OF, DISTRICT, HOSTILE

# the script elements a page may have: the site's own (report pages: the skeletons and their cells)
SCRIPTS = {"r": (' type="application/json" id="report-cells"', ' src="../assets/tables.js"', ' src="../assets/dashboard.js"'),
           "j": (' src="../assets/dashboard.js"',)}


def _ids(engine: Engine, name: str) -> tuple[int, dict[int, int]]:
    with engine.connect() as connection:
        agency_id = connection.scalar(select(Agency.id).where(Agency.name == name))
        reports = {year: report_id for year, report_id in
                   connection.execute(select(Report.year, Report.id).where(Report.agency_id == agency_id))}
    return agency_id, reports


def _cells(html: str) -> list[str]:
    """The text of each matrix row (agency name and its cells), tags stripped."""
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", html, re.DOTALL)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def test_matrix_shows_each_agency_year_in_words(site: Path) -> None:
    page = (site / jurisdiction_path(DISTRICT)).read_text(encoding="utf-8")
    rows = {row.split(" ")[0]: row for row in _cells(page)}
    assert set(rows) == {"东江区水务局", "东江区教育局", "东江区财政局"}
    assert re.search(r"✓ 按时发布 △ 有警告 警告 \d+$", rows["东江区水务局"])  # stock continuity only
    assert re.search(r"! 有错误 错误 3( · 警告 \d+)?$", rows["东江区教育局"])  # 总计 row, column, balance
    # 2023 missing; report_missing is unverifiable (not an error) while its site problem is open
    assert rows["东江区财政局"].endswith("✓ 按时发布 ✗ 逾期未发布")
    assert 'class="k-errors"><a href="../r/' in page  # the cell links to the report's page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert f'href="{jurisdiction_path(DISTRICT)}"' in index and "网站问题 1 个" in index
    assert (site / "assets" / "bootstrap.min.css").stat().st_size > 100_000


def _page_cells(page: str) -> list[dict]:
    """The report's cells as embedded in its page, one entry per table of the layout's skeleton."""
    embedded = re.search(r'<script type="application/json" id="report-cells">(.*?)</script>', page, re.DOTALL)
    return json.loads(embedded.group(1))["grids"]


def test_report_page_marks_the_cells_a_rule_used(site: Path, engine: Engine) -> None:
    _, reports = _ids(engine, "东江区教育局")
    page = (site / report_path(reports[2023])).read_text(encoding="utf-8")
    finding = re.search(r'<li class="finding sev-error" id="f(\d+)">(?:(?!</li>).)*applications_total_row'
                        r'(?:(?!</li>).)*</li>', page, re.DOTALL)
    assert finding, "the broken （七）总计 is a finding on the page"
    number, text = int(finding.group(1)), finding.group(0)
    assert "核算：" in text and "对照：「（七）总计」" in text  # the two sums written out
    layout = re.search(r'data-layout="(F20\d\d)"', page).group(1)
    grids = SKELETONS[layout]
    table = next(i for i, g in enumerate(grids) if g.title.startswith("表三"))
    cells = _page_cells(page)[table]
    position = {cell: f"{i},{j}" for i, (_, row) in enumerate(grids[table].rows) for j, cell in enumerate(row)}
    for used in (("applications", "total", "natural_person"), ("applications", "granted", "natural_person")):
        assert number in cells["m"][position[used]], used
    assert position[("applications", "partial", "social_welfare")] not in cells["m"]  # no rule used it
    row, col = map(int, position[("applications", "total", "natural_person")].split(","))
    assert cells["v"][row][col] == sum(cells["v"][i][col] for i, (label, _) in enumerate(grids[table].rows)
                                       if label.startswith("（") and "总计" not in label) + 3


def test_document_text_is_escaped(site: Path, engine: Engine) -> None:
    _, reports = _ids(engine, HOSTILE)
    for path in (report_path(reports[2023]), jurisdiction_path("未归属辖区")):
        page = (site / path).read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;局" in page, path
        assert "<script>alert" not in page, path
        assert re.findall(r"<script[^>]*>", page) == [f"<script{a}>" for a in SCRIPTS[path[0]]], path
    data = (site / history_path("未归属辖区")).read_text(encoding="utf-8")  # the agency page's data
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e局" in data and "<" not in data


def test_site_problems_and_data_docs_are_linked(site: Path, docs_dir: Path) -> None:
    problems = (site / "problems.html").read_text(encoding="utf-8")
    assert "东江区财政局" in problems and "无法访问" in problems and "未解决" in problems
    link = re.search(r'<a class="nav-link" href="([^"]+)">数据文档</a>', problems).group(1)
    assert (site / link).resolve() == (docs_dir / "index.html").resolve()


def test_rebuild_gives_the_same_site(site: Path, engine: Engine, tmp_path: Path) -> None:
    again = tmp_path / "again"
    (again / "r").mkdir(parents=True)
    (again / "r" / "999999.html").write_text("a report fixed since", encoding="utf-8")
    build(engine, again, now=AS_OF)
    build(engine, again, now=AS_OF)
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    index = (again / "index.html").read_text(encoding="utf-8")
    assert "数据文档" not in index  # built without Data Docs: no link to them
