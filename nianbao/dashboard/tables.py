"""Tables 二, 三 and 四 of a report in their printed wide shape, in two parts so that thousands of report
pages stay small: the *skeleton* of each layout (titles, headers, row labels, which cell goes where),
written once into ``assets/tables.js``, and each report's *cells* (values in skeleton order, the
numbers of the findings that used each cell, rows printed outside the layout), embedded in its page.
The page's script puts the two together (``dashboard.js``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from nianbao.checks import places
from nianbao.dashboard.highlight import Cell, Values
from nianbao.model import (
    ACTIVE_DISCLOSURE_ROWS,
    APPLICANT_COLUMNS,
    LAYOUT_FIRST_YEARS,
    REVIEW_BLOCKS,
    REVIEW_OUTCOMES,
    Layout,
    application_rows,
)

BLANK, ABSENT = "b", None  # a cell printed blank (「/」, 「—」, empty); a cell the document does not have


@dataclass(frozen=True)
class Grid:
    """A table: header rows of (label, column span), then rows of (label, cells); table 四's one row has
    no label (None)."""

    title: str
    headers: list[list[tuple[str, int]]]
    rows: list[tuple[str | None, list[Cell]]]

    def as_json(self) -> dict:
        return {"title": self.title, "headers": self.headers, "rows": [label for label, _ in self.rows],
                "width": max((len(cells) for _, cells in self.rows), default=0)}


def _applications(layout: Layout) -> Grid:
    header = [("", 1)] + [(places.APPLICANT_COLUMNS[c], 1) for c in APPLICANT_COLUMNS]
    return Grid(places.TABLES["applications"], [header],
                [(places.APPLICATION_ROWS.get(r, r), [("applications", r, c) for c in APPLICANT_COLUMNS])
                 for r in application_rows(layout)])


def _active_disclosure(layout: Layout) -> list[Grid]:
    """Table 二 as printed: one block per set of rows that share their columns, the title on the first."""
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for row, cols in ACTIVE_DISCLOSURE_ROWS[layout].items():
        groups[cols].append(row)
    titles = [places.TABLES["active_disclosure"]] + [""] * (len(groups) - 1)
    return [Grid(title, [[("", 1)] + [(places.ACTIVE_DISCLOSURE_COLUMNS[c], 1) for c in cols]],
                 [(places.ACTIVE_DISCLOSURE_ROWS[r], [("active_disclosure", r, c) for c in cols]) for r in rows])
            for title, (cols, rows) in zip(titles, groups.items(), strict=True)]


def _review_litigation() -> Grid:
    """Table 四: the three blocks side by side, five outcomes each, one row of numbers."""
    headers = [[(places.REVIEW_BLOCKS[b], len(REVIEW_OUTCOMES)) for b in REVIEW_BLOCKS],
               [(places.REVIEW_OUTCOMES[o], 1) for _ in REVIEW_BLOCKS for o in REVIEW_OUTCOMES]]
    cells = [("review_litigation", "", f"{b}_{o}") for b in REVIEW_BLOCKS for o in REVIEW_OUTCOMES]
    return Grid(places.TABLES["review_litigation"], headers, [(None, cells)])


def skeleton(layout: Layout) -> list[Grid]:
    """The layout's tables in printed order (table 二 may take several blocks)."""
    return [*_active_disclosure(layout), _applications(layout), _review_litigation()]


SKELETONS: dict[Layout, list[Grid]] = {layout: skeleton(layout) for layout in LAYOUT_FIRST_YEARS}


def skeletons_json() -> dict:
    """Every layout's skeleton, for ``assets/tables.js``."""
    return {layout: [grid.as_json() for grid in grids] for layout, grids in SKELETONS.items()}


def _value(cell: Cell, values: Values) -> float | str | None:
    value, blank = values.get(cell, (None, False))
    if value is not None:
        return int(value) if float(value).is_integer() else value
    return BLANK if blank else ABSENT


def report_cells(layout: Layout, values: Values, marks: dict[Cell, list[int]]) -> dict:
    """One report's cells for its page: per grid of the skeleton, the values row by row (``v``), the
    finding numbers of marked cells by position (``m``, "row,column"), and any table 三 row the report
    printed outside its layout (``x``: label and values, after the layout's rows)."""
    grids = []
    for grid in SKELETONS[layout]:
        rows = [[_value(c, values) for c in cells] for _, cells in grid.rows]
        found = {f"{i},{j}": marks[c] for i, (_, cells) in enumerate(grid.rows) for j, c in enumerate(cells)
                 if c in marks}
        grids.append({"v": rows, "m": found})
    known = set(application_rows(layout))
    extra = sorted({row for table, row, _ in values if table == "applications" and row not in known})
    applications = next(i for i, g in enumerate(SKELETONS[layout]) if g.title == places.TABLES["applications"])
    for row in extra:
        cells = [("applications", row, c) for c in APPLICANT_COLUMNS]
        target = grids[applications]
        index = len(target["v"])
        target["v"].append([_value(c, values) for c in cells])
        target["m"].update({f"{index},{j}": marks[c] for j, c in enumerate(cells) if c in marks})
        target.setdefault("x", []).append(places.APPLICATION_ROWS.get(row, row))
    return {"grids": grids}
