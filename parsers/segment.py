"""Runs of digits printed without separators between a row's cells (「1000001」 for seven cells, 「20+1737」).

A run is cut into its row's cells only where the table's own arithmetic leaves exactly one way. Each
cell must read as agencies print numbers (no leading zero, a sign only in a signed column, a fraction only
in an amount), and the spec's rules must hold: a row's ``total`` is the sum of its six applicant columns
(table 三), a block's ``total`` the sum of its four outcomes (table 四); across the rows of table 三, per
column, （七）总计 is the sum of the outcome rows and 一 + 二 = （七） + 四. Where no cutting or several
satisfy them, the cells are left unread and named, never guessed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from nianbao.model import APPLICANT_COLUMNS, OTHER_ROWS, OUTCOME_ROWS_COMMON, Number

# How cells print: a count, a signed change (F2019 本年增/减), an amount (may carry a fraction).
_CELL = {
    "count": re.compile(r"0|[1-9]\d*"),
    "signed": re.compile(r"0|[+\-]?[1-9]\d*"),
    "amount": re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?"),
}
_RUN = re.compile(r"(?P<digits>[+\-]?\d(?:[\d+\-]|\.(?=\d))*)(?P<unit>万元|元)?")
# Enough cuttings of one run, and steps to find them, for any real row; beyond them the run is not read.
_MAX_CUTS = 5000
_MAX_STEPS = 50_000
# Combinations of table 三 rows' candidate cuttings tried against the column rules.
_MAX_COMBINATIONS = 100_000


@dataclass(frozen=True)
class Sum:
    """A cell that is the sum of the ``count`` cells before it."""

    count: int


Cell = str | Sum  # a kind of _CELL, or a sum


class _TooMany(Exception):
    pass


def is_run(token: str) -> bool:
    """Whether a token is digits (with signs, a decimal point, a closing unit) that could be several cells."""
    return bool(_RUN.fullmatch(token))


def split_unit(token: str) -> tuple[str, str]:
    """A run's digits and the unit printed after them (「2346.30万元」 → 「2346.30」, 「万元」)."""
    match = _RUN.fullmatch(token)
    return (match["digits"], match["unit"] or "") if match else (token, "")


def cuts(run: str, cells: Sequence[Cell]) -> list[tuple[Number, ...]] | None:
    """Every reading of ``run`` as the ``cells``, in order; ``None`` when there are too many to try."""
    out: list[tuple[Number, ...]] = []
    try:
        _cut(run, 0, cells, [], out, [_MAX_STEPS])
    except _TooMany:
        return None
    return out


def _number(text: str) -> Number:
    return float(text) if "." in text else int(text)


def _cut(
    run: str, start: int, cells: Sequence[Cell], done: list[Number], out: list[tuple[Number, ...]], budget: list[int]
) -> None:
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooMany
    index = len(done)
    if index == len(cells):
        if start == len(run):
            out.append(tuple(done))
            if len(out) > _MAX_CUTS:
                raise _TooMany
        return
    cell = cells[index]
    if isinstance(cell, Sum):
        text = str(sum(done[-cell.count :]))
        if run.startswith(text, start):
            _cut(run, start + len(text), cells, [*done, int(text)], out, budget)
        return
    last = len(run) - (len(cells) - index - 1)
    for end in range(start + 1, last + 1):
        piece = run[start:end]
        if _CELL[cell].fullmatch(piece):
            _cut(run, end, cells, [*done, _number(piece)], out, budget)


def unique(run: str, cells: Sequence[Cell]) -> tuple[Number, ...] | None:
    """The one reading of ``run`` as ``cells``, or ``None`` when there is none or several."""
    found = cuts(run, cells)
    return found[0] if found and len(found) == 1 else None


# --- table 三 ----------------------------------------------------------------------------------------------

APPLICATION_CELLS: tuple[Cell, ...] = ("count",) * (len(APPLICANT_COLUMNS) - 1) + (Sum(len(APPLICANT_COLUMNS) - 1),)


def _outcome_rows(keys: Sequence[str]) -> list[str] | None:
    """The outcome rows present, when they are all of one layout's (or F2021's with F2019's single （六）)."""
    if not all(k in keys for k in OUTCOME_ROWS_COMMON):
        return None
    for other in (OTHER_ROWS["F2021"], OTHER_ROWS["F2019"]):
        if all(k in keys for k in other):
            return [*OUTCOME_ROWS_COMMON, *other]
    return None


def _columns_hold(rows: dict[str, Sequence[Number | None]]) -> bool:
    """Table 三's column rules, each where every row it needs is there."""
    def cell(key: str, column: int) -> Number:
        return rows[key][column] or 0

    outcomes = _outcome_rows(list(rows))
    for column in range(len(APPLICANT_COLUMNS)):
        if outcomes and "total" in rows and sum(cell(k, column) for k in outcomes) != cell("total", column):
            return False
        if all(k in rows for k in ("new", "carried_in", "total", "carried_out")) and (
            cell("new", column) + cell("carried_in", column) != cell("total", column) + cell("carried_out", column)
        ):
            return False
    return True


def applications(
    known: dict[str, Sequence[Number | None]], runs: dict[str, str]
) -> tuple[dict[str, tuple[Number, ...]], list[str]]:
    """Table 三's rows printed as runs (row key → run) cut by its arithmetic, given the rows read as usual.

    Returns the rows cut in exactly one way, and the keys of the rows left unread.
    """
    candidates: dict[str, list[tuple[Number, ...]]] = {}
    for key, run in runs.items():
        found = cuts(run, APPLICATION_CELLS)
        candidates[key] = found or []
    solved = {k: c[0] for k, c in candidates.items() if len(c) == 1}
    open_keys = [k for k, c in candidates.items() if len(c) > 1]
    sizes = [len(candidates[k]) for k in open_keys]
    if open_keys and _product(sizes) <= _MAX_COMBINATIONS:
        base = {**known, **solved}
        fits = [
            combination
            for combination in itertools.product(*(candidates[k] for k in open_keys))
            if _columns_hold({**base, **dict(zip(open_keys, combination, strict=True))})
        ]
        for position, key in enumerate(open_keys):
            readings = {combination[position] for combination in fits}
            if len(readings) == 1:
                solved[key] = readings.pop()
    return solved, [k for k in runs if k not in solved]


def _product(sizes: Sequence[int]) -> int:
    total = 1
    for size in sizes:
        total *= size
        if total > _MAX_COMBINATIONS:
            break
    return total


# --- tables 二 and 四 --------------------------------------------------------------------------------------

REVIEW_CELLS: tuple[Cell, ...] = (("count",) * 4 + (Sum(4),)) * 3


def active_cells(columns: Sequence[str]) -> tuple[Cell, ...]:
    """How table 二's cells print, by column key."""
    kinds = {"change": "signed", "amount_10k_yuan": "amount"}
    return tuple(kinds.get(column, "count") for column in columns)
