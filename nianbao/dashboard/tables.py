"""Tables 二, 三 and 四 of one report in their printed wide shape, from the report's cells, each cell
marked with the numbers of the findings that used it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from nianbao.checks import places
from nianbao.dashboard.highlight import Cell, Values, number
from nianbao.model import (
    ACTIVE_DISCLOSURE_ROWS,
    APPLICANT_COLUMNS,
    REVIEW_BLOCKS,
    REVIEW_OUTCOMES,
    Layout,
    application_rows,
)


@dataclass(frozen=True)
class Shown:
    """One cell as the page shows it."""

    text: str
    state: str  # 'value', 'blank' (printed 「/」, 「—」 or empty) or 'absent' (not in the document)
    marks: tuple[int, ...] = ()


@dataclass
class Grid:
    """A table: header rows of (label, column span), then rows of (label, cells); table 四's one row has
    no label (None)."""

    title: str
    headers: list[list[tuple[str, int]]]
    rows: list[tuple[str | None, list[Shown]]] = field(default_factory=list)
    marked: bool = False


def _shown(cell: Cell, values: Values, marks: dict[Cell, list[int]]) -> Shown:
    value, blank = values.get(cell, (None, False))
    found = tuple(marks.get(cell, ()))
    if value is not None:
        return Shown(number(value), "value", found)
    return Shown("空白" if blank else "未印", "blank" if blank else "absent", found)


def _grid(title: str, headers: list[list[tuple[str, int]]], rows: list[tuple[str | None, list[Cell]]],
          values: Values, marks: dict[Cell, list[int]]) -> Grid:
    shown = [(label, [_shown(c, values, marks) for c in cells]) for label, cells in rows]
    return Grid(title, headers, shown, any(s.marks for _, cells in shown for s in cells))


def applications(layout: Layout, values: Values, marks: dict[Cell, list[int]]) -> Grid:
    """Table 三: the layout's rows, then any other row the report printed; the seven applicant columns."""
    rows = list(application_rows(layout))
    rows += sorted({row for table, row, _ in values if table == "applications" and row not in rows})
    header = [("", 1)] + [(places.APPLICANT_COLUMNS[c], 1) for c in APPLICANT_COLUMNS]
    return _grid(places.TABLES["applications"], [header],
                 [(places.APPLICATION_ROWS.get(r, r), [("applications", r, c) for c in APPLICANT_COLUMNS])
                  for r in rows], values, marks)


def active_disclosure(layout: Layout, values: Values, marks: dict[Cell, list[int]]) -> list[Grid]:
    """Table 二 as printed: one block per set of rows that share their columns, the title on the first."""
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for row, cols in ACTIVE_DISCLOSURE_ROWS[layout].items():
        groups[cols].append(row)
    titles = [places.TABLES["active_disclosure"]] + [""] * (len(groups) - 1)
    return [_grid(title, [[("", 1)] + [(places.ACTIVE_DISCLOSURE_COLUMNS[c], 1) for c in cols]],
                  [(places.ACTIVE_DISCLOSURE_ROWS[r], [("active_disclosure", r, c) for c in cols]) for r in rows],
                  values, marks)
            for title, (cols, rows) in zip(titles, groups.items(), strict=True)]


def review_litigation(values: Values, marks: dict[Cell, list[int]]) -> Grid:
    """Table 四: the three blocks side by side, five outcomes each, one row of numbers."""
    headers = [[(places.REVIEW_BLOCKS[b], len(REVIEW_OUTCOMES)) for b in REVIEW_BLOCKS],
               [(places.REVIEW_OUTCOMES[o], 1) for _ in REVIEW_BLOCKS for o in REVIEW_OUTCOMES]]
    cells = [("review_litigation", "", f"{b}_{o}") for b in REVIEW_BLOCKS for o in REVIEW_OUTCOMES]
    return _grid(places.TABLES["review_litigation"], headers, [(None, cells)], values, marks)


def report_tables(layout: Layout, values: Values, marks: dict[Cell, list[int]]) -> list[Grid]:
    """The three tables in printed order (table 二 may take several blocks)."""
    return [*active_disclosure(layout, values, marks), applications(layout, values, marks),
            review_litigation(values, marks)]
