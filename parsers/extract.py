"""The one extractor: maps an intermediate :class:`Document` of any format onto the canonical model.

It finds the six sections in order whatever their numbering or markup, recognises the layout from
what is printed, and fills the tables by matching row and column labels — never by position on the
page — keeping every row's shape (values found against values the layout has). Amounts are stored in
万元 whatever unit they print in; a row whose cells ran together in the text is cut into its cells only
where the table's arithmetic leaves one way (``segment``), and is otherwise left unread and named in the
report's ``read_notes``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nianbao.model import (
    ACTIVE_DISCLOSURE_ROWS,
    APPLICANT_COLUMNS,
    REVIEW_LITIGATION_KEYS,
    REVIEW_ROW,
    SECTION_KEYS,
    AnnualReport,
    CellReading,
    Layout,
    RowShape,
    SectionText,
    Source,
    Tables,
    application_rows,
    layout_for_year,
)
from parsers import confidence, facts, segment
from parsers import labels as L
from parsers.document import Block, Document, ParseError, Table, TextLine, lowest_confidence
from parsers.numbers import read_amount, read_number, read_value
from parsers.stream import Row, compact, groups, is_page_mark, rows

_APPLICATION_PATTERNS = L.compile_patterns(L.APPLICATION_ROWS)
_ACTIVE_ROW_PATTERNS = L.compile_patterns(L.ACTIVE_DISCLOSURE_ROWS)
_ACTIVE_COLUMN_PATTERNS = L.compile_patterns(L.ACTIVE_DISCLOSURE_COLUMNS)
# How many following lines a heading broken over lines may continue on.
_HEADING_CONTINUATION = 2
_HEADING_MAX_CHARS = 48


@dataclass
class _Section:
    key: str
    heading: str
    position: int
    blocks: list[Block] = field(default_factory=list)


def _heading_key(text: str, wanted: list[str]) -> tuple[str, str] | None:
    """The section a line is the heading of, and any text run on after the heading on the same line.

    A heading is numbering then a canonical title and nothing more; looser titles need a top-level
    Chinese numeral, and a heading may run on into its paragraph after 「。」 or 「：」.
    """
    flat = compact(text).strip("#*").replace("（", "(")
    numbered = L.HEADING_NUMBER.match(flat)
    chinese = bool(L.CHINESE_NUMBER.match(flat))
    body = (flat[numbered.end():] if numbered else flat).strip("、.,:：")
    for key in wanted:
        patterns = [L.SECTION_TITLES[key]] + ([L.SECTION_LOOSE_TITLES[key]] if chinese else [])
        for pattern in patterns:
            if len(flat) <= _HEADING_MAX_CHARS and pattern.fullmatch(body.rstrip("。")):
                return key, ""
            match = pattern.match(body) if chinese else None
            if match and L.RUN_IN.match(body, match.end()):
                return key, body[match.end() + 1:]
    return None


def _split_sections(blocks: list[Block]) -> tuple[list[Block], list[_Section]]:
    """Blocks before the first heading, and the sections found with their blocks."""
    head: list[Block] = []
    sections: list[_Section] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        found = None
        if isinstance(block, TextLine):
            wanted = [k for k in SECTION_KEYS if k not in {s.key for s in sections}]
            text = block.text
            for extra in range(_HEADING_CONTINUATION + 1):
                if extra:
                    following = blocks[index + extra] if index + extra < len(blocks) else None
                    if not isinstance(following, TextLine) or not L.HEADING_NUMBER.match(compact(block.text)):
                        break
                    text += following.text
                key = _heading_key(text, wanted)
                if key:
                    found = (*key, text, extra)
                    break
        if found:
            key, run_in, text, extra = found
            heading = text.strip()[: len(text.strip()) - len(run_in)] if run_in else text.strip()
            section = _Section(key, heading.rstrip("。：:"), len(sections))
            if run_in:
                read = lowest_confidence(b for b in blocks[index : index + extra + 1] if isinstance(b, TextLine))
                section.blocks.append(TextLine(run_in, block.page, "paragraph", read))
            sections.append(section)
            index += extra + 1
            continue
        (sections[-1].blocks if sections else head).append(block)
        index += 1
    return head, sections


def _lines_of(blocks: list[Block]) -> list[TextLine]:
    return [b for b in blocks if isinstance(b, TextLine) and not is_page_mark(b.text)]


def _text_of(blocks: list[Block]) -> str:
    return "\n".join(b.text for b in _lines_of(blocks))


@dataclass
class _Carry:
    """Value runs no label took yet; ``shifted`` when they came from a group with more runs than labels."""

    runs: list[Row] = field(default_factory=list)
    shifted: bool = False


def _assign(found: dict[str, Row], group_keys: list[str], runs: tuple[Row, ...], carry: _Carry) -> None:
    """Give a group's value runs to its labels, the last labels first (earlier ones are parents or headers).

    Text extracted from vertically centred cells can print a row's values before its label, so runs
    that no label of their group takes are carried to the next group: they fill its first labels that
    lack values, or, when they were surplus runs of a labelled group, shift onto its labels.
    """
    keys = [k for k in group_keys if k not in found]
    if not keys:
        carry.runs.extend(runs)
        return
    pending = list(runs)
    if carry.runs and len(keys) > len(pending):
        pending = carry.runs[-(len(keys) - len(pending)):] + pending
    elif carry.runs and carry.shifted:
        pending = carry.runs + pending
    carry.runs, carry.shifted = pending[len(keys):], len(pending) > len(keys)
    pending = pending[: len(keys)]
    for key, run in zip(keys[-len(pending):] if pending else [], pending, strict=True):
        found[key] = run


def _shape(values: tuple[str, ...], expected: int, label: str) -> RowShape:
    return RowShape(found=len(values), expected=expected, values=[read_value(v) for v in values], label=label)


def _run_of(row: Row, expected: int) -> str | None:
    """The row's one token when it is the digits of a row of ``expected`` cells printed run together."""
    if expected < 2 or len(row.values) != 1 or row.extra:
        return None
    token = row.values[0]
    return token if segment.is_run(token) and sum(ch.isdigit() for ch in token) >= expected else None


