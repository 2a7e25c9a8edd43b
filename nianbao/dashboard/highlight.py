"""Which printed cells a finding used, and the rule's arithmetic over them.

A finding names its place in words (``location``, written by :mod:`nianbao.checks.places`); the index
below reads the words back into the spec's keys. The rule says which cells it read at that place: the
two sums it compared (e.g. 「一、本年新收」＋「二、上年结转」 against 「（七）总计」＋「四、结转…」 of one
column for ``applications_balance``), or the cells it looked at."""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.checks import places
from nianbao.model import APPLICANT_COLUMNS, REVIEW_BLOCKS, REVIEW_OUTCOMES, Layout, outcome_rows

Cell = tuple[str, str, str]  # table key, row key ('' in table 四), column key
Values = dict[Cell, tuple[float | None, bool]]  # cell → (value, printed blank)
MAX_POSITIONS = 12


@dataclass(frozen=True)
class Place:
    table: str
    row: str | None
    col: str | None


def _index() -> dict[str, Place]:
    """Every place a finding can name, as printed words → keys."""
    axes = {
        "applications": (places.APPLICATION_ROWS, places.APPLICANT_COLUMNS),
        "active_disclosure": (places.ACTIVE_DISCLOSURE_ROWS, places.ACTIVE_DISCLOSURE_COLUMNS),
        "review_litigation": ({}, {**places.REVIEW_BLOCKS,
                                   **{f"{b}_{o}": "" for b in places.REVIEW_BLOCKS for o in places.REVIEW_OUTCOMES}}),
    }
    index: dict[str, Place] = {}
    for table, (rows, cols) in axes.items():
        for row in (None, *rows):
            for col in (None, *cols):
                index[places.place(table, row, col)] = Place(table, row, col)
            for position in range(1, MAX_POSITIONS + 1):
                index[places.place(table, row, str(position), "position")] = Place(table, row, None)
    return index


INDEX = _index()


def parse(location: str) -> Place | None:
    return INDEX.get(location)


@dataclass(frozen=True)
class Use:
    """The cells a finding used; ``left`` and ``right`` are the two sums it compared, if it compared sums."""

    cells: tuple[Cell, ...]
    left: tuple[Cell, ...] = ()
    right: tuple[Cell, ...] = ()


def _sums(left: list[Cell], right: list[Cell]) -> Use:
    return Use((*left, *right), tuple(left), tuple(right))


def _applications(place: Place, rule_id: str, layout: Layout) -> Use | None:
    people = [c for c in APPLICANT_COLUMNS if c != "total"]
    col, row = place.col, place.row
    if rule_id == "applications_balance" and col:
        return _sums([("applications", "new", col), ("applications", "carried_in", col)],
                     [("applications", "total", col), ("applications", "carried_out", col)])
    if rule_id == "applications_total_row" and col:
        return _sums([("applications", r, col) for r in outcome_rows(layout)], [("applications", "total", col)])
    if rule_id == "applications_total_column" and row:
        return _sums([("applications", row, c) for c in people], [("applications", row, "total")])
    return None


def use(rule_id: str, location: str, layout: Layout, values: Values) -> Use:
    """The cells of this report that the finding used (none when its place is not a table's)."""
    place = parse(location)
    if rule_id == "cells_filled":  # merged: every blank cell of the table it names
        table = place.table if place else ""
        return Use(tuple(cell for cell, (_, blank) in values.items() if blank and cell[0] == table))
    if place is None:
        return Use(())
    if place.table == "applications":
        sums = _applications(place, rule_id, layout)
        if sums:
            return sums
    if place.table == "review_litigation" and place.col in REVIEW_BLOCKS:
        parts = [("review_litigation", "", f"{place.col}_{o}") for o in REVIEW_OUTCOMES]
        return _sums(parts[:-1], parts[-1:]) if rule_id == "review_litigation_totals" else Use(tuple(parts))
    if place.table == "active_disclosure" and rule_id == "document_stock_continuity" and place.row:
        return Use(tuple(("active_disclosure", place.row, c) for c in ("issued", "repealed", "in_force")))
    if place.table == "review_litigation":
        return Use((("review_litigation", "", place.col),) if place.col else ())
    if place.row and place.col:
        return Use(((place.table, place.row, place.col),))
    return Use(tuple(cell for cell in values if cell[0] == place.table
                     and (place.row is None or cell[1] == place.row)
                     and (place.col is None or cell[2] == place.col)))


def number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def _label(cell: Cell, terms: tuple[Cell, ...]) -> str:
    """A term's name: its row when the terms run down a column, its column when they run along a row."""
    table, row, col = cell
    if table == "review_litigation":
        return places.REVIEW_OUTCOMES.get(col.rpartition("_")[2], col)
    if len({t[2] for t in terms}) == 1:
        return places.APPLICATION_ROWS.get(row, row)
    return places.APPLICANT_COLUMNS.get(col, col)


def _side(terms: tuple[Cell, ...], values: Values) -> str:
    shown, total, zeros = [], 0.0, 0
    for cell in terms:
        value, blank = values.get(cell, (None, False))
        if value is None:
            shown.append(f"「{_label(cell, terms)}」{'空白' if blank else '未印'}（按 0 计）")
        elif value == 0 and len(terms) > 4:
            zeros += 1
        else:
            shown.append(f"「{_label(cell, terms)}」{number(value)}")
        total += value or 0
    if zeros:
        shown.append(f"其余 {zeros} 项均为 0")
    return " ＋ ".join(shown) + f" ＝ {number(total)}"


def arithmetic(used: Use, values: Values) -> list[str]:
    """The rule's two sums over this report's cells, e.g. 「一、本年新收…」5 ＋「二、上年结转…」1 ＝ 6;
    empty when the rule does not add cells up."""
    if not used.left:
        return []
    return [_side(used.left, values), _side(used.right, values)]
