"""特困 persons: basic living standard + the care standard of a self-care tier.

The tier is health information (特困人员认定办法 Arts. 20–22), so it lives
only inside the simulation and is never written; only the amount shows it,
as in every real 特困 list.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from generator.demo.changes import DECREASE, EMPTY, INCREASE, NEW, STOP, UPLIFT, ChangeRows, change_rows, concat
from generator.demo.names import SURNAMES, surname_weights
from generator.demo.scales import START_STATE
from generator.demo.standards import CARE_LEVELS, Paid

MODES = ["centralized", "dispersed"]
CENTRALIZED_SHARE = 0.35
CARE_SHARE = {0: [0.35, 0.35, 0.30], 1: [0.65, 0.25, 0.10]}  # by mode: able / partial / full_loss
STOP_SHARE = np.array([0.15, 0.05, 0.10, 0.65, 0.05])  # mostly deaths


@dataclass(frozen=True)
class Persons:
    village: np.ndarray
    mode: np.ndarray  # index into MODES
    care: np.ndarray  # index into CARE_LEVELS; never written
    surname: np.ndarray
    start: np.ndarray

    def __len__(self) -> int:
        return len(self.village)

    def take(self, index: np.ndarray) -> Persons:
        return Persons(**{f.name: getattr(self, f.name)[index] for f in fields(self)})

    def append(self, other: Persons) -> Persons:
        return Persons(**{
            f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)]) for f in fields(self)
        })


def amounts(p: Persons, paid: Paid, urban: np.ndarray) -> np.ndarray:
    basic = np.where(urban[p.village], paid.tekun_urban, paid.tekun_rural)
    care = np.array([[paid.care[(m, lv)] for lv in CARE_LEVELS] for m in MODES], dtype=np.int64)
    return (basic + care[p.mode, p.care]).astype(np.int64)


def _rates(paid: Paid) -> tuple:
    return paid.tekun_urban, paid.tekun_rural, sorted(paid.care.items())


def arrivals(rng, count: int, weights: np.ndarray, start=None) -> Persons:
    village = rng.choice(len(weights), size=count, p=weights).astype(np.int64)
    mode = (rng.random(count) >= CENTRALIZED_SHARE).astype(np.int64)
    care = np.where(
        mode == 0,
        rng.choice(3, size=count, p=CARE_SHARE[0]),
        rng.choice(3, size=count, p=CARE_SHARE[1]),
    ).astype(np.int64)
    surname = rng.choice(len(SURNAMES), size=count, p=surname_weights())
    months = rng.integers(2012 * 12, START_STATE + 1, size=count) if start is None else np.full(count, start)
    return Persons(village, mode, care, surname, months.astype(np.int64))


def step(rng, p: Persons, paid_before: Paid, paid_now: Paid, month: int, weights: np.ndarray,
         urban: np.ndarray) -> tuple[Persons, ChangeRows]:
    n = len(p)
    before = amounts(p, paid_before, urban)
    stop = rng.random(n) < rng.uniform(0.006, 0.009)
    reasons = rng.choice(len(STOP_SHARE), size=int(stop.sum()), p=STOP_SHARE)
    parts = [change_rows(p.village[stop], STOP, 1, EMPTY, before[stop], 0, reasons)]

    stays = p.take(~stop)
    old = before[~stop]
    if _rates(paid_now) != _rates(paid_before):
        new = amounts(stays, paid_now, urban)
        up = new > old
        parts.append(change_rows(stays.village[up], UPLIFT, 1, 1, old[up], new[up]))
    else:
        # Reassessment of self-care moves a person one tier up or down.
        draw = rng.random(len(stays))
        worse = (draw < 0.003) & (stays.care < 2)
        better = (draw >= 0.003) & (draw < 0.004) & (stays.care > 0)
        stays = Persons(stays.village, stays.mode, stays.care + worse - better, stays.surname, stays.start)
        new = amounts(stays, paid_now, urban)
        parts.append(change_rows(stays.village[worse], INCREASE, 1, 1, old[worse], new[worse]))
        parts.append(change_rows(stays.village[better], DECREASE, 1, 1, old[better], new[better]))

    count = int(round(n * rng.uniform(0.006, 0.009)))
    newcomers = arrivals(rng, count, weights, start=month)
    parts.append(change_rows(newcomers.village, NEW, EMPTY, 1, EMPTY, amounts(newcomers, paid_now, urban)))
    return stays.append(newcomers), concat(parts)