# Table names in the reasons given to operators for a table (or rows of it) not read.
_TABLE_NAMES = {"active_disclosure": "表二", "applications": "表三", "review_litigation": "表四"}


class _Extraction:
    """State of one document's extraction: the layout signals seen, the shapes of its rows, the tables
    printed but not read (in whole or in part) with the reason, notes on rows not read, and the OCR
    confidence of values read from pictures."""

    def __init__(self) -> None:
        self.signals: dict[str, list[str]] = {}
        self.shape: dict[str, dict[str, RowShape]] = {}
        self.unread: dict[str, str] = {}
        self.notes: list[str] = []
        self.readings: dict[str, dict[str, dict[str, CellReading]]] = {}

    def _note_unread(self, table_key: str, runs: list[Row], found: dict[str, Row]) -> None:
        """Record a table whose printed numbers no row label took: value runs left over mean rows the
        labels of which could not be read (garbled, cut), so rows not found may be there after all."""
        left = [r for r in runs if r not in found.values() and any(read_number(v) is not None for v in r.values)]
        if not left:
            return
        name = _TABLE_NAMES[table_key]
        self.unread[table_key] = (f"{name}有数值，但无法识别任何行名，整表未能读取" if not found else
                                  f"{name}有 {len(left)} 行数值无法对应到行名，这些行未能读取")

    def not_cut(self, table: str, key: str, label: str, run: str) -> None:
        """Record a row whose run of digits could not be cut into its cells in exactly one way: the table is
        read only in part, so its rules cannot be verified."""
        shown = f"「{label}」行" if label else "一行"
        note = f"{_TABLE_NAMES[table]}{shown}的数字连写为「{run}」，无法唯一拆分到各栏，该行未读取"
        self.notes.append(note)
        self.unread.setdefault(table, note)

    def read(self, table: str, row: str, columns: tuple[str, ...], runs: tuple[Row, ...]) -> None:
        """Keep the OCR confidence of a row's values (runs of a scanned table), by column."""
        scores = [(score, run.page) for run in runs for score in run.confidence]
        if len(scores) == len(columns):
            self.readings.setdefault(table, {})[row] = {
                column: CellReading(confidence=score, page=page)
                for column, (score, page) in zip(columns, scores, strict=True) if score is not None
            }

    def scanned_gaps(self, blocks: dict[str, list[Block]], tables: Tables, layout: Layout) -> None:
        """Record a table read by OCR with rows of its layout not read (lost with a broken rule, a cell
        read as nothing, a row read with more or fewer values than its columns) as read in part: those rows
        are unread, not missing or misshapen, so no rule blames the agency for what the recogniser did not
        see."""
        expected = {
            "active_disclosure": (tables.active_disclosure, ACTIVE_DISCLOSURE_ROWS[layout]),
            "applications": (tables.applications, application_rows(layout)),
            "review_litigation": (tables.review_litigation, REVIEW_LITIGATION_KEYS),
        }
        for table, (values, keys) in expected.items():
            scanned = any(isinstance(b, Table) and b.confidence is not None for b in blocks.get(table, []))
            lost = [key for key in keys if key not in values]
            if not (scanned and lost):
                continue
            if table in self.shape:
                self.shape[table] = {k: s for k, s in self.shape[table].items() if s.found == s.expected}
            if table not in self.unread:
                self.unread[table] = f"{_TABLE_NAMES[table]}为扫描件，有 {len(lost)} 项未能识别，未作缺失处理"

    def signal(self, layout: str, where: str) -> None:
        self.signals.setdefault(layout, [])
        if where not in self.signals[layout]:
            self.signals[layout].append(where)

    def applications(self, blocks: list[Block]) -> dict[str, dict[str, object]]:
        found: dict[str, Row] = {}
        carry = _Carry()
        runs: list[Row] = []
        for group in groups(rows(blocks)):
            runs += group.runs
            _assign(found, L.find_keys(group.label, _APPLICATION_PATTERNS), group.runs, carry)
        self._note_unread("applications", runs, found)
        width = len(APPLICANT_COLUMNS)
        run_together = {key: run for key, row in found.items() if (run := _run_of(row, width))}
        known = {k: [read_value(v) for v in r.values] for k, r in found.items()
                 if k not in run_together and len(r.values) == width}
        cut, unread = segment.applications(known, run_together) if run_together else ({}, [])
        table: dict[str, dict[str, object]] = {}
        shapes = self.shape.setdefault("applications", {})
        for key, row in found.items():
            layout = L.LAYOUT_ONLY_ROWS["applications"].get(key)
            if layout:
                self.signal(layout, f"applications.{key}")
            if key in unread:
                self.not_cut("applications", key, row.printed_label, run_together[key])
                continue
            if key in cut:
                shapes[key] = RowShape(found=width, expected=width, values=list(cut[key]), label=row.printed_label)
                table[key] = dict(zip(APPLICANT_COLUMNS, cut[key], strict=True))
                continue
            shapes[key] = _shape(row.values + row.extra, len(APPLICANT_COLUMNS), row.printed_label)
            if len(row.values) == len(APPLICANT_COLUMNS):
                table[key] = dict(zip(APPLICANT_COLUMNS, (read_value(v) for v in row.values), strict=True))
                self.read("applications", key, APPLICANT_COLUMNS, (row,))
        return table

    def active_disclosure(self, blocks: list[Block]) -> dict[str, dict[str, object]]:
        table: dict[str, dict[str, object]] = {}
        shapes = self.shape.setdefault("active_disclosure", {})
        columns: list[str] = []
        unit: str | None = None  # the amount column's unit as its header prints it
        done: set[str] = set()
        runs: list[Row] = []
        used: dict[str, Row] = {}
        for group in groups(rows(blocks)):
            runs += group.runs
            printed = L.find_keys(group.label, _ACTIVE_COLUMN_PATTERNS)
            if printed:
                columns = printed
                header_unit = L.AMOUNT_HEADER_UNIT.search(group.label)
                unit = header_unit[1] if header_unit else None
                for column in printed:
                    if column in L.LAYOUT_ONLY_COLUMNS:
                        self.signal(L.LAYOUT_ONLY_COLUMNS[column], f"active_disclosure.{column}")
            found: dict[str, Row] = {}
            row_keys = [k for k in L.find_keys(group.label, _ACTIVE_ROW_PATTERNS) if k not in done]
            _assign(found, row_keys, group.runs, _Carry())
            used.update(found)
            for key, row in found.items():
                done.add(key)
                layout = L.LAYOUT_ONLY_ROWS["active_disclosure"].get(key)
                if layout:
                    self.signal(layout, f"active_disclosure.{key}")
                expected = columns or list(_default_columns(key))
                run = _run_of(row, len(expected))
                if run:
                    self._active_run(table, key, row, run, expected, unit)
                    continue
                shapes[key] = _shape(row.values + row.extra, len(expected), row.printed_label)
                if len(row.values) == len(expected):
                    table[key] = {
                        column: read_amount(v, unit) if column == "amount_10k_yuan" else read_value(v)
                        for column, v in zip(expected, row.values, strict=True)
                    }
                    self.read("active_disclosure", key, tuple(expected), (row,))
        self._note_unread("active_disclosure", runs, used)
        return table

    def _active_run(
        self, table: dict[str, dict[str, object]], key: str, row: Row, run: str, columns: list[str], unit: str | None
    ) -> None:
        """A table 二 row printed run together: read only where its cells print in exactly one way."""
        digits, cell_unit = segment.split_unit(run)
        values = segment.unique(digits, segment.active_cells(columns))
        if values is None:
            self.not_cut("active_disclosure", key, row.printed_label, run)
            return
        self.shape["active_disclosure"][key] = RowShape(
            found=len(values), expected=len(columns), values=list(values), label=row.printed_label
        )
        table[key] = {
            column: read_amount(f"{v}{cell_unit}", unit) if column == "amount_10k_yuan" else v
            for column, v in zip(columns, values, strict=True)
        }

    def review_litigation(self, blocks: list[Block]) -> dict[str, object]:
        values: list[str] = []
        extra: list[str] = []
        runs: list[Row] = []
        for group in groups(rows(blocks)):
            if "。" in group.label:
                continue
            for run in group.runs:
                if any(v.strip() for v in run.values):
                    values.extend(run.values)
                    extra.extend(run.extra)
                    runs.append(run)
        if not values:
            return {}
        run = _run_of(Row("", tuple(values), None, extra=tuple(extra)), len(REVIEW_LITIGATION_KEYS))
        if run:
            cut = segment.unique(run, segment.REVIEW_CELLS)
            if cut is None:
                self.not_cut("review_litigation", REVIEW_ROW, "", run)
                return {}
            width = len(REVIEW_LITIGATION_KEYS)
            self.shape["review_litigation"] = {REVIEW_ROW: RowShape(found=width, expected=width, values=list(cut))}
            return dict(zip(REVIEW_LITIGATION_KEYS, cut, strict=True))
        found = tuple(values + extra)
        self.shape["review_litigation"] = {REVIEW_ROW: _shape(found, len(REVIEW_LITIGATION_KEYS), "")}
        if len(values) != len(REVIEW_LITIGATION_KEYS):
            return {}
        self.read("review_litigation", REVIEW_ROW, REVIEW_LITIGATION_KEYS, tuple(runs))
        return dict(zip(REVIEW_LITIGATION_KEYS, (read_value(v) for v in values), strict=True))

    def layout(self, year: int | None) -> Layout | None:
        counts = {k: len(v) for k, v in self.signals.items()}
        if not counts:
            return layout_for_year(year) if year else None
        best = max(counts.values())
        leaders = [k for k, n in counts.items() if n == best]
        if len(leaders) == 1:
            return leaders[0]  # type: ignore[return-value]
        return layout_for_year(year) if year else None


