"""低保 households: a starting roster for 2024-12, then monthly churn.

Each household keeps its village, size, per-person income (fen) and method
only inside the simulation; the files get a fresh random `month_ref` every
month, so nothing written links a household across months.
Gap method (补差): amount = size × (standard − income per person).
Tier method (分档): amount = size × a share of the standard.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from generator.demo.changes import (
    DECREASE, EMPTY, INCREASE, NEW, STOP, UPLIFT, ChangeRows, change_rows, concat,
)
from generator.demo.names import SURNAMES, surname_weights
from generator.demo.scales import START_STATE
from generator.demo.standards import Paid

SIZES = np.arange(1, 8)
SIZE_SHARE = np.array([0.35, 0.28, 0.18, 0.11, 0.05, 0.02, 0.01])
TIER_PERCENT = np.array([0, 100, 70, 40])  # tier 0 = gap method
INCOME_CAP_PERCENT = 85  # keeps every gap at ≥ 15 % of the standard
STOP_SHARE = np.array([0.55, 0.10, 0.10, 0.20, 0.05])  # by changes.STOP_REASONS


@dataclass(frozen=True)
class Households:
    village: np.ndarray
    size: np.ndarray
    income: np.ndarray  # fen per person per month; gap method only
    tier: np.ndarray
    surname: np.ndarray
    start: np.ndarray  # month number

    def __len__(self) -> int:
        return len(self.village)

    def take(self, index: np.ndarray) -> Households:
        return Households(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def where(self, mask: np.ndarray, other: Households) -> Households:
        """Rows of `other` where mask is true, else own rows."""
        return Households(**{
            f.name: np.where(mask, getattr(other, f.name), getattr(self, f.name)) for f in fields(self)
        })

    def append(self, other: Households) -> Households:
        return Households(**{
            f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)]) for f in fields(self)
        })


def standard(h: Households, paid: Paid, urban: np.ndarray) -> np.ndarray:
    return np.where(urban[h.village], paid.dibao_urban, paid.dibao_rural).astype(np.int64)


def amounts(h: Households, paid: Paid, urban: np.ndarray) -> np.ndarray:
    """Monthly amount in fen; never above standard × size."""
    std = standard(h, paid, urban)
    per_tier = (std // 100 * TIER_PERCENT[h.tier] + 50) // 100 * 100
    return np.where(h.tier == 0, h.size * (std - h.income), h.size * per_tier)


def _incomes(rng: np.random.Generator, std: np.ndarray) -> np.ndarray:
    n = len(std)
    income = rng.uniform(0, INCOME_CAP_PERCENT / 100, n) * std
    income = np.where(rng.random(n) < 0.7, income // 100 * 100, income).astype(np.int64)
    return np.where(rng.random(n) < 0.25, 0, income)  # no income at all: the full standard


def arrivals(rng, count: int, weights: np.ndarray, paid: Paid, urban: np.ndarray, start=None) -> Households:
    """New households (or the starting roster when `start` is None)."""
    village = rng.choice(len(weights), size=count, p=weights).astype(np.int64)
    size = rng.choice(SIZES, size=count, p=SIZE_SHARE).astype(np.int64)
    tier = np.where(rng.random(count) < 0.08, rng.choice([1, 2, 3], size=count, p=[0.3, 0.4, 0.3]), 0)
    surname = rng.choice(len(SURNAMES), size=count, p=surname_weights())
    if start is None:
        months = rng.integers(2015 * 12, START_STATE + 1, size=count)
    else:
        months = np.full(count, start)
    blank = Households(village, size, np.zeros(count, np.int64), tier, surname, months.astype(np.int64))
    return Households(village, size, _incomes(rng, standard(blank, paid, urban)), tier, surname, blank.start)


def _review(rng, h: Households, paid: Paid, urban: np.ndarray) -> tuple[Households, ChangeRows]:
    """Periodic review: some households get more (income fell, a member
    joined, a better tier), some less."""
    n = len(h)
    rate = rng.uniform(0.01, 0.02)
    draw = rng.random(n)
    up, down = draw < rate, (draw >= rate) & (draw < 2 * rate)
    std = standard(h, paid, urban)
    step = np.maximum(rng.uniform(0.05, 0.3, n) * std // 100 * 100, 100).astype(np.int64)
    cap = std * INCOME_CAP_PERCENT // 100
    gap = h.tier == 0

    lower = up & gap & (h.income > 0)
    better = up & ~gap & (h.tier > 1)
    grow = up & ~lower & ~better & (h.size < 20)
    higher = down & gap & (h.income < cap)
    worse = down & ~gap & (h.tier < 3)
    shrink = down & ~higher & ~worse & (h.size > 1)
    income = np.where(lower, np.maximum(h.income - step, 0), h.income)
    income = np.where(higher, np.minimum(h.income + step, cap), income)
    tier = h.tier - better + worse
    size = h.size + grow - shrink
    changed = Households(h.village, size, income, tier, h.surname, h.start)

    before, after = amounts(h, paid, urban), amounts(changed, paid, urban)
    ok_up, ok_down = up & (after > before), down & (after < before)
    kept = ok_up | ok_down
    rows = concat([
        change_rows(h.village[m], kind, h.size[m], size[m], before[m], after[m])
        for m, kind in ((ok_up, INCREASE), (ok_down, DECREASE))
    ])
    return h.where(kept, changed), rows


def step(rng, h: Households, paid_before: Paid, paid_now: Paid, month: int, weights: np.ndarray,
         urban: np.ndarray) -> tuple[Households, ChangeRows]:
    """One month: stops, then a standard uplift or reviews, then new households."""
    n = len(h)
    before = amounts(h, paid_before, urban)
    stop = rng.random(n) < rng.uniform(0.010, 0.015)
    reasons = rng.choice(len(STOP_SHARE), size=int(stop.sum()), p=STOP_SHARE)
    parts = [change_rows(h.village[stop], STOP, h.size[stop], EMPTY, before[stop], 0, reasons)]

    stays = h.take(~stop)
    if (paid_now.dibao_urban, paid_now.dibao_rural) != (paid_before.dibao_urban, paid_before.dibao_rural):
        old, new = before[~stop], amounts(stays, paid_now, urban)
        up = new > old
        parts.append(change_rows(stays.village[up], UPLIFT, stays.size[up], stays.size[up], old[up], new[up]))
    else:
        stays, reviewed = _review(rng, stays, paid_now, urban)
        parts.append(reviewed)

    count = int(round(n * rng.uniform(0.010, 0.015)))
    newcomers = arrivals(rng, count, weights, paid_now, urban, start=month)
    parts.append(change_rows(newcomers.village, NEW, EMPTY, newcomers.size, EMPTY,
                             amounts(newcomers, paid_now, urban)))
    return stays.append(newcomers), concat(parts)
