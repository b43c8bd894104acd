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


def test_changes_are_counted_per_type_and_small_village_counts_hidden():
    changes = pd.DataFrame({
        "month": ["2025-03"] * 7, "assistance_type": ["dibao"] * 7,
        "village_code": ["990103001001"] * 6 + ["990103002001"],
        "change_type": ["new"] * 5 + ["stop", "new"],
    })
    frame = statistics.changes_monthly(changes, AREAS, {"dibao": ["2025-03"]}, 5)
    new = frame[frame["change_type"] == "new"]
    assert row(new, "990103")["households"] == 6
    assert row(new, "990103001001")["households"] == 5
    assert row(new, "990103002001")["households"] == "C"
    stop = frame[frame["change_type"] == "stop"]
    assert row(stop, "990103001001")["households"] == "C"
    assert statistics.check_suppression(frame, 5) == []


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
