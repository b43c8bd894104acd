"""The month loop: simulate 低保, 特困 and 临时救助, write each month's
rosters, changes and notices, and keep only per-township totals for funds.

Only one month's rows are in memory at a time, so the province benchmark
(1,000,000 households a month) peaks below 1 GB.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from generator.demo import changes, dibao, linshi, tekun
from generator.demo.areas import Areas, village_weights
from generator.demo.encode import (
    constant, hex_refs, integers, labels, money, month_labels, unique_refs, write_arrow, write_rows,
)
from generator.demo.names import MASKED_NAMES
from generator.demo.scales import MONTHS, START_STATE, Scale, month_label
from generator.demo.services import NOTICE_HEADER, MonthActivity, notice_rows
from generator.demo.standards import due_by_month, paid_by_month
from generator.layout import Entry

PROGRAMS = ("dibao", "tekun", "linshi")
URBAN_RURAL = ["rural", "urban"]
METHODS = ["gap", "tier"]


@dataclass(frozen=True)
class Totals:
    """One program in one month, arrays indexed by township (amounts in fen)."""

    households: np.ndarray
    persons: np.ndarray
    amount: np.ndarray
    back_pay: np.ndarray
    urban_amount: int  # for splitting funds between urban and rural subjects


@dataclass(frozen=True)
class Simulation:
    totals: dict[tuple[int, str], Totals]
    start_persons: np.ndarray  # 低保 persons per township in the starting roster
    entries: list[Entry]


def _sum_by_township(areas: Areas, village: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
    town = areas.village_township[village]
    summed = np.bincount(town, weights=weights, minlength=areas.n_townships)
    return np.rint(summed).astype(np.int64)  # integer fen sums stay exact below 2**53


def _totals(areas: Areas, village: np.ndarray, persons: np.ndarray, amount: np.ndarray,
            back_pay: np.ndarray | None = None) -> Totals:
    zero = np.zeros(areas.n_townships, dtype=np.int64)
    return Totals(
        households=_sum_by_township(areas, village),
        persons=_sum_by_township(areas, village, persons),
        amount=_sum_by_township(areas, village, amount),
        back_pay=zero if back_pay is None else back_pay,
        urban_amount=int(amount[areas.village_urban[village]].sum()),
    )


def _dibao_columns(h: dibao.Households, refs: np.ndarray, amount: np.ndarray, label: str,
                   areas: Areas) -> dict[str, pa.Array]:
    order = np.lexsort((refs, h.village))
    village = h.village[order]
    return {
        "month": constant(label, len(h)),
        "month_ref": hex_refs(refs[order]),
        "village_code": labels(areas.village_codes, village),
        "name_masked": labels(MASKED_NAMES, h.surname[order]),
        "household_size": integers(h.size[order]),
        "amount": money(amount[order]),
        "start_month": month_labels(h.start[order]),
        "urban_rural": labels(URBAN_RURAL, areas.village_urban[village].astype(np.int64)),
        "dibao_method": labels(METHODS, (h.tier[order] > 0).astype(np.int64)),
    }


def _tekun_columns(p: tekun.Persons, refs: np.ndarray, amount: np.ndarray, label: str,
                   areas: Areas) -> dict[str, pa.Array]:
    order = np.lexsort((refs, p.village))
    village = p.village[order]
    return {
        "month": constant(label, len(p)),
        "month_ref": hex_refs(refs[order]),
        "village_code": labels(areas.village_codes, village),
        "name_masked": labels(MASKED_NAMES, p.surname[order]),
        "tekun_mode": labels(tekun.MODES, p.mode[order]),
        "urban_rural": labels(URBAN_RURAL, areas.village_urban[village].astype(np.int64)),
        "amount": money(amount[order]),
        "start_month": month_labels(p.start[order]),
    }


def _has_new(areas: Areas, rows: changes.ChangeRows) -> np.ndarray:
    new = rows.village[rows.kind == changes.NEW]
    return _sum_by_township(areas, new) > 0


def run(rng: np.random.Generator, areas: Areas, scale: Scale, datasets: Path,
        say: Callable[[str], None]) -> Simulation:
    paid, due = paid_by_month(), due_by_month()
    urban = areas.village_urban
    d_weights = village_weights(rng, areas, urban_factor=0.7)
    t_weights = village_weights(rng, areas, urban_factor=0.3)
    households = dibao.arrivals(rng, scale.dibao_households, d_weights, paid[START_STATE], urban)
    persons = tekun.arrivals(rng, scale.tekun_persons, t_weights)
    start_persons = _sum_by_township(areas, households.village, households.size)

    totals: dict[tuple[int, str], Totals] = {}
    entries: list[Entry] = []
    for month in MONTHS:
        label = month_label(month)
        say(f"模拟 {label}：低保、特困供养、临时救助")
        paid_last, due_last = paid[month - 1], due[month - 1]
        # A retroactive rise for last month is paid with this month's money (补发).
        d_back = dibao.amounts(households, due_last, urban) - dibao.amounts(households, paid_last, urban)
        t_back = tekun.amounts(persons, due_last, urban) - tekun.amounts(persons, paid_last, urban)
        d_back_town = _sum_by_township(areas, households.village, d_back)
        t_back_town = _sum_by_township(areas, persons.village, t_back)

        households, d_changes = dibao.step(rng, households, paid_last, paid[month], month, d_weights, urban)
        persons, t_changes = tekun.step(rng, persons, paid_last, paid[month], month, t_weights, urban)
        refs = unique_refs(rng, len(households) + len(persons))  # one draw: refs never collide across lists
        d_amount = dibao.amounts(households, paid[month], urban)
        t_amount = tekun.amounts(persons, paid[month], urban)
        cases = linshi.draw(rng, month, scale.linshi_cases, d_weights, paid[month])
        case_refs = unique_refs(rng, len(cases))

        outputs = {
            "dibao": _dibao_columns(households, refs[: len(households)], d_amount, label, areas),
            "tekun": _tekun_columns(persons, refs[len(households):], t_amount, label, areas),
            "linshi": linshi.columns(cases, case_refs, label, areas.village_codes),
            "changes_dibao": changes.columns(d_changes, "dibao", label, areas.village_codes),
            "changes_tekun": changes.columns(t_changes, "tekun", label, areas.village_codes),
        }
        for family, columns in outputs.items():
            entry = Entry(family, label)
            write_arrow(datasets / entry.path, columns)
            entries.append(entry)

        totals[(month, "dibao")] = _totals(areas, households.village, households.size, d_amount, d_back_town)
        totals[(month, "tekun")] = _totals(areas, persons.village, np.ones(len(persons), np.int64), t_amount,
                                           t_back_town)
        totals[(month, "linshi")] = _totals(areas, cases.village, cases.size, cases.amount)
        activity = MonthActivity(
            dibao=totals[(month, "dibao")].households > 0,
            tekun=totals[(month, "tekun")].households > 0,
            dibao_new=_has_new(areas, d_changes),
            tekun_new=_has_new(areas, t_changes),
            linshi=totals[(month, "linshi")].households > 0,
        )
        entry = Entry("notices", label)
        write_rows(datasets / entry.path, NOTICE_HEADER, notice_rows(rng, areas, month, label, activity))
        entries.append(entry)
    return Simulation(totals, start_persons, entries)
