"""The fictional county: townships and villages with NBS-style codes.

Province code 99 is used by no real division, so no code here can be
mistaken for a real place. Village codes follow the NBS convention that
residents' committees (社区, urban) are numbered 001–099 and villagers'
committees (村, rural) 200 and up.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from generator.demo.names import STREET_NAMES, community_names, place_names
from generator.demo.scales import Scale

COUNTY_CODE = "990103"
COUNTY_NAME = "阳光县"

KIND_SUFFIX = {"street": "街道", "town": "镇", "xiang": "乡"}


@dataclass(frozen=True)
class Areas:
    township_codes: list[str]
    township_names: list[str]
    township_kinds: list[str]  # street / town / xiang
    village_codes: list[str]  # sorted by code
    village_names: list[str]
    village_township: np.ndarray  # index into the township lists
    village_urban: np.ndarray  # bool

    @property
    def n_townships(self) -> int:
        return len(self.township_codes)

    @property
    def n_villages(self) -> int:
        return len(self.village_codes)

    def rows(self) -> list[list[str]]:
        """areas.csv: county, then townships, then villages, in code order."""
        rows = [[COUNTY_CODE, COUNTY_NAME, "county", "", ""]]
        rows += [[c, n, "township", COUNTY_CODE, ""] for c, n in zip(self.township_codes, self.township_names)]
        for code, name, town, urban in zip(
            self.village_codes, self.village_names, self.village_township, self.village_urban
        ):
            rows.append([code, name, "village", self.township_codes[town], "urban" if urban else "rural"])
        return rows


def _township_numbers(scale: Scale) -> list[tuple[int, str]]:
    """(3-digit number, kind) in code order: 街道 001–099, 镇 100–199 then
    300–999 (only the province benchmark needs those), 乡 200–299."""
    town_numbers = [*range(100, 200), *range(300, 1000)]
    if scale.streets > 99 or scale.xiang > 100 or scale.towns > len(town_numbers):
        raise ValueError("too many townships for 9-digit codes")
    numbered = [(i + 1, "street") for i in range(scale.streets)]
    numbered += [(n, "town") for n in town_numbers[: scale.towns]]
    numbered += [(200 + i, "xiang") for i in range(scale.xiang)]
    return sorted(numbered)


def _urban_count(rng: np.random.Generator, kind: str, villages: int) -> int:
    """How many of a township's villages are urban communities."""
    if kind == "street":
        return max(1, villages - int(rng.integers(0, 3)))  # a few 城中村 stay rural
    if kind == "town":
        return int(rng.integers(1, 3))  # the town seat's communities
    return 0


def build_areas(rng: np.random.Generator, scale: Scale) -> Areas:
    numbered = _township_numbers(scale)
    street_pool = list(STREET_NAMES)
    base_names = place_names(rng, len(numbered), taken=set(street_pool))
    t_codes, t_names, t_kinds = [], [], []
    v_codes, v_names, v_town, v_urban = [], [], [], []
    for index, (number, kind) in enumerate(numbered):
        code = f"{COUNTY_CODE}{number:03d}"
        base = street_pool.pop(0) if kind == "street" and street_pool else base_names[index]
        t_codes.append(code)
        t_names.append(base + KIND_SUFFIX[kind])
        t_kinds.append(kind)

        low, high = scale.villages_per_township
        villages = int(rng.integers(low, high + 1))
        urban = _urban_count(rng, kind, villages)
        for i, name in enumerate(community_names(rng, urban)):
            v_codes.append(f"{code}{i + 1:03d}")
            v_names.append(name + "社区")
            v_town.append(index)
            v_urban.append(True)
        for i, name in enumerate(place_names(rng, villages - urban)):
            v_codes.append(f"{code}{200 + i:03d}")
            v_names.append(name + "村")
            v_town.append(index)
            v_urban.append(False)
    return Areas(
        township_codes=t_codes,
        township_names=t_names,
        township_kinds=t_kinds,
        village_codes=v_codes,
        village_names=v_names,
        village_township=np.asarray(v_town, dtype=np.int32),
        village_urban=np.asarray(v_urban, dtype=bool),
    )


def village_weights(rng: np.random.Generator, areas: Areas, urban_factor: float) -> np.ndarray:
    """Relative caseload per village: rural villages carry most of it."""
    raw = rng.uniform(0.6, 1.4, areas.n_villages) * np.where(areas.village_urban, urban_factor, 1.0)
    return raw / raw.sum()
