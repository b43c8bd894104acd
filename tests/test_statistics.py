"""Published statistics: village cells that could identify a household are
"C", area totals are exact, and the numbers match the rosters."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import statistics
from generator.checking import check
from generator.context import build_context
from generator.sections import statistics as statistics_section
from generator.templating import environment
from conftest import MINIMAL

AREAS = pd.DataFrame({
    "code": ["990103", "990103001", "990103001001", "990103001002", "990103001003", "990103002", "990103002001"],
    "name": ["阳光县", "城关街道", "甲村", "乙村", "丙村", "梅营镇", "丁村"],
    "level": ["county", "township", "village", "village", "village", "township", "village"],
    "parent_code": [None, "990103", "990103001", "990103001", "990103001", "990103", "990103002"],
})
VILLAGES = ["990103001001", "990103001002", "990103001003", "990103002001"]


def totals(households: dict[str, int]) -> pd.DataFrame:
    rows = [{"village_code": v, "households": h, "persons": 2 * h, "amount": 500.5 * h, "month": "2025-03",
             "program": "dibao", "township_code": v[:9]} for v, h in households.items() if h]
    return pd.DataFrame(rows, columns=["village_code", "households", "persons", "amount", "month", "program",
                                       "township_code"])


def caseload(households: dict[str, int]) -> pd.DataFrame:
    return statistics.caseload_monthly(totals(households), AREAS, {"dibao": ["2025-03"]}, 5)


def row(frame: pd.DataFrame, code: str) -> pd.Series:
    return frame[frame["area_code"] == code].iloc[0]


def test_small_village_counts_and_their_amounts_show_c_and_zero_shows_zero():
    frame = caseload({"990103001001": 3, "990103001002": 12, "990103001003": 0, "990103002001": 7})
    small = row(frame, "990103001001")
    assert [small[c] for c in ("households", "persons", "amount", "avg_per_person")] == ["C"] * 4
    # the smallest non-empty other village is hidden too, so 3 cannot be recovered from the
    # township total; an empty village stays visible (hiding a zero protects little)
    assert row(frame, "990103001002")["households"] == "C"
    assert row(frame, "990103001003")["households"] == 0
    assert row(frame, "990103002001")["amount"] == 3503.5


def test_township_and_county_rows_are_exact_totals():
    frame = caseload({"990103001001": 3, "990103001002": 12, "990103001003": 1, "990103002001": 2})
    assert row(frame, "990103001")["households"] == 16
    assert row(frame, "990103002")["households"] == 2  # townships are never suppressed
    county = row(frame, "990103")
    assert (county["households"], county["persons"], county["amount"]) == (18, 36, 9009.0)
    assert county["avg_per_person"] == 250.25


def test_a_zero_village_stays_zero_when_nothing_needs_hiding():
    frame = caseload({"990103001001": 0, "990103001002": 12, "990103001003": 9, "990103002001": 0})
    assert row(frame, "990103001001")["households"] == 0
    assert row(frame, "990103001001")["amount"] == 0.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=12), min_size=4, max_size=4), st.integers(min_value=2, max_value=10))
def test_no_published_village_count_is_small(counts, threshold):
    households = dict(zip(VILLAGES, counts))
    frame = statistics.caseload_monthly(totals(households), AREAS, {"dibao": ["2025-03"]}, threshold)
    assert statistics.check_suppression(frame, threshold) == []
    village = frame[frame["geo_level"] == "village"]
    for column in ("households", "persons"):
        shown = [v for v in village[column] if v != "C"]
        assert not [v for v in shown if 1 <= v < threshold]
    # a township with exactly one hidden village would let a reader subtract it out
    for _, members in village.groupby(village["area_code"].str[:9]):
        assert (members["households"] == "C").sum() != 1 or len(members) == 1


def test_changes_are_published_per_township_and_county_only_and_exact():
    changes = pd.DataFrame({
        "month": ["2025-03"] * 7, "assistance_type": ["dibao"] * 7,
        "village_code": ["990103001001"] * 6 + ["990103002001"],
        "change_type": ["new"] * 5 + ["stop", "new"],
    })
    frame = statistics.changes_monthly(changes, AREAS, {"dibao": ["2025-03"]}, 5)
    assert set(frame["geo_level"]) == {"county", "township"}
    new = frame[frame["change_type"] == "new"]
    assert row(new, "990103")["households"] == 6
    assert row(new, "990103001")["households"] == 5
    assert row(new, "990103002")["households"] == 1  # exact: township figures are public
    stop = frame[frame["change_type"] == "stop"]
    assert row(stop, "990103001")["households"] == 1
    assert "C" not in frame["households"].tolist()


# --- a reader who subtracts ----------------------------------------------------------
# Random counties, suppressed by caseload_monthly, then attacked by brute force:
# for each hidden village, every count consistent with the published township
# total and the shown villages, read the way a careful reader would (hidden
# cells are whole numbers ≥ 0; and, when none of them is in truth empty, ≥ 1).
# At least two values must remain possible for every hidden cell.

def county_areas(shape: list[int]) -> pd.DataFrame:
    rows = [("990103", "阳光县", "county", None)]
    for t, villages in enumerate(shape, 1):
        township = f"990103{t:03d}"
        rows.append((township, f"乡镇{t}", "township", "990103"))
        rows += [(f"{township}{v:03d}", f"村{t}-{v}", "village", township) for v in range(1, villages + 1)]
    return pd.DataFrame(rows, columns=["code", "name", "level", "parent_code"])


def feasible_values(hidden_true: list[int], total_hidden: int, cell: int) -> set[int]:
    """Values of hidden cell `cell` that some whole-number assignment of all the
    hidden cells, summing to `total_hidden`, allows."""
    floor = 1 if min(hidden_true) >= 1 else 0
    others = len(hidden_true) - 1
    # the other cells can absorb any remainder ≥ others × floor
    return {v for v in range(floor, total_hidden + 1) if total_hidden - v >= others * floor}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=5), min_size=1, max_size=3),
       st.integers(min_value=2, max_value=6))
def test_no_hidden_village_can_be_recovered_from_the_township_total(shape_counts, threshold):
    areas = county_areas([len(c) for c in shape_counts])
    villages = areas[areas["level"] == "village"]["code"].tolist()
    counts = dict(zip(villages, [n for township in shape_counts for n in township]))
    frame = statistics.caseload_monthly(totals(counts), areas, {"dibao": ["2025-03"]}, threshold)
    published = dict(zip(frame["area_code"], frame["households"]))
    assert statistics.check_suppression(frame, threshold) == []
    for township, members in zip(areas[areas["level"] == "township"]["code"], shape_counts):
        assert published[township] == sum(members)  # exact
        codes = [c for c in villages if c.startswith(township)]
        hidden = [c for c in codes if published[c] == "C"]
        if not hidden:
            continue
        every_village_holds_one = all(counts[c] == 1 for c in codes)
        if every_village_holds_one:
            continue  # the documented limit: the township total says it
        remainder = published[township] - sum(published[c] for c in codes if c not in hidden)
        truth = [counts[c] for c in hidden]
        for position, code in enumerate(hidden):
            values = feasible_values(truth, remainder, position)
            assert counts[code] in values and len(values) >= 2, (shape_counts, threshold, code)


def test_two_hidden_villages_of_one_household_each_get_a_third():
    frame = caseload({"990103001001": 1, "990103001002": 1, "990103001003": 20, "990103002001": 7})
    # 1 + 1 from a township total of 22 minus 20 would say "both are one": hide the 20 too
    assert [row(frame, v)["households"] for v in VILLAGES[:3]] == ["C", "C", "C"]


def test_county_totals_of_the_fixture_equal_the_roster_totals():
    result = check(MINIMAL)
    ctx = build_context(result, dt.date(2025, 12, 20))
    frame = statistics.caseload_monthly(ctx.roster_totals, ctx.family("areas"),
                                        {p: ctx.months(p) for p in statistics.PROGRAMS}, 5)
    county = frame[frame["geo_level"] == "county"].set_index(["month", "assistance_type"])
    expected = ctx.roster_totals.groupby(["month", "program"])[["households", "persons", "amount"]].sum()
    for (month, program), values in expected.iterrows():
        published = county.loc[(month, program)]
        assert published["households"] == values["households"]
        assert published["persons"] == values["persons"]
        assert abs(published["amount"] - values["amount"]) < 0.005
    assert statistics.check_suppression(frame, 5) == []

    pages = statistics_section.render(ctx, environment())
    index = pages["statistics/index.md"]
    assert "表中的“C”是什么" in index and "各村数字相加不等于乡镇合计" in index
    assert "../data/caseload_monthly/caseload_monthly.csv" in index
    assert "data-search-exclude" in index and "<figure class=\"sunshine-chart\">" in index and "全县低保保障" in index
    assert "statistics/990103001.md" in pages
    assert '<tr><td><a href="990103001/">城关街道</a></td>' in index  # every township once, linked to its page
    assert "<th>低保户数</th><th>低保金额（元）</th>" in index and "全县合计" in index
