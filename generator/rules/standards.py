"""Assistance standards: units, validity periods, 只增不降, the 1.3× rule, and
the standard that applies to a roster row in a given month."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.problems import Problem, problem
from generator.rules import flagged_rows, yuan

ALLOWED_UNITS = {
    "dibao_standard": ("CNY_per_person_month", "CNY_per_person_year"),
    "tekun_basic": ("CNY_per_person_month", "CNY_per_person_year"),
    "tekun_care": ("CNY_per_person_month", "CNY_per_person_year"),
    "linshi_cap": ("multiple", "CNY_once"),
}
UNIT_LABEL = {
    "CNY_per_person_month": "元/人·月",
    "CNY_per_person_year": "元/人·年",
    "CNY_per_household_month": "元/户·月",
    "CNY_once": "元/次",
    "percent": "%",
    "multiple": "倍",
}
COMPONENT_LABEL = {
    "dibao_standard": "低保标准",
    "tekun_basic": "特困基本生活标准",
    "tekun_care": "特困照料护理标准",
    "linshi_cap": "临时救助上限",
}
URBAN_RURAL_LABEL = {"urban": "城市", "rural": "农村", "unified": "城乡统一"}
MODE_LABEL = {"centralized": "集中供养", "dispersed": "分散供养"}
SELF_CARE_LABEL = {"able": "全自理", "partial": "半护理", "full_loss": "全护理"}

KEY = ["area_code", "assistance_type", "component", "urban_rural", "tekun_mode", "self_care"]
TEKUN_TO_DIBAO_RATIO = 1.3
CENT = 0.005  # amounts are compared to the fen


def monthly_value(frame: pd.DataFrame) -> pd.Series:
    """Per person per month, so that 元/人·年 and 元/人·月 compare."""
    yearly = frame["unit"] == "CNY_per_person_year"
    return frame["value"].where(~yearly, frame["value"] / 12)


def check_standards(frame: pd.DataFrame, rows: np.ndarray, *, dataset: str, file: str) -> list[Problem]:
    frame = frame.assign(_row=rows, _monthly=monthly_value(frame))
    return [
        *_unit_mismatches(frame, dataset, file),
        *_invalid_periods(frame, dataset, file),
        *_overlaps_and_decreases(frame, dataset, file),
        *_tekun_ratio(frame, dataset, file),
    ]


def describe_key(record: pd.Series | dict) -> str:
    parts = [COMPONENT_LABEL.get(record["component"], str(record["component"]))]
    parts.append(URBAN_RURAL_LABEL.get(record["urban_rural"], ""))
    for column, labels in (("tekun_mode", MODE_LABEL), ("self_care", SELF_CARE_LABEL)):
        value = record.get(column)
        if isinstance(value, str):
            parts.append(labels.get(value, value))
    return "、".join(p for p in parts if p)


def _unit_mismatches(frame: pd.DataFrame, dataset: str, file: str) -> list[Problem]:
    found = []
    for component, allowed in ALLOWED_UNITS.items():
        bad = (frame["component"] == component) & frame["unit"].notna() & ~frame["unit"].isin(allowed)
        for _, record in frame[bad.fillna(False)].iterrows():
            found.append(problem(
                "standard-unit-mismatch", dataset=dataset, file=file, row=int(record["_row"]), column="unit",
                component=COMPONENT_LABEL[component], unit=UNIT_LABEL.get(record["unit"], record["unit"]),
                allowed="、".join(UNIT_LABEL[u] for u in allowed),
            ))
    return found


def _invalid_periods(frame: pd.DataFrame, dataset: str, file: str) -> list[Problem]:
    bad = frame["valid_to"] < frame["valid_from"]
    return [
        problem("standard-period-invalid", dataset=dataset, file=file, row=int(row), column="valid_to")
        for row in flagged_rows(frame["_row"].to_numpy(), bad)
    ]


def _overlaps_and_decreases(frame: pd.DataFrame, dataset: str, file: str) -> list[Problem]:
    """Versions of one standard, in order of validity, compared with the version before."""
    usable = frame.dropna(subset=["valid_from", "component", "urban_rural", "area_code", "assistance_type", "_monthly"])
    keyed = usable.assign(**{c: usable[c].fillna("") for c in ("tekun_mode", "self_care")})
    keyed = keyed.sort_values([*KEY, "valid_from"], kind="stable").reset_index(drop=True)
    before = keyed.shift()
    same_key = (keyed[KEY] == before[KEY]).fillna(False).all(axis=1)
    overlap = same_key & (before["valid_to"].isna() | (keyed["valid_from"] <= before["valid_to"]))
    decrease = same_key & (keyed["_monthly"] + CENT < before["_monthly"])  # per person per month, whatever the unit
    overlap = overlap.fillna(False).to_numpy(dtype=bool)
    decrease = decrease.fillna(False).to_numpy(dtype=bool)
    found = []
    for i in np.flatnonzero(overlap | decrease):
        after, previous = keyed.iloc[i], before.iloc[i]
        key = describe_key(after)
        if overlap[i]:
            found.append(problem(
                "standard-periods-overlap", dataset=dataset, file=file, row=int(after["_row"]),
                column="valid_from", key=key, other_row=int(previous["_row"]),
            ))
        if decrease[i]:
            found.append(problem(
                "standard-decreased", dataset=dataset, file=file, row=int(after["_row"]), column="value",
                key=key, before=yuan(previous["value"]), after=yuan(after["value"]),
                unit=UNIT_LABEL.get(after["unit"], after["unit"]),
            ))
    return found


def _tekun_ratio(frame: pd.DataFrame, dataset: str, file: str) -> list[Problem]:
    """特困 basic living standard ≥ 1.3 × the 低保 standard wherever their periods meet."""
    basic = frame[frame["component"] == "tekun_basic"].dropna(subset=["valid_from", "_monthly"])
    dibao = frame[frame["component"] == "dibao_standard"].dropna(subset=["valid_from", "_monthly"])
    found = []
    dibao_records = dibao.to_dict("records")
    for t in basic.to_dict("records"):
        for d in filter(lambda d: _same_place(t, d), dibao_records):
            start = max(t["valid_from"], d["valid_from"])
            end = min(_open_end(t["valid_to"]), _open_end(d["valid_to"]))
            if start > end:
                continue
            floor = TEKUN_TO_DIBAO_RATIO * d["_monthly"]
            if t["_monthly"] + CENT < floor:
                found.append(problem(
                    "tekun-below-dibao-ratio", dataset=dataset, file=file, row=int(t["_row"]), column="value",
                    tekun=yuan(round(t["_monthly"], 2)), floor=yuan(round(floor, 2)),
                    period=f"{start:%Y-%m-%d} 起",
                ))
    return found


def _same_place(tekun: dict, dibao: dict) -> bool:
    """Same area, and the same urban/rural category or one of them 城乡统一."""
    area, other_area = _text(tekun["area_code"]), _text(dibao["area_code"])
    kind, other_kind = _text(tekun["urban_rural"]), _text(dibao["urban_rural"])
    return bool(area) and area == other_area and (kind == other_kind or "unified" in (kind, other_kind))


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _open_end(value: pd.Timestamp) -> pd.Timestamp:
    return pd.Timestamp.max if pd.isna(value) else value


def in_force(frame: pd.DataFrame, on: pd.Timestamp) -> pd.DataFrame:
    """The standard versions in force on a day (an open end runs on)."""
    return frame[(frame["valid_from"] <= on) & (frame["valid_to"].isna() | (frame["valid_to"] >= on))]


def applicable(frame: pd.DataFrame, component: str, on: pd.Timestamp) -> pd.DataFrame:
    """The versions of one component in force on a day, with their monthly value.

    Returns columns area_code, component, urban_rural, tekun_mode, self_care, monthly, value, unit.
    """
    columns = ["area_code", "component", "urban_rural", "tekun_mode", "self_care", "monthly", "value", "unit"]
    if "component" not in frame:  # the package has no standards at all
        return pd.DataFrame(columns=columns)
    live = in_force(frame, on)
    chosen = live[live["component"] == component]
    return chosen.assign(monthly=monthly_value(chosen))[columns].reset_index(drop=True)
