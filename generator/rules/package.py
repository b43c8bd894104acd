"""Is the package complete? Required reference tables, a period on every
partitioned file, no month twice, and no gap in the months."""

from __future__ import annotations

import pandas as pd

from generator.catalog import PACKAGE_FILE, Package
from generator.layout import FAMILIES, PROGRAM_LABEL, ROSTER_FAMILIES
from generator.problems import Problem, problem

REQUIRED_WITH_ROSTERS = ("areas", "standards", "service_points")
FOLLOWERS = {  # monthly families that must exist for every roster month once a package has them
    "fund_disbursement_monthly": "资金发放表",
    "fund_budget_execution": "预算执行书",
    "notices": "公示记录",
}
DESCRIPTOR = f"datasets/{PACKAGE_FILE}"


def check_package(package: Package) -> list[Problem]:
    return [*_required(package), *_periods(package), *_gaps(package)]


def _required(package: Package) -> list[Problem]:
    if not any(package.family(f) for f in ROSTER_FAMILIES):
        return []
    return [
        problem("family-missing", file=DESCRIPTOR, family=family, title=FAMILIES[family][1])
        for family in REQUIRED_WITH_ROSTERS
        if not package.family(family)
    ]


def _periods(package: Package) -> list[Problem]:
    found = []
    seen: dict[tuple[str, str], str] = {}
    for r in package.resources:
        partitioned = r.family in FAMILIES and "{period}" in FAMILIES[r.family][0]
        if partitioned and not r.period:
            found.append(problem("period-missing", file=DESCRIPTOR, dataset=r.name, name=r.name))
        if r.period:
            other = seen.setdefault((r.family, r.period), r.name)
            if other != r.name:
                found.append(problem("package-invalid", file=DESCRIPTOR, dataset=r.name,
                                     reason=f"资源 {other} 和 {r.name} 是同一类数据的同一期（{r.period}）"))
    return found


def _gaps(package: Package) -> list[Problem]:
    found = []
    roster_months: set[str] = set()
    for program in ROSTER_FAMILIES:
        months = [m for m in package.periods(program) if len(m) == 7]
        roster_months |= set(months)
        found += _missing(months, _span(months), f"{PROGRAM_LABEL[program]}名册")
        changes = [m for m in package.periods(f"changes_{program}")] if program != "linshi" else None
        if changes:  # changes explain each month after the first
            found += _missing(changes, _span(months)[1:], f"{PROGRAM_LABEL[program]}变动记录")
    span = _span(sorted(roster_months))
    for family, what in FOLLOWERS.items():
        if package.family(family):
            found += _missing(package.periods(family), span, what)
    return found


def _span(months: list[str]) -> list[str]:
    if not months:
        return []
    periods = pd.period_range(min(months), max(months), freq="M")
    return [p.strftime("%Y-%m") for p in periods]


def _missing(present: list[str], expected: list[str], what: str) -> list[Problem]:
    have = set(present)
    return [problem("month-missing", file=DESCRIPTOR, month=month, what=what) for month in expected if month not in have]
