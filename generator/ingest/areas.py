"""Township and village names of a raw roster → 12-digit village codes.

Names come from the project's `areas` table. A village name is unique only
within its township, so the township is found first. Names match exactly
(spaces ignored), else without a common suffix ("城关" for 城关街道, "凤营" for
凤营村, "幸福社区居委会" for 幸福社区) when that leaves one candidate. An
unknown name gets the closest names of the right level as a suggestion.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import pandas as pd

from generator.ingest.values import text

_SUFFIX = re.compile(r"(街道办事处|办事处|街道|人民政府|镇|乡|村民委员会|居民委员会|村委会|居委会|社区|村|委会)$")


def _stem(name: str) -> str:
    previous = None
    while previous != name:
        previous, name = name, _SUFFIX.sub("", name)
    return name


@dataclass(frozen=True)
class Place:
    code: str | None
    suggestion: str  # "；最接近的是：…" or ""


@dataclass(frozen=True)
class AreaIndex:
    townships: dict[str, str]  # code → name
    villages: dict[str, dict[str, str]]  # township code → {village code → name}
    urban_rural: dict[str, str]  # village code → "urban" | "rural"

    @classmethod
    def from_frame(cls, areas: pd.DataFrame) -> AreaIndex:
        rows = areas[["code", "name", "level", "parent_code", "urban_rural"]].astype(object).where(areas.notna(), None)
        townships, villages, kinds = {}, {}, {}
        for code, name, level, parent, kind in rows.itertuples(index=False):
            if not isinstance(code, str) or not isinstance(name, str):
                continue
            if level == "township":
                townships[code] = name
            elif level == "village":
                villages.setdefault(code[:9], {})[code] = name
                if kind in ("urban", "rural"):
                    kinds[code] = kind
        return cls(townships, villages, kinds)

    def township(self, raw: object) -> Place:
        return _find(text(raw), self.townships)

    def village(self, township_code: str, raw: object) -> Place:
        return _find(text(raw), self.villages.get(township_code, {}))


def _find(name: str, candidates: dict[str, str]) -> Place:
    exact = [code for code, known in candidates.items() if text(known) == name]
    if len(exact) == 1:
        return Place(exact[0], "")
    stem = _stem(name)
    loose = [code for code, known in candidates.items() if _stem(text(known)) == stem] if stem else []
    if len(loose) == 1:
        return Place(loose[0], "")
    names = sorted(set(candidates.values()))
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.4)
    close = close or difflib.get_close_matches(stem, [_stem(n) for n in names], n=3, cutoff=0.4)
    if close and close[0] not in names:  # matched on stems: show the full names
        close = [n for n in names if _stem(n) in close][:3]
    return Place(None, f"；最接近的是：{'、'.join(close)}" if close else "")
