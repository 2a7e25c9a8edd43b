"""The five seeds parse to what a person reads in them, with exactly the shape anomalies of spec §7.

The truth below was read by hand from ../shared/seeds; tables of zeros are written as such.
"""

from __future__ import annotations

import pytest

from nianbao.model import ACTIVE_DISCLOSURE_ROWS, APPLICANT_COLUMNS, REVIEW_LITIGATION_KEYS, application_rows
from parsers.parse import parse_bytes, parse_path
from tests.truthdiff import SHARED, differences

SEEDS = SHARED / "seeds"
ALL_SECTIONS = dict.fromkeys(
    ("overview", "active_disclosure", "applications", "review_litigation", "problems", "other_matters"), True
)


def applications(layout: str, overrides: dict[str, list[int]], drop: tuple[str, ...] = ()) -> dict:
    rows = {row: dict.fromkeys(APPLICANT_COLUMNS, 0) for row in application_rows(layout) if row not in drop}
    for row, values in overrides.items():
        rows[row] = dict(zip(APPLICANT_COLUMNS, values, strict=True))
    return rows


def active(layout: str, overrides: dict[str, dict]) -> dict:
    rows = {row: dict.fromkeys(cols, 0) for row, cols in ACTIVE_DISCLOSURE_ROWS[layout].items()}
    return {**rows, **overrides}


ZERO_REVIEW = dict.fromkeys(REVIEW_LITIGATION_KEYS, 0)
ONE = [0, 1, 0, 0, 0, 0, 1]
THREE = [3, 0, 0, 0, 0, 0, 3]

TRUTH = {
    "000_be1bc8e9f2c8c427.txt": {
        "agency": "牡丹江市营商环境建设监督局", "year": 2020, "layout": "F2019", "published_on": None,
        "sections": ALL_SECTIONS,
        "tables": {
            "active_disclosure": active("F2019", {
                "normative_document": {"new_made": 6, "new_published": 6, "total_published": 6},
                "licensing": {"prev_items": 66, "change": 0, "decisions": 5824},
                "central_procurement": {"projects": 19, "amount_10k_yuan": 295.4},
            }),
            "applications": applications("F2019", {"new": ONE, "granted": ONE, "total": ONE}),
            "review_litigation": ZERO_REVIEW,
        },
        "shape": {}, "statistics_period": None, "narrative_claims": [{"value": 1}],
    },
    "001_70f01326002a1c4d.txt": {
        "agency": "牡丹江经济技术开发区管理委员会", "year": 2020, "layout": "F2019", "published_on": "2021-01-28",
        "sections": {**ALL_SECTIONS, "review_litigation": False},
        "tables": {
            "active_disclosure": active("F2019", {
                "licensing": {"prev_items": 8, "change": 0, "decisions": 0},
                "central_procurement": {"projects": 25, "amount_10k_yuan": 108684.6},
            }),
            "applications": {
                "new": dict(zip(APPLICANT_COLUMNS, THREE, strict=True)),
                "carried_in": dict.fromkeys(APPLICANT_COLUMNS, 0),
                "granted": dict(zip(APPLICANT_COLUMNS, THREE, strict=True)),
                "partial": dict.fromkeys(APPLICANT_COLUMNS, 0),
            },
            "review_litigation": {},
        },
        "shape": {}, "statistics_period": None, "narrative_claims": [{"value": 3}],
    },
    "002_f4133f615d5c2536.txt": {
        "agency": "前进区营商环境建设监督局", "year": 2020, "layout": "F2019", "published_on": None,
        "sections": ALL_SECTIONS,
        "tables": {
            "active_disclosure": active("F2019", {}),
            "applications": applications("F2019", {}, drop=("other", "total")),
            "review_litigation": ZERO_REVIEW,
        },
        "shape": {"applications": {"other": 8, "total": 8}},
        "statistics_period": {"start": "2020-03-01", "end": "2020-12-31"},
        "narrative_claims": [],
    },
    "003_d2a5eefc1f7add8c.txt": {
        "agency": "爱民区人民政府", "year": 2020, "layout": "F2019", "published_on": None,
        "sections": ALL_SECTIONS,
        "tables": {
            "active_disclosure": active("F2019", {
                "normative_document": {"new_made": 0, "new_published": 0, "total_published": 7},
                "licensing": {"prev_items": 1110, "change": 123, "decisions": 1233},
                "punishment": {"prev_items": 17, "change": 0, "decisions": 17},
                "central_procurement": {"projects": 107, "amount_10k_yuan": 2623.72},
            }),
            "applications": applications("F2019", {"new": THREE, "granted": THREE}, drop=("carried_out",)),
            "review_litigation": ZERO_REVIEW,
        },
        "shape": {"applications": {"carried_out": 2}},
        "statistics_period": None, "narrative_claims": [{"value": 1}],
    },
    "004_182f253d8ae4b3e3.txt": {
        "agency": "绥芬河市营商环境建设监督局", "year": 2023, "layout": "F2021", "published_on": "2024-01-12",
        "sections": ALL_SECTIONS,
        "tables": {
            "active_disclosure": active("F2021", {}),
            "applications": applications("F2021", {}, drop=("new", "carried_in")),
            "review_litigation": {},
        },
        "shape": {"applications": {"new": 8, "carried_in": 8}, "review_litigation": {"row": 16}},
        "statistics_period": None, "narrative_claims": [],
    },
}


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_seed_parses_as_read_by_hand(name: str) -> None:
    assert SEEDS.is_dir(), f"the seeds are expected at {SEEDS} (../shared beside the clone)"
    report = parse_path(SEEDS / name)
    assert report.source.format == "text"
    assert differences(TRUTH[name], report) == []


def test_row_with_wrong_count_keeps_its_values() -> None:
    shape = parse_path(SEEDS / "004_182f253d8ae4b3e3.txt").shape
    assert shape["review_litigation"]["row"].values == [0] * 16
    assert shape["applications"]["new"].found == 8 and shape["applications"]["new"].expected == 7


@pytest.mark.parametrize(
    ("signature", "expected"),
    [
        ("绥芬河市营商环境建设监督局\u3000\u30002024 年 1 月 12 日", "2024-01-12"),
        ("绥芬河市营商环境建设监督局\n二〇二四年一月十二日", "2024-01-12"),
        ("全年未收取信息处理费，截至 2024 年 1 月 12 日", None),
    ],
    ids=["body-beside-date", "body-over-date", "prose-ending-in-a-date"],
)
def test_date_moved_into_the_signature(signature: str, expected: str | None) -> None:
    """Seed 004 with its dated line moved from under the title into a signature at the end."""
    text = (SEEDS / "004_182f253d8ae4b3e3.txt").read_text(encoding="utf-8")
    assert "\n2024 年 1 月 12 日\n" in text
    moved = text.replace("\n2024 年 1 月 12 日\n", "\n") + "\n\n" + signature + "\n"
    report = parse_bytes(moved.encode("utf-8"), path="004-signed.txt")
    assert (report.published_on and report.published_on.isoformat()) == expected
