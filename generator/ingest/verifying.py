"""Checking what ingest would write, before writing it.

A staging folder outside the project holds a view of the project as it would
be after ingest: the project's files linked, the new files and the new
datapackage.json written. The project's own checks run there:

- `roster_problems`: the new roster against its Table Schema and the roster
  rules (amount over the standard, start month, …), quickly, also when other
  rows already have problems, so that all row problems come at once;
- `package_problems`: `generator.checking.check` (what `sunshine validate`
  runs) on the staged project, compared with the project as it is: only new
  problems count, so ingest never writes a month that validate rejects.

Problems found in the staged roster are moved onto the raw file: its row
and header text.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from generator import catalog
from generator.catalog import DATASETS_DIR, PACKAGE_FILE
from generator.checking import check
from generator.ingest.headers import Header
from generator.ingest.project import Project
from generator.ingest.roster import SOURCE_FIELD
from generator.layout import write_descriptor
from generator.problems import Problem, Severity, problem
from generator.reading import read_table
from generator.rules import rosters as roster_rules
from generator.rules.package import DESCRIPTOR, FOLLOWERS
from generator.tableschema import check_table


class Staging:
    """A temporary project view; removed on leaving the `with` block."""

    def __init__(self, root: Path):
        self.root = root
        self.path = Path(tempfile.mkdtemp(prefix="sunshine-ingest-"))

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.path, ignore_errors=True)

    def lay_out(self, files: dict[str, bytes], descriptor: dict) -> None:
        """The project's files as links, `files` (datasets-relative) and `descriptor` written."""
        shutil.rmtree(self.path, ignore_errors=True)
        datasets = self.path / DATASETS_DIR
        datasets.mkdir(parents=True)
        source = self.root / DATASETS_DIR
        for path in sorted(p for p in source.rglob("*") if p.is_file()):
            relative = path.relative_to(source).as_posix()
            if relative == PACKAGE_FILE or relative in files:
                continue
            (datasets / relative).parent.mkdir(parents=True, exist_ok=True)
            (datasets / relative).symlink_to(path.resolve())
        for relative, content in files.items():
            (datasets / relative).parent.mkdir(parents=True, exist_ok=True)
            (datasets / relative).write_bytes(content)
        write_descriptor(datasets, descriptor)
        if (self.root / "content").is_dir():
            (self.path / "content").symlink_to((self.root / "content").resolve())


@dataclass(frozen=True)
class RawPlace:
    """Where the published roster's rows and columns came from in the raw file."""

    file: str
    header: Header
    rows: list[int]  # raw row of published row i (spreadsheet row i + 2)
    published_file: str  # display path of the staged roster

    def moved(self, found: Problem) -> Problem:
        if found.file != self.published_file:
            return found
        row = self.rows[found.row - 2] if found.row is not None and 2 <= found.row < len(self.rows) + 2 else None
        field = SOURCE_FIELD.get(found.column or "")
        column = self.header.label(field) if field else None
        if field == "urban_rural" and column is None:
            column = self.header.label("village")  # taken from the village's entry in the areas table
        if field == "dibao_method" and column is None:
            column = self.header.label("category")
        return replace(found, file=self.file, dataset=None, row=row, column=column or found.column)


def roster_problems(staging: Staging, project: Project, resource_name: str, month: str, place: RawPlace
                    ) -> list[Problem]:
    package, _ = catalog.load(staging.path)
    resource = next(r for r in package.resources if r.name == resource_name)
    raw, found = read_table(resource, staging.path)
    if raw is None:
        return found
    checked, cell_problems = check_table(resource, raw, project.lookup)
    found = found + cell_problems
    found += roster_rules.check_roster(resource.family, checked.frame, checked.rows, month, project.standards,
                                       dataset=resource.name, file=resource.display_path)
    return [place.moved(p) for p in found]


@dataclass(frozen=True)
class PackageCheck:
    errors: list[Problem]
    warnings: list[Problem]
    followers: list[str]  # monthly families still to be added for this month (资金发放表 …)


def package_problems(project: Project, staging: Staging, month: str, place: RawPlace) -> PackageCheck:
    before = {_key(p) for p in check(project.root).report}
    after = [p for p in check(staging.path).report if _key(p) not in before]
    followers = {problem("month-missing", file=DESCRIPTOR, month=month, what=what).message: what
                 for what in FOLLOWERS.values()}
    pending = [followers[p.message] for p in after if p.code == "month-missing" and p.message in followers]
    after = [place.moved(p) for p in after if not (p.code == "month-missing" and p.message in followers)]
    return PackageCheck([p for p in after if p.severity is Severity.ERROR],
                        [p for p in after if p.severity is Severity.WARNING], pending)


def _key(found: Problem) -> tuple:
    return (found.code, found.file, found.row, found.column, found.message)
