"""What every page section gets: the checked package, the policies, the
per-village roster totals, the site settings and the reference date.

Built once after checking succeeds; sections read from it and never change it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd
import yaml

from generator import site, statistics
from generator.catalog import Package
from generator.checking import CheckResult, family_frame
from generator.policies import Policy
from generator.reading import read_table
from generator.tableschema import CheckedTable, check_table

SETTINGS_FILE = Path("content") / "site.yml"
DEFAULT_SETTINGS = {
    "named_lists_online": "masked",  # "off": only aggregates and a pointer to the village board
    "notice_retention_days": 0,  # days a named list stays online after its notice period ends
    "small_cell_threshold": 5,  # village counts 1–4 and amounts from < 5 households are shown as "C"
}


@dataclass(frozen=True)
class SiteContext:
    package: Package
    policies: tuple[Policy, ...]
    tables: dict[str, CheckedTable] = field(repr=False)
    roster_totals: pd.DataFrame = field(repr=False)  # village_code, township_code, program, month, households, persons, amount
    as_of: dt.date  # "today" for the site: decides which notices are live
    settings: dict = field(default_factory=lambda: dict(DEFAULT_SETTINGS))

    _families: dict[str, pd.DataFrame] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def meta(self) -> dict:
        return self.package.descriptor.get("sunshine", {})

    @cached_property
    def site_name(self) -> str:
        """The site's name, as mkdocs.yml gives it, for pages rendered outside MkDocs."""
        fallback = self.meta.get("county_name", "") + "社会救助公开平台"
        return site.site_name(self.package.root) or fallback

    @property
    def threshold(self) -> int:
        """Village counts 1 … threshold−1 are shown as "C"."""
        return int(self.settings["small_cell_threshold"])

    @property
    def retention_days(self) -> int:
        return int(self.settings["notice_retention_days"])

    @property
    def named_lists_masked(self) -> bool:
        return self.settings["named_lists_online"] == "masked"

    def family(self, name: str) -> pd.DataFrame:
        """All checked files of a family in one frame (origin_* columns say where each row came from).
        Made once per build and shared: callers filter or copy it, never change it."""
        if name not in self._families:
            self._families[name] = family_frame(self.package, self.tables, name)
        return self._families[name]

    def area_names(self) -> dict[str, str]:
        return self._area_names

    @cached_property
    def _area_names(self) -> dict[str, str]:
        areas = self.family("areas")
        return dict(zip(areas["code"].tolist(), areas["name"].tolist()))

    def months(self, program: str = "dibao") -> list[str]:
        return self.package.periods(program)

    @cached_property
    def caseload(self) -> pd.DataFrame:
        """caseload_monthly, made once: the statistics pages and the downloads both show it."""
        periods = {p: self.months(p) for p in statistics.PROGRAMS}
        return statistics.caseload_monthly(self.roster_totals, self.family("areas"), periods, self.threshold)

    def roster(self, program: str, month: str) -> pd.DataFrame:
        """Re-read one roster month (already validated) for the rows of a live notice."""
        resource = next(r for r in self.package.family(program) if r.period == month)
        raw, _ = read_table(resource, self.package.root)
        table, _ = check_table(resource, raw, self.tables.get)
        return table.frame


def build_context(result: CheckResult, as_of: dt.date) -> SiteContext:
    assert result.package is not None
    return SiteContext(
        package=result.package,
        policies=tuple(result.policies),
        tables=result.tables,
        roster_totals=result.roster_totals,
        as_of=as_of,
        settings=load_settings(result.package.root),
    )


def load_settings(root: Path) -> dict:
    path = root / SETTINGS_FILE
    if not path.is_file():
        return dict(DEFAULT_SETTINGS)
    loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {**DEFAULT_SETTINGS, **loaded}
