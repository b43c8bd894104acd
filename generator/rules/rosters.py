"""Monthly rosters (低保, 特困, 临时救助): rules per row, and the totals that
funds, changes and notices are reconciled against."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from generator.problems import Problem, problem, problems_at_rows
from generator.rules import flagged_rows, month_end, month_start, value_codes, yuan
from generator.rules.standards import COMPONENT_LABEL as COMPONENT_NAME
from generator.rules.standards import URBAN_RURAL_LABEL, applicable, describe_key

CENT = 0.005


def check_roster(
    family: str, frame: pd.DataFrame, rows: np.ndarray, month: str, standards: pd.DataFrame | None,
    *, dataset: str, file: str,
) -> list[Problem]:
    """Row rules of one roster file; amounts are checked only when the standards could be read."""
    where = {"dataset": dataset, "file": file}
    found = problems_at_rows("month-mismatch", flagged_rows(rows, frame["month"] != month),
                             column="month", title="月份", month=month, **where)
    if "start_month" in frame:
        found += problems_at_rows("start-after-month", flagged_rows(rows, frame["start_month"] > month),
                                  column="start_month", month=month, **where)
    if family == "linshi":
        found += _linshi_rules(frame, rows, month, where)
    if standards is not None:
        found += _amount_over_standard(family, frame, rows, month, standards, where)
    return found


def _linshi_rules(frame: pd.DataFrame, rows: np.ndarray, month: str, where: dict) -> list[Problem]:
    no_reason = (frame["linshi_kind"] == "zhichu") & frame["reason_coarse"].isna()
    outside = (frame["approved_on"] < month_start(month)) | (frame["approved_on"] > month_end(month))
    return [
        *problems_at_rows("linshi-reason-missing", flagged_rows(rows, no_reason), column="reason_coarse", **where),
        *problems_at_rows("approval-outside-month", flagged_rows(rows, outside), column="approved_on",
                          month=month, **where),
    ]


KEY_COLUMNS = {  # what the applicable standard depends on, per roster
    "dibao": ["village_code", "urban_rural"],
    "tekun": ["village_code", "urban_rural", "tekun_mode"],
    "linshi": ["village_code"],  # the cap follows the urban 低保 standard
}


@dataclass(frozen=True)
class _Limits:
    """The monthly standard of each distinct key, how a message describes it,
    whether it is per person (× household size), and the keys of rows that no
    standard covers."""

    value: np.ndarray
    texts: np.ndarray
    per_person: bool
    missing: set[str]


def _amount_over_standard(
    family: str, frame: pd.DataFrame, rows: np.ndarray, month: str, standards: pd.DataFrame, where: dict
) -> list[Problem]:
    # Looked up once per distinct village × category (thousands), not per row (millions).
    keys, inverse = _distinct(frame, KEY_COLUMNS[family])
    limits = _limits(family, keys, standards, month_start(month))
    limit = limits.value[inverse]
    if limits.per_person:
        limit = limit * frame["household_size"].to_numpy(dtype="float64", na_value=np.nan)
    found = [
        problem("standard-missing", column="amount", month=month, key=key, **where) for key in sorted(limits.missing)
    ]
    amount = frame["amount"].to_numpy(dtype="float64", na_value=np.nan)
    over = np.flatnonzero(amount > limit + CENT)  # NaN compares false: a blank cell is never "over"
    texts = limits.texts[inverse[over]]
    for text in sorted(set(texts)):
        found += problems_at_rows("amount-over-standard", rows[over[texts == text]], column="amount",
                                  standard=text, **where)
    return found


def _distinct(frame: pd.DataFrame, columns: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """The distinct combinations of `columns` and, per row, the index of its own."""
    encoded = [value_codes(frame[column]) for column in columns]
    codes = np.zeros(len(frame), dtype=np.int64)
    for found, values in encoded:
        codes = codes * len(values) + found
    inverse, distinct = pd.factorize(codes)
    some_row = np.empty(len(distinct), dtype=np.int64)
    some_row[inverse] = np.arange(len(codes))  # any row of a combination stands for all of it
    keys = {column: values.take(found[some_row]).reset_index(drop=True)
            for column, (found, values) in zip(columns, encoded)}
    return pd.DataFrame(keys, columns=columns), inverse


def _limits(family: str, keys: pd.DataFrame, standards: pd.DataFrame, on: pd.Timestamp) -> _Limits:
    if family == "dibao":
        value, name, missing = _per_key(keys, "dibao_standard", applicable(standards, "dibao_standard", on),
                                        keys["urban_rural"])
        return _Limits(value.to_numpy(), (name + " × 保障人数").to_numpy(), True, missing)
    if family == "tekun":
        basic, name, missing = _per_key(keys, "tekun_basic", applicable(standards, "tekun_basic", on),
                                        keys["urban_rural"])
        care, care_name, care_missing = _per_key(keys, "tekun_care", _max_care(applicable(standards, "tekun_care", on)),
                                                 keys["urban_rural"], mode=keys["tekun_mode"])
        return _Limits((basic + care).to_numpy(), (name + " + " + care_name).to_numpy(), False, missing | care_missing)
    caps = applicable(standards, "linshi_cap", on)
    if caps.empty:
        return _Limits(np.full(len(keys), np.inf), np.full(len(keys), "", dtype=object), False, {"临时救助上限"})
    cap = caps.iloc[-1]
    if cap["unit"] == "CNY_once":
        text = f"临时救助上限 {yuan(cap['value'])} 元/次"
        return _Limits(np.full(len(keys), float(cap["value"])), np.full(len(keys), text, dtype=object), False, set())
    urban = pd.Series("urban", index=keys.index, dtype="string")
    dibao, name, missing = _per_key(keys, "dibao_standard", applicable(standards, "dibao_standard", on), urban)
    texts = f"{yuan(cap['value'])} 倍 × " + name + " × 家庭人口"
    return _Limits((dibao * float(cap["value"])).to_numpy(), texts.to_numpy(), True, missing)


def _max_care(care: pd.DataFrame) -> pd.DataFrame:
    if care.empty:
        return care
    keys = ["area_code", "urban_rural", "tekun_mode"]
    return care.loc[care.groupby(keys, dropna=False)["monthly"].idxmax()].reset_index(drop=True)


def _per_key(
    frame: pd.DataFrame, component: str, versions: pd.DataFrame, urban_rural: pd.Series, mode: pd.Series | None = None
) -> tuple[pd.Series, pd.Series, set[str]]:
    """Monthly standard per key (village × category) and its description: the
    version whose area is the longest prefix of the village code, urban/rural
    specific before 城乡统一. Also the keys that no version covers."""
    value = pd.Series(np.nan, index=frame.index, dtype="float64")
    label = pd.Series("", index=frame.index, dtype=object)
    ordered = versions.assign(
        _len=versions["area_code"].str.len(), _specific=versions["urban_rural"] != "unified"
    ).sort_values(["_len", "_specific"], kind="stable")
    village = frame["village_code"]
    for version in ordered.to_dict("records"):
        match = village.str.startswith(version["area_code"]).fillna(False)
        if version["urban_rural"] != "unified":
            match &= (urban_rural == version["urban_rural"]).fillna(False)
        if mode is not None and isinstance(version["tekun_mode"], str):
            match &= (mode == version["tekun_mode"]).fillna(False)
        chosen = match.to_numpy(dtype=bool)
        value = value.mask(chosen, float(version["monthly"]))
        label = label.mask(chosen, f"{describe_key(version)} {yuan(round(version['monthly'], 2))} 元/人·月")
    uncovered = value.isna() & village.notna() & urban_rural.notna()
    name = COMPONENT_NAME[component]
    missing = {f"{name}（{URBAN_RURAL_LABEL.get(code, '未知城乡类别')}）" for code in set(urban_rural[uncovered].dropna())}
    return value, label, missing


def check_overlap(
    dibao: pd.DataFrame, dibao_rows: np.ndarray, tekun: pd.DataFrame, tekun_rows: np.ndarray,
    month: str, *, dataset: str, file: str,
) -> list[Problem]:
    """A household cannot get 低保 and 特困 in the same month. The refs change
    every month, so this compares within one month only."""
    left = pd.DataFrame({"ref": dibao["month_ref"].to_numpy(), "row": dibao_rows}).dropna()
    right = pd.DataFrame({"ref": tekun["month_ref"].to_numpy(), "other": tekun_rows}).dropna()
    both = left.merge(right, on="ref")
    return [
        problem("dibao-tekun-overlap", dataset=dataset, file=file, row=int(r.row), column="month_ref",
                month=month, other_row=int(r.other))
        for r in both.itertuples()
    ]


TOTALS_COLUMNS = ["village_code", "households", "persons", "amount", "new_households", "new_persons", "new_amount",
                  "month", "program", "township_code"]


def totals(family: str, frame: pd.DataFrame, month: str) -> pd.DataFrame:
    """Households, persons and amount per village for one roster month; the
    new_* columns count only the households whose assistance started that month
    (what a 初审公示 lists)."""
    persons = frame["household_size"] if "household_size" in frame else pd.Series(1, index=frame.index)
    base = pd.DataFrame({
        "village_code": frame["village_code"],
        "households": 1,
        "persons": persons.fillna(0).astype("int64"),
        "amount": frame["amount"].fillna(0).astype("float64"),
    })
    new = (frame["start_month"] == month).fillna(False).to_numpy(dtype=bool) if "start_month" in frame \
        else np.zeros(len(frame), dtype=bool)
    base = base.assign(new_households=base["households"] * new, new_persons=base["persons"] * new,
                       new_amount=base["amount"] * new).dropna(subset=["village_code"])
    grouped = base.groupby("village_code", sort=True).sum().reset_index()
    return grouped.assign(month=month, program=family, township_code=grouped["village_code"].str[:9])