def _default_columns(row: str) -> tuple[str, ...]:
    for layout in ("F2021", "F2019"):
        if row in ACTIVE_DISCLOSURE_ROWS[layout]:
            return ACTIVE_DISCLOSURE_ROWS[layout][row]
    return ()


def extract(document: Document, source: Source) -> AnnualReport:
    """The canonical report of one document; raises ParseError if it is not an annual report at all."""
    head, sections = _split_sections(document.blocks)
    by_key = {s.key: s for s in sections}
    lines = [b.text for b in _lines_of(document.blocks)]
    head_lines = [b.text for b in head if isinstance(b, TextLine)][:15] or lines[:15]
    agency, year = facts.title(head_lines or lines[:15])
    if year is None:
        agency, year = facts.title(lines[:40])
    if year is None:
        # A page whose title sits in the chrome (<h1>, <title>, PDF metadata) outside the body.
        titles = [document.metadata.get(k, "") for k in ("articletitle", "title")]
        agency, year = facts.title([re.split(r"[_|｜]", t)[0] for t in titles if t])
    tables_found = any(isinstance(b, Table) for b in document.blocks)
    if not sections and year is None:
        raise ParseError("未找到年度报告的标题、章节和表格，文件可能不是政府信息公开工作年度报告")

    work = _Extraction()
    tables = Tables()
    if "active_disclosure" in by_key:
        tables.active_disclosure = work.active_disclosure(by_key["active_disclosure"].blocks)  # type: ignore[assignment]
    if "applications" in by_key:
        tables.applications = work.applications(by_key["applications"].blocks)  # type: ignore[assignment]
    if "review_litigation" in by_key:
        tables.review_litigation = work.review_litigation(by_key["review_litigation"].blocks)  # type: ignore[assignment]
    if not sections and not tables_found and not tables.applications:
        raise ParseError("未找到年度报告的章节和表格，文件可能不是政府信息公开工作年度报告")

    prose = _lines_of([b for s in sections if s.key not in {"applications", "review_litigation"} for b in s.blocks])
    narrative = "\n".join(line.text for line in prose)
    published, published_source = facts.published_on(head_lines, lines[-8:], document.metadata)
    layout = work.layout(year)
    if layout is not None:
        work.scanned_gaps({k: s.blocks for k, s in by_key.items()}, tables, layout)
    return AnnualReport(
        source=source,
        agency=agency,
        year=year,
        layout=layout,
        layout_signals=work.signals,
        published_on=published,
        published_on_source=published_source,
        sections={k: k in by_key for k in SECTION_KEYS},
        section_details={
            s.key: SectionText(heading=s.heading, text=_text_of(s.blocks), position=s.position) for s in sections
        },
        tables=tables,
        shape=work.shape,
        readings=confidence.mark(tables, work.readings, layout),
        statistics_period=facts.statistics_period(_text_of(head) + "\n" + narrative),
        narrative_claims=confidence.mark_claims(facts.narrative_claims(prose)),
        read_notes=list(dict.fromkeys([*document.read_notes, *work.notes, *work.unread.values()])),
        unread_tables=work.unread,
    )
