"""CHECK: everything `sunshine validate` and `sunshine build` verify, in one pass.

Order matters only for foreign keys and memory: reference tables first (areas,
service points, standards …), then the rosters month by month, keeping only
per-village totals of each month so a province-sized package fits in memory.
Nothing here writes a file.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from generator import archive, catalog, gate, policies
from generator.catalog import Package, Resource
from generator.layout import ROSTER_FAMILIES, standard_columns
from generator.problems import Problem, Report, Severity, problem
from generator.reading import RawTable, read_table
from generator.rules import areas as area_rules
from generator.rules import changes as change_rules
from generator.rules import funds as fund_rules
from generator.rules import notices as notice_rules
from generator.rules import package as package_rules
from generator.rules import rosters as roster_rules
from generator.rules import staffing as staffing_rules
from generator.rules import standards as standard_rules
from generator.tableschema import CheckedTable, check_table

# Families checked before the rosters; foreign keys point backwards in this list.
REFERENCE_ORDER = (
    "areas", "service_points", "standards", "staffing", "notices",
    "fund_allocations", "fund_transfers", "fund_budget_execution", "fund_disbursement_monthly",
    "changes_dibao", "changes_tekun",
)
DATA_SUFFIXES = {".csv", ".xlsx", ".xls"}

Progress = Callable[[str], None]


@dataclass
class CheckResult:
    report: Report
    package: Package | None
    policies: list[policies.Policy] = field(default_factory=list)
    tables: dict[str, CheckedTable] = field(default_factory=dict)  # reference tables, by resource name
    roster_totals: pd.DataFrame = field(default_factory=pd.DataFrame)  # per village × program × month
    rosters_read: set[tuple[str, str]] = field(default_factory=set)  # (program, month) read without errors
    unclean: set[str] = field(default_factory=set)  # resources with errors: not reconciled against others
    files: int = 0
    rows: int = 0

    @property
    def counts(self) -> dict[str, int]:
        return {"files": self.files, "rows": self.rows}


def check(root: Path, progress: Progress | None = None) -> CheckResult:
    say = progress or (lambda _message: None)
    package, problems = catalog.load(root)
    library, policy_problems = policies.load_policies(root)
    problems += policy_problems
    if package is None:
        return CheckResult(Report(problems), None, library)

    say("检查数据包登记的文件")
    problems += _unregistered_files(package) + package_rules.check_package(package)
    result = CheckResult(Report(), package, library)
    # Roster files are read one ahead, in a second thread, while the main thread
    # checks: parsing runs in Arrow without the GIL, so both cores are busy.
    with ReadAhead(package.root, roster_order(package)) as files:
        problems += _check_reference_tables(package, result, say, files)
        problems += _check_rosters(package, result, say, files)
    problems += _check_reconciliation(package, result)
    say("检查有没有身份证号、电话、银行卡号等个人信息")
    problems += gate.input_problems(root, package, gate.official_phones(package, result.tables))
    problems += archive.archive_problems(root, package)
    result.report = Report(problems)
    return result


class ReadAhead:
    """Reads the files of `order` each while the caller checks the one before;
    any other file is read when asked for."""

    def __init__(self, root: Path, order: list[Resource]):
        self._root, self._order = root, order
        self._pool = ThreadPoolExecutor(max_workers=1)
        self._pending: dict[str, Future] = {}
        self._next = 0
        self._submit()

    def _submit(self) -> None:
        if self._next < len(self._order):
            resource = self._order[self._next]
            self._pending[resource.name] = self._pool.submit(read_table, resource, self._root)
            self._next += 1

    def read(self, resource: Resource) -> tuple[RawTable | None, list[Problem]]:
        future = self._pending.pop(resource.name, None)
        if future is None:
            return read_table(resource, self._root)
        result = future.result()  # the file is read; start on the next while this one is checked
        self._submit()
        return result

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        for future in self._pending.values():
            future.cancel()
        self._pool.shutdown(wait=True)


def roster_order(package: Package) -> list[Resource]:
    """Roster files in the order they are checked: month by month, 低保 → 特困 → 临时救助."""
    months = sorted({r.period for family in ROSTER_FAMILIES for r in package.family(family) if r.period})
    return [r for month in months for family in ROSTER_FAMILIES for r in package.family(family) if r.period == month]


def _read_and_check(resource: Resource, files: ReadAhead, lookup, result: CheckResult
                    ) -> tuple[CheckedTable | None, list[Problem]]:
    """Read and check one file. Returns no table when its columns cannot be
    trusted (unreadable, or a header that does not match the schema), so no
    domain rule runs on shifted data; a file with errors is marked unclean."""
    raw, problems = files.read(resource)
    if raw is not None:
        checked, cell_problems = check_table(resource, raw, lookup)
        problems = problems + cell_problems
        result.files += 1
        result.rows += len(raw.rows)
    if any(p.severity is Severity.ERROR for p in problems) or raw is None:
        result.unclean.add(resource.name)
    if raw is None or any(p.code == "header-mismatch" for p in problems):
        return None, problems
    return checked, problems


def _check_reference_tables(package: Package, result: CheckResult, say: Progress, files: ReadAhead) -> list[Problem]:
    problems: list[Problem] = []
    tables = result.tables
    ordered = [r for family in REFERENCE_ORDER for r in package.family(family)]
    others = [r for r in package.resources if r.family not in REFERENCE_ORDER and r.family not in ROSTER_FAMILIES]
    for resource in ordered + others:
        say(f"检查 {resource.display_path}")
        table, found = _read_and_check(resource, files, tables.get, result)
        problems += found
        if table is not None:
            tables[resource.name] = table
            problems += _table_rules(resource, table, package)
    return problems


def _table_rules(resource: Resource, table: CheckedTable, package: Package) -> list[Problem]:
    where = {"dataset": resource.name, "file": resource.display_path}
    frame, rows = table.frame, table.rows
    match resource.family:
        case "areas":
            return area_rules.check_areas(frame, rows, package.county_code, **where)
        case "standards":
            return standard_rules.check_standards(frame, rows, **where)
        case "staffing":
            return staffing_rules.check_staffing(frame, rows, **where)
        case "notices":
            return notice_rules.check_notices(frame, rows, **where)
        case "changes_dibao" | "changes_tekun":
            return change_rules.check_changes(frame, rows, **where)
    return []


def _check_rosters(package: Package, result: CheckResult, say: Progress, files: ReadAhead) -> list[Problem]:
    problems: list[Problem] = []
    standards = family_frame(package, result.tables, "standards")
    # An unreadable standards file is reported once; do not repeat it as
    # "no standard applies" on every roster month.
    standards_unreadable = any(r.name in result.unclean for r in package.family("standards"))
    totals = []
    for month, resources in itertools.groupby(roster_order(package), key=lambda r: r.period):
        month_tables: dict[str, tuple[Resource, CheckedTable]] = {}
        for resource in resources:
            family = resource.family
            say(f"检查 {resource.display_path}")
            table, found = _read_and_check(resource, files, result.tables.get, result)
            problems += found
            if table is None:
                continue
            month_tables[family] = (resource, table)
            problems += roster_rules.check_roster(
                family, table.frame, table.rows, month, None if standards_unreadable else standards,
                dataset=resource.name, file=resource.display_path,
            )
            if _totals_trustworthy(found):
                result.rosters_read.add((family, month))
                totals.append(roster_rules.totals(family, table.frame, month))
        if "dibao" in month_tables and "tekun" in month_tables:
            (dibao_res, dibao), (_, tekun) = month_tables["dibao"], month_tables["tekun"]
            problems += roster_rules.check_overlap(
                dibao.frame, dibao.rows, tekun.frame, tekun.rows, month,
                dataset=dibao_res.name, file=dibao_res.display_path,
            )
    result.roster_totals = pd.concat(totals, ignore_index=True) if totals else pd.DataFrame(
        columns=roster_rules.TOTALS_COLUMNS)
    return problems


# Roster columns that totals are made of: an error elsewhere (a name not masked,
# a wrong start month) leaves the totals sound, so reconciliation still runs.
TOTAL_COLUMNS = frozenset({"village_code", "household_size", "amount", "month_ref", "case_ref"})


def _totals_trustworthy(problems: list[Problem]) -> bool:
    return not any(p.severity is Severity.ERROR and (p.column is None or p.column in TOTAL_COLUMNS) for p in problems)


def _check_reconciliation(package: Package, result: CheckResult) -> list[Problem]:
    tables, totals = result.tables, result.roster_totals
    names = area_names(package, tables)
    roster_files = {
        (r.family, r.period): (r.name, r.display_path) for f in ROSTER_FAMILIES for r in package.family(f)
    }
    problems = notice_rules.check_roster_notices(totals, family_frame(package, tables, "notices"), names, roster_files)
    problems += _reconcile_changes(package, tables, totals, names, result.rosters_read, result.unclean)
    paid = family_frame(package, tables, "fund_disbursement_monthly")
    paid = paid[~paid["origin_dataset"].isin(result.unclean)]
    allocations = family_frame(package, tables, "fund_allocations")
    transfers = family_frame(package, tables, "fund_transfers")
    execution = family_frame(package, tables, "fund_budget_execution")
    if not paid.empty:
        problems += fund_rules.check_disbursement(paid, totals, names, result.rosters_read)
    if not execution.empty:
        problems += fund_rules.check_execution(execution, paid, allocations, transfers)
        problems += fund_rules.check_transfers(transfers, allocations, execution)
    return problems


def _reconcile_changes(package: Package, tables: dict[str, CheckedTable], totals: pd.DataFrame,
                       names: dict[str, str], rosters_read: set[tuple[str, str]], unclean: set[str]) -> list[Problem]:
    problems = []
    for program in ("dibao", "tekun"):
        months = package.periods(program)
        for resource in package.family(f"changes_{program}"):
            month = resource.period
            table = tables.get(resource.name)
            previous = _previous_month(month, months)
            if table is None or resource.name in unclean or previous is None or \
                    (program, month) not in rosters_read or (program, previous) not in rosters_read:
                continue  # the first month, or a month whose files have errors (already reported)
            select = lambda m: totals[(totals["program"] == program) & (totals["month"] == m)]
            problems += change_rules.reconcile(
                program, month, select(previous), select(month), change_rules.counts(table.frame), names,
                dataset=resource.name, file=resource.display_path,
            )
    return problems


def _previous_month(month: str | None, months: list[str]) -> str | None:
    if month is None:
        return None
    previous = (pd.Period(month, "M") - 1).strftime("%Y-%m")
    return previous if previous in months else None


def family_frame(package: Package, tables: dict[str, CheckedTable], family: str) -> pd.DataFrame:
    """All checked files of a family in one frame, each row knowing its origin."""
    parts = [
        tables[r.name].frame.assign(origin_dataset=r.name, origin_file=r.display_path, origin_row=tables[r.name].rows)
        for r in package.family(family)
        if r.name in tables
    ]
    if not parts:  # absent or unreadable: an empty frame with the usual columns, so rules see "no rows"
        resource = package.family(family)[0] if package.family(family) else None
        columns = [f["name"] for f in resource.schema["fields"]] if resource else standard_columns(family)
        return pd.DataFrame(columns=[*columns, "origin_dataset", "origin_file", "origin_row"])
    return pd.concat(parts, ignore_index=True)


def area_names(package: Package, tables: dict[str, CheckedTable]) -> dict[str, str]:
    areas = family_frame(package, tables, "areas")
    if areas.empty:
        return {}
    return dict(zip(areas["code"].tolist(), areas["name"].tolist()))  # lists: Arrow cells iterate slowly


def _unregistered_files(package: Package) -> list[Problem]:
    registered = {r.path for r in package.resources}
    found = []
    for path in sorted(package.datasets_dir.rglob("*")):
        relative = path.relative_to(package.datasets_dir).as_posix()
        if path.suffix.lower() in DATA_SUFFIXES and relative not in registered:
            display = f"{catalog.DATASETS_DIR}/{relative}"
            found.append(problem("file-not-in-package", file=display, path=display))
    return found
