"""The month's changes (动态管理) of 低保 or 特困, from last month's households and
this month's, matched on HMAC(secret, ID number).

- new: in this month only; stop: in last month only (reason from a 停保原因
  row of this month's file, else "other"). A household that moved to another
  village is a stop (moved) there and a new one here, so that every village
  reconciles: households(M−1) + new − stop = households(M).
- increase / decrease: the amount went up / down.
- standard_uplift (提标): the amount went up, the household size did not
  change, and the standard that applies to the household (低保标准, or 特困
  基本生活标准, by village and 城乡) is higher this month than last month.
  A rise without a higher standard, or with a changed size, is an increase.
A change in size alone, with the same amount, is not a change of amount and
is not listed (the schema's change types are all about the money).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.rules import month_start
from generator.rules.standards import applicable

HEADER = ["month", "assistance_type", "village_code", "change_type", "household_size_before",
          "household_size_after", "amount_before", "amount_after", "stop_reason_public"]
ORDER = {"new": 0, "stop": 1, "increase": 2, "decrease": 3, "standard_uplift": 4}
COMPONENT = {"dibao": "dibao_standard", "tekun": "tekun_basic"}


def previous_month(month: str) -> str:
    return (pd.Period(month, "M") - 1).strftime("%Y-%m")


def compute(program: str, month: str, previous: pd.DataFrame, current: pd.DataFrame, stop_reasons: dict[str, str],
            standards: pd.DataFrame) -> pd.DataFrame:
    """The changes file's rows as text cells, in a content-based order (the order says nothing about households)."""
    both = previous.merge(current, on="key", how="outer", suffixes=("_before", "_after"),
                          indicator="presence")
    moved = (both["presence"] == "both") & (both["village_code_before"] != both["village_code_after"])
    gone = (both["presence"] == "left_only") | moved
    came = (both["presence"] == "right_only") | moved
    stayed = (both["presence"] == "both") & ~moved
    rows = []
    for r in both[gone].itertuples(index=False):
        reason = "moved" if r.presence == "both" else stop_reasons.get(r.key, "other")
        rows.append((r.village_code_before, "stop", r.household_size_before, None, r.amount_fen_before, 0, reason))
    for r in both[came].itertuples(index=False):
        rows.append((r.village_code_after, "new", None, r.household_size_after, None, r.amount_fen_after, None))
    kept = both[stayed]
    uplift = _standard_rose(program, month, kept, standards) & (kept["household_size_before"] ==
                                                                kept["household_size_after"]).to_numpy()
    for r, rose in zip(kept.itertuples(index=False), uplift):
        if r.amount_fen_after == r.amount_fen_before:
            continue
        kind = "decrease" if r.amount_fen_after < r.amount_fen_before else ("standard_uplift" if rose else "increase")
        rows.append((r.village_code_after, kind, r.household_size_before, r.household_size_after,
                     r.amount_fen_before, r.amount_fen_after, None))
    rows.sort(key=lambda r: (r[0], ORDER[r[1]], *(-1 if v is None else v for v in r[2:6]), r[6] or ""))
    return pd.DataFrame(
        [[month, program, village, kind, _int(b), _int(a), _money(mb), _money(ma), reason or ""]
         for village, kind, b, a, mb, ma, reason in rows],
        columns=HEADER,
    )


def _int(value) -> str:
    return "" if value is None or pd.isna(value) else str(int(value))


def _money(fen) -> str:
    if fen is None or pd.isna(fen):
        return ""
    fen = int(fen)
    return f"{fen // 100}.{fen % 100:02d}"


def _standard_rose(program: str, month: str, kept: pd.DataFrame, standards: pd.DataFrame) -> np.ndarray:
    if kept.empty or standards.empty:
        return np.zeros(len(kept), dtype=bool)
    component = COMPONENT[program]
    villages = kept["village_code_after"].tolist()
    kinds = kept["urban_rural_after"].tolist()
    before = standard_per_household(standards, component, previous_month(month), villages, kinds)
    after = standard_per_household(standards, component, month, villages, kinds)
    return np.nan_to_num(after, nan=0) > np.nan_to_num(before, nan=np.inf)


def standard_per_household(standards: pd.DataFrame, component: str, month: str, villages: list[str],
                           kinds: list[str]) -> np.ndarray:
    """The monthly standard (元/人·月) in force on the month's first day for each
    village × 城乡: the version of the longest area-code prefix, 城乡-specific before 城乡统一."""
    versions = applicable(standards, component, month_start(month)).to_dict("records")
    found: dict[tuple[str, str], float] = {}
    result = np.full(len(villages), np.nan)
    for i, key in enumerate(zip(villages, kinds)):
        if key not in found:
            found[key] = _best(versions, *key)
        result[i] = found[key]
    return result


def _best(versions: list[dict], village: str, kind: str) -> float:
    best, rank = np.nan, (-1, -1)
    for v in versions:
        area = v["area_code"] if isinstance(v["area_code"], str) else ""
        if not area or not village.startswith(area) or v["urban_rural"] not in (kind, "unified"):
            continue
        candidate = (len(area), int(v["urban_rural"] != "unified"))
        if candidate > rank:
            best, rank = float(v["monthly"]), candidate
    return best
