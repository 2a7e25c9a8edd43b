"""Cutting runs of digits into cells: only where exactly one cutting satisfies the table's arithmetic."""

from __future__ import annotations

from parsers import segment


def test_a_row_total_cuts_a_run_of_seven_cells() -> None:
    assert segment.cuts("1000001", segment.APPLICATION_CELLS) == [(1, 0, 0, 0, 0, 0, 1)]
    assert segment.cuts("0000000", segment.APPLICATION_CELLS) == [(0,) * 7]
    # No leading zeros and a total that is the sum: 12 + 3 = 15 is the only reading of 「123000015」.
    assert segment.cuts("123000015", segment.APPLICATION_CELLS) == [(12, 3, 0, 0, 0, 0, 15)]


def test_a_run_no_cutting_fits_is_not_read() -> None:
    assert segment.cuts("1000002", segment.APPLICATION_CELLS) == []


def test_table_two_rows_are_read_only_when_they_print_one_way() -> None:
    f2019 = segment.active_cells(("prev_items", "change", "decisions"))
    assert segment.unique("20+1737", f2019) is None  # +1|737, +17|37, +173|7
    assert segment.unique("200", f2019) == (2, 0, 0)
    assert segment.unique("5-5", f2019[:2]) == (5, -5)


def test_column_rules_decide_between_a_rows_readings() -> None:
    """「（七）总计110000011」 reads as 1,10,0,0,0,0,11 or 11,0,0,0,0,0,11: 一 + 二 = （七） + 四 decides."""
    run = "110000011"
    assert segment.cuts(run, segment.APPLICATION_CELLS) == [(1, 10, 0, 0, 0, 0, 11), (11, 0, 0, 0, 0, 0, 11)]
    rows = ("new", "carried_in", *segment.OUTCOME_ROWS_COMMON, "other", "carried_out")
    known: dict[str, list[int]] = {key: [0] * 7 for key in rows}
    known["new"] = known["granted"] = [11, 0, 0, 0, 0, 0, 11]
    assert segment.applications(known, {"total": run}) == ({"total": (11, 0, 0, 0, 0, 0, 11)}, [])
    # Without 四、结转 and with an outcome row missing, no column rule can decide: the row stays unread.
    del known["carried_out"], known["partial"]
    assert segment.applications(known, {"total": run}) == ({}, ["total"])


def test_a_run_too_long_to_try_is_not_read() -> None:
    assert segment.cuts("9" * 40, segment.APPLICATION_CELLS) is None
    assert segment.applications({}, {"new": "9" * 40}) == ({}, ["new"])
