"""Change records (动态管理) collected during the simulation, as CSV columns.

Integer arrays with −1 for an empty cell keep the simulation vectorised; the
conversion to text happens once per month when the file is written.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from generator.demo.encode import constant, integers, labels, money

CHANGE_TYPES = ["new", "stop", "increase", "decrease", "standard_uplift"]
NEW, STOP, INCREASE, DECREASE, UPLIFT = range(5)
STOP_REASONS = ["no_longer_eligible", "voluntary", "moved", "deceased_or_missing", "other"]
EMPTY = -1

HEADER = [
    "month", "assistance_type", "village_code", "change_type", "household_size_before", "household_size_after",
    "amount_before", "amount_after", "stop_reason_public",
]


@dataclass(frozen=True)
class ChangeRows:
    village: np.ndarray
    kind: np.ndarray
    size_before: np.ndarray
    size_after: np.ndarray
    amount_before: np.ndarray  # fen
    amount_after: np.ndarray  # fen
    reason: np.ndarray

    def __len__(self) -> int:
        return len(self.village)


def change_rows(
    village: np.ndarray, kind: int, size_before, size_after, amount_before, amount_after, reason=EMPTY
) -> ChangeRows:
    """One kind of change; scalars are broadcast to the rows."""
    n = len(village)

    def column(value) -> np.ndarray:
        return np.broadcast_to(np.asarray(value, dtype=np.int64), (n,)).copy()

    return ChangeRows(
        village=np.asarray(village, dtype=np.int64), kind=column(kind), size_before=column(size_before),
        size_after=column(size_after), amount_before=column(amount_before), amount_after=column(amount_after),
        reason=column(reason),
    )


def concat(parts: list[ChangeRows]) -> ChangeRows:
    fields = ChangeRows.__dataclass_fields__
    return ChangeRows(**{f: np.concatenate([getattr(p, f) for p in parts]) for f in fields})


def columns(rows: ChangeRows, program: str, month: str, village_codes: list[str]) -> dict[str, pa.Array]:
    """CSV columns in a content-based order (village, type, values): the order
    says nothing about which household a row belongs to."""
    order = np.lexsort((
        rows.reason, rows.amount_after, rows.amount_before, rows.size_after, rows.size_before, rows.kind,
        rows.village,
    ))
    r = ChangeRows(**{f: getattr(rows, f)[order] for f in ChangeRows.__dataclass_fields__})
    n = len(r)
    return {
        "month": constant(month, n),
        "assistance_type": constant(program, n),
        "village_code": labels(village_codes, r.village),
        "change_type": labels(CHANGE_TYPES, r.kind),
        "household_size_before": integers(r.size_before, r.size_before == EMPTY),
        "household_size_after": integers(r.size_after, r.size_after == EMPTY),
        "amount_before": money(np.maximum(r.amount_before, 0), r.amount_before == EMPTY),
        "amount_after": money(np.maximum(r.amount_after, 0), r.amount_after == EMPTY),
        "stop_reason_public": labels(STOP_REASONS, np.maximum(r.reason, 0), r.reason == EMPTY),
    }
