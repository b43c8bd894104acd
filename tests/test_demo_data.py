"""The county demo package: big enough, reproducible, and internally consistent.

The checks are written here with pandas, independently of the validator, so
a bug in one cannot hide a bug in the other.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from generator.demo import generate
from generator.demo.services import aides_required

MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("county")
    generate(root, "county")
    return root / "datasets"


def read(datasets: Path, path: str) -> pd.DataFrame:
    return pd.read_csv(datasets / path, dtype=str, keep_default_na=False, na_values=[""])


def monthly(datasets: Path, folder: str) -> pd.DataFrame:
    return pd.concat([read(datasets, f"{folder}/{m}.csv") for m in MONTHS], ignore_index=True)


def money(column: pd.Series) -> pd.Series:
    return column.astype(float)


def test_counts_meet_the_minimums(package):
    areas = read(package, "areas.csv")
    assert (areas["level"] == "township").sum() >= 10
    assert (areas["level"] == "village").sum() >= 120
    for month in MONTHS:
        assert len(read(package, f"dibao/{month}.csv")) >= 8_000
        assert len(read(package, f"tekun/{month}.csv")) >= 500
        linshi = read(package, f"linshi/{month}.csv")
        assert 60 <= len(linshi) <= 120
        assert set(linshi["linshi_kind"]) == {"jinan", "zhichu"}
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    periods = {r["sunshine"].get("period") for r in descriptor["resources"] if r["sunshine"]["family"] == "dibao"}
    assert periods == set(MONTHS)
    assert descriptor["sunshine"]["county_code"] == "990103" and descriptor["sunshine"]["demo"] is True


def test_same_seed_gives_identical_bytes(package, tmp_path):
    generate(tmp_path, "county")
    again = tmp_path / "datasets"
    first = sorted(p.relative_to(package) for p in package.rglob("*") if p.is_file())
    second = sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert first == second
    for relative in first:
        assert (package / relative).read_bytes() == (again / relative).read_bytes(), relative


def test_another_seed_gives_other_rosters(package, tmp_path):
    generate(tmp_path, "county", seed=7)
    assert (tmp_path / "datasets/dibao/2025-03.csv").read_bytes() != (package / "dibao/2025-03.csv").read_bytes()


def test_every_resource_exists_with_the_schema_header_and_plain_csv(package):
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        raw = (package / resource["path"]).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw, resource["path"]
        schema = json.loads((package / resource["schema"]).read_text(encoding="utf-8"))
        header = raw.split(b"\n", 1)[0].decode("utf-8")
        assert header == ",".join(f["name"] for f in schema["fields"]), resource["path"]


def test_roster_sums_equal_disbursement(package):
    paid = monthly(package, "funds/disbursement")
    paid = paid.assign(net=money(paid["amount_paid"]) - money(paid["back_pay"]))
    for month in MONTHS:
        for program in ("dibao", "tekun", "linshi"):
            roster = read(package, f"{program}/{month}.csv")
            size = roster["household_size"].astype(int) if "household_size" in roster else 1
            sums = roster.assign(town=roster["village_code"].str[:9], persons=size, amount=money(roster["amount"]))
            sums = sums.groupby("town").agg(households=("town", "size"), persons=("persons", "sum"),
                                            amount=("amount", "sum"))
            rows = paid[(paid["month"] == month) & (paid["assistance_type"] == program)].set_index("area_code")
            rows = rows[rows["households_paid"].astype(int) > 0]
            assert sorted(rows.index) == sorted(sums.index)
            assert (rows.loc[sums.index, "households_paid"].astype(int) == sums["households"]).all()
            assert (rows.loc[sums.index, "persons_paid"].astype(int) == sums["persons"]).all()
            assert (rows.loc[sums.index, "net"] - sums["amount"]).abs().max() < 0.005


def test_retroactive_rise_is_back_paid_in_august(package):
    paid = monthly(package, "funds/disbursement")
    back = paid.assign(back=money(paid["back_pay"])).groupby(["month", "assistance_type"])["back"].sum()
    for month in MONTHS:
        for program in ("dibao", "tekun"):
            assert (back[(month, program)] > 0) == (month == "2025-08")
    july = read(package, "dibao/2025-07.csv")
    urban = july["urban_rural"] == "urban"
    per_person = money(july["amount"]) / july["household_size"].astype(int)
    assert per_person[urban].max() <= 800 and per_person[~urban].max() <= 620  # still the old standard
    august = read(package, "changes/dibao/2025-08.csv")
    uplift = august[august["change_type"] == "standard_uplift"]
    stops = (august["change_type"] == "stop").sum()
    assert len(uplift) == len(july) - stops
    # Back pay = the uplift of every July household: 30 元 per person for gap households.
    gap = july["dibao_method"] == "gap"
    expected = 30 * july.loc[gap, "household_size"].astype(int).sum()
    dibao_back = back[("2025-08", "dibao")]
    assert expected <= dibao_back <= expected + 30 * july.loc[~gap, "household_size"].astype(int).sum()


def test_changes_reconcile_with_rosters_and_are_consistent(package):
    previous = None
    for month in MONTHS:
        for program in ("dibao", "tekun"):
            changes = read(package, f"changes/{program}/{month}.csv")
            kind = changes["change_type"]
            before, after = money(changes["amount_before"]), money(changes["amount_after"])
            new, stop = changes[kind == "new"], changes[kind == "stop"]
            assert new["amount_before"].isna().all() and new["household_size_before"].isna().all()
            assert (money(stop["amount_after"]) == 0).all() and stop["household_size_after"].isna().all()
            assert stop["stop_reason_public"].notna().all()
            assert changes.loc[kind != "stop", "stop_reason_public"].isna().all()
            rising = kind.isin(["increase", "standard_uplift"])
            assert (after[rising] > before[rising]).all()
            assert (after[kind == "decrease"] < before[kind == "decrease"]).all()
        if previous is not None:
            for program in ("dibao", "tekun"):
                now = read(package, f"{program}/{month}.csv")["village_code"].value_counts()
                last = previous[program]
                changes = read(package, f"changes/{program}/{month}.csv")
                new = changes.loc[changes["change_type"] == "new", "village_code"].value_counts()
                stop = changes.loc[changes["change_type"] == "stop", "village_code"].value_counts()
                villages = now.index.union(last.index).union(new.index).union(stop.index)
                counts = pd.DataFrame({"last": last, "new": new, "stop": stop, "now": now}).reindex(villages).fillna(0)
                assert (counts["last"] + counts["new"] - counts["stop"] == counts["now"]).all(), (program, month)
        previous = {p: read(package, f"{p}/{month}.csv")["village_code"].value_counts() for p in ("dibao", "tekun")}
    january = read(package, "changes/dibao/2025-01.csv")
    assert {"new", "stop", "increase", "decrease"} <= set(january["change_type"])


def _standards(package: Path) -> pd.DataFrame:
    s = read(package, "standards.csv")
    value = s["value"].astype(float)
    return s.assign(
        monthly=value.where(s["unit"] != "CNY_per_person_year", value / 12),
        valid_from=pd.to_datetime(s["valid_from"]),
        valid_to=pd.to_datetime(s["valid_to"]).fillna(pd.Timestamp("2100-01-01")),
    )


def _in_force(s: pd.DataFrame, component: str, month: str) -> pd.DataFrame:
    day = pd.Timestamp(f"{month}-01")
    return s[(s["component"] == component) & (s["valid_from"] <= day) & (s["valid_to"] >= day)]


def test_amounts_stay_within_the_standards(package):
    s = _standards(package)
    for month in MONTHS:
        dibao_std = _in_force(s, "dibao_standard", month).set_index("urban_rural")["monthly"]
        roster = read(package, f"dibao/{month}.csv")
        limit = roster["urban_rural"].map(dibao_std) * roster["household_size"].astype(int)
        assert (money(roster["amount"]) <= limit + 0.005).all() and (money(roster["amount"]) > 0).all()

        basic = _in_force(s, "tekun_basic", month).set_index("urban_rural")["monthly"]
        care = _in_force(s, "tekun_care", month).groupby("tekun_mode")["monthly"].max()
        tekun = read(package, f"tekun/{month}.csv")
        limit = tekun["urban_rural"].map(basic) + tekun["tekun_mode"].map(care)
        assert (money(tekun["amount"]) <= limit + 0.005).all()

        cap = float(_in_force(s, "linshi_cap", month)["value"].iloc[0])
        linshi = read(package, f"linshi/{month}.csv")
        limit = cap * dibao_std["urban"] * linshi["household_size"].astype(int)
        assert (money(linshi["amount"]) <= limit + 0.005).all()
        assert linshi["approved_on"].str.startswith(month).all()
        assert linshi.loc[linshi["linshi_kind"] == "zhichu", "reason_coarse"].notna().all()


def test_standards_rise_without_overlap_and_tekun_is_13x_dibao(package):
    s = _standards(package)
    key = ["component", "urban_rural", "tekun_mode", "self_care"]
    for _, versions in s.fillna({"tekun_mode": "", "self_care": ""}).groupby(key):
        versions = versions.sort_values("valid_from")
        assert (versions["valid_from"].iloc[1:].to_numpy() > versions["valid_to"].iloc[:-1].to_numpy()).all()
        assert versions["monthly"].is_monotonic_increasing
    basic = s[s["component"] == "tekun_basic"]
    dibao = s[s["component"] == "dibao_standard"]
    merged = basic.merge(dibao, on=["urban_rural", "valid_from"], suffixes=("_t", "_d"))
    assert len(merged) == len(basic)
    assert (merged["monthly_t"] >= 1.3 * merged["monthly_d"]).all()
    current = _in_force(s, "dibao_standard", "2025-12").set_index("urban_rural")["value"].astype(float)
    assert current["urban"] == 830 and current["rural"] == 650


def test_month_refs_never_collide_or_repeat(package):
    pattern = re.compile(r"^[0-9a-f]{12}$")
    last = set()
    for month in MONTHS:
        refs = pd.concat([read(package, f"{p}/{month}.csv")["month_ref"] for p in ("dibao", "tekun")])
        assert refs.is_unique and refs.map(lambda r: bool(pattern.match(r))).all()
        # No run of digits a privacy scanner could take for a phone number.
        assert not refs.str.contains(r"[0-9]{7}").any()
        assert not last & set(refs)
        last = set(refs)


def test_budget_follows_payments_and_funds_arrive_in_time(package):
    paid = monthly(package, "funds/disbursement")
    paid = paid.assign(amount=money(paid["amount_paid"]))
    allocations = read(package, "funds/allocations/2025.csv")
    allocations = allocations.assign(amount=money(allocations["amount"]),
                                     day=pd.to_datetime(allocations["date_issued"]))
    transfers = read(package, "funds/transfers/2025.csv")
    transfers = transfers.assign(amount=money(transfers["amount"]), day=pd.to_datetime(transfers["date"]))
    for month in MONTHS:
        end = pd.Timestamp(f"{month}-01") + pd.offsets.MonthEnd(0)
        for row in read(package, f"funds/budget_execution/{month}.csv").itertuples():
            spent = float(row.spent_to_date)
            so_far = paid[(paid["assistance_type"] == row.assistance_type) & (paid["month"] <= month)]
            cumulative = so_far["amount"].sum()
            assert abs(spent - cumulative) < 0.005
            issued = allocations[(allocations["assistance_type"] == row.assistance_type) & (allocations["day"] <= end)]
            moved = transfers[transfers["day"] <= end]
            available = (issued["amount"].sum() + moved.loc[moved["to_use"] == row.assistance_type, "amount"].sum()
                         - moved.loc[moved["from_use"] == row.assistance_type, "amount"].sum())
            assert spent <= available, (month, row.assistance_type)
    adjusted = read(package, "funds/budget_execution/2025-12.csv").set_index("assistance_type")["budget_adjusted"]
    dibao_left = allocations.loc[allocations["assistance_type"] == "dibao", "amount"].sum() - transfers["amount"].sum()
    assert dibao_left >= float(adjusted["dibao"])
    assert (allocations["is_advance"] == "true").any()


def test_notices_cover_every_roster_and_use_official_phones(package):
    phones = set(read(package, "service_points.csv")["phone"])
    for month in MONTHS:
        notices = read(package, f"notices/{month}.csv")
        days = (pd.to_datetime(notices["notice_end"]) - pd.to_datetime(notices["notice_start"])).dt.days + 1
        assert days.between(7, 10).all()
        assert set(notices["objection_phone"]) <= phones
        assert notices["list_id"].is_unique
        for program, stage in (("dibao", "confirmed_publication"), ("tekun", "confirmed_publication"),
                               ("linshi", "linshi_notice")):
            towns = set(read(package, f"{program}/{month}.csv")["village_code"].str[:9])
            chosen = (notices["assistance_type"] == program) & (notices["stage"] == stage)
            published = set(notices.loc[chosen, "area_code"])
            assert towns <= published, (month, program)


def test_no_mobile_number_or_full_name_anywhere(package):
    mobile = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")
    for path in package.rglob("*.csv"):
        assert not mobile.search(path.read_text(encoding="utf-8")), path
    for program in ("dibao", "tekun", "linshi"):
        names = read(package, f"{program}/2025-06.csv")["name_masked"]
        assert names.str.fullmatch(r"[\u4e00-\u9fff]{1,2}某").all()
    assert read(package, "dibao/2025-06.csv")["name_masked"].str.len().eq(3).any()  # compound surnames occur


def test_staffing_rule_with_exact_bounds_and_one_shortfall(package):
    staffing = read(package, "staffing.csv").astype({"registered_population": int, "aides_required": int,
                                                      "aides_actual": int})
    assert staffing["registered_population"].between(8_000, 65_000).all()
    exact = staffing.set_index("registered_population")["aides_required"]
    assert exact[20_000] == 2 and exact[50_000] == 3
    assert (staffing["aides_required"] == staffing["registered_population"].map(aides_required)).all()
    assert (staffing["aides_actual"] < staffing["aides_required"]).sum() == 1


def test_unknown_scale_is_refused_in_chinese(tmp_path):
    with pytest.raises(ValueError, match="未知的规模"):
        generate(tmp_path, "planet")
