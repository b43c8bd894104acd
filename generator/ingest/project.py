"""The project a roster goes into: its data package, and the areas and
standards tables ingest needs, read and checked with the project's own code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from generator import catalog
from generator.catalog import Package
from generator.checking import family_frame
from generator.ingest.areas import AreaIndex
from generator.problems import Problem, Severity, problem
from generator.reading import read_table
from generator.tableschema import CheckedTable, check_table


@dataclass(frozen=True)
class Project:
    root: Path
    package: Package
    areas: AreaIndex
    tables: dict[str, CheckedTable]  # checked reference tables by resource name (areas, standards)
    standards: pd.DataFrame

    def lookup(self, name: str) -> CheckedTable | None:
        return self.tables.get(name)


def open_project(root: Path) -> tuple[Project | None, list[Problem]]:
    """The package with its areas and standards; problems only when ingest cannot go on."""
    package, problems = catalog.load(root)
    if package is None:
        return None, problems
    blocking = [p for p in problems if p.severity is Severity.ERROR]
    tables: dict[str, CheckedTable] = {}
    for family in ("areas", "standards"):
        resources = package.family(family)
        if not resources:
            blocking.append(problem("family-missing", file="datasets/datapackage.json", family=family,
                                    title="行政区划" if family == "areas" else "救助标准"))
        for resource in resources:
            raw, read_problems = read_table(resource, root)
            if raw is None:
                blocking += read_problems
                continue
            tables[resource.name], _ = check_table(resource, raw, tables.get)
    if blocking:
        return None, blocking
    areas = AreaIndex.from_frame(family_frame(package, tables, "areas"))
    return Project(root, package, areas, tables, family_frame(package, tables, "standards")), []
