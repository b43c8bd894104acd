"""临时救助 cases approved in one month.

急难型 (jinan): small amounts paid first, mostly approved by the township.
支出型 (zhichu): larger amounts with a coarse reason; above 3 × the urban
standard the county approves. Every amount stays under the cap
(multiple × monthly urban 低保 standard × household size).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from generator.demo.encode import constant, hex_refs, integers, labels, money
from generator.demo.names import MASKED_NAMES, surname_weights
from generator.demo.standards import Paid

KINDS = ["jinan", "zhichu"]
REASONS = ["accident", "sudden_illness", "essential_expense", "disaster", "other"]
REASON_SHARE = {0: [0.45, 0.25, 0.0, 0.20, 0.10], 1: [0.15, 0.45, 0.25, 0.05, 0.10]}
LEVELS = ["county", "township"]
TOWNSHIP_LIMIT = 3  # × monthly urban standard
HEADER = ["month", "case_ref", "village_code", "name_masked", "household_size", "linshi_kind", "reason_coarse",
          "amount", "approval_level", "approved_on"]


@dataclass(frozen=True)
class Cases:
    village: np.ndarray
    size: np.ndarray
    kind: np.ndarray
    reason: np.ndarray  # −1: none given (allowed for 急难型 only)
    amount: np.ndarray  # fen
    level: np.ndarray
    day: np.ndarray
    surname: np.ndarray

    def __len__(self) -> int:
        return len(self.village)


def draw(rng: np.random.Generator, month: int, count_range: tuple[int, int], weights: np.ndarray,
         paid: Paid) -> Cases:
    n = int(rng.integers(count_range[0], count_range[1] + 1))
    village = rng.choice(len(weights), size=n, p=weights).astype(np.int64)
    size = rng.choice(np.arange(1, 7), size=n, p=[0.30, 0.25, 0.20, 0.15, 0.07, 0.03]).astype(np.int64)
    kind = (rng.random(n) < 0.6).astype(np.int64)
    reason = np.where(kind == 1, rng.choice(5, size=n, p=REASON_SHARE[1]), rng.choice(5, size=n, p=REASON_SHARE[0]))
    reason = np.where((kind == 0) & (rng.random(n) < 0.5), -1, reason)

    cap = paid.linshi_multiple * paid.dibao_urban * size
    small = rng.uniform(300, 2400, n) // 10 * 1000  # whole tens of yuan, in fen
    large = 80_000 + (cap - 80_000) * rng.beta(1.3, 3.5, n) // 10_000 * 10_000
    amount = np.minimum(np.where(kind == 0, small, large), cap).astype(np.int64)

    limit = TOWNSHIP_LIMIT * paid.dibao_urban
    township = np.where(kind == 0, rng.random(n) < 0.9, amount <= limit)
    days = calendar.monthrange(month // 12, month % 12 + 1)[1]
    return Cases(
        village=village, size=size, kind=kind, reason=reason.astype(np.int64), amount=amount,
        level=township.astype(np.int64), day=rng.integers(1, days + 1, size=n),
        surname=rng.choice(len(MASKED_NAMES), size=n, p=surname_weights()),
    )


def columns(c: Cases, refs: np.ndarray, label: str, village_codes: list[str]) -> dict[str, pa.Array]:
    order = np.lexsort((refs, c.village))
    dates = [f"{label}-{d:02d}" for d in range(1, 32)]
    return {
        "month": constant(label, len(c)),
        "case_ref": hex_refs(refs[order]),
        "village_code": labels(village_codes, c.village[order]),
        "name_masked": labels(MASKED_NAMES, c.surname[order]),
        "household_size": integers(c.size[order]),
        "linshi_kind": labels(KINDS, c.kind[order]),
        "reason_coarse": labels(REASONS, np.maximum(c.reason[order], 0), c.reason[order] < 0),
        "amount": money(c.amount[order]),
        "approval_level": labels(LEVELS, c.level[order]),
        "approved_on": labels(dates, c.day[order] - 1),
    }
