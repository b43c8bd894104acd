"""PRIVACY GATE: nothing personal is published, whatever slips in.

`validate` and `build` run `input_problems` on every file a project publishes
from (the data package, its schemas, every registered data file, everything
under content/, mkdocs.yml); `build` runs `site_problems` on every file of the built site
before it replaces the previous one. The scanning itself is
`generator.privacy`; here findings become problems that name the file, the
spreadsheet row and the column header, never the value.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import pyarrow as pa

from generator import catalog, privacy
from generator.catalog import Package, Resource
from generator.problems import Problem, problem
from generator.reading import read_table
from generator.tableschema import CheckedTable

CONTENT_DIR = "content"


def official_phones(package: Package, tables: dict[str, CheckedTable]) -> list[str]:
    """The phone numbers registered in service_points: the only ones a page may show."""
    phones = []
    for resource in package.family("service_points"):
        if resource.name in tables:
            phones += [p for p in tables[resource.name].frame["phone"].dropna().tolist()]
    return phones


def input_problems(root: Path, package: Package, official: Iterable[str]) -> list[Problem]:
    allowed = privacy.allowed_numbers(official)
    problems = []
    for resource in package.resources:
        path = package.datasets_dir / resource.path
        if path.is_file():
            problems += _resource_problems(resource, path, package.root, allowed)
    datasets = package.datasets_dir
    described = [datasets / catalog.PACKAGE_FILE] + sorted({datasets / r.schema_path for r in package.resources})
    content = sorted(p for p in (root / CONTENT_DIR).rglob("*") if p.is_file()) if (root / CONTENT_DIR).is_dir() else []
    for path in [root / "mkdocs.yml", *described, *content]:
        if path.is_file():
            display = path.relative_to(root).as_posix()
            problems += [_problem(f, display) for f in privacy.scan_file(path, allowed)]
    return problems


def site_problems(site: Path, official: Iterable[str], shown_as: str) -> list[Problem]:
    """Every finding in a built site; `shown_as` names the folder for people
    (the staging folder has a temporary name)."""
    return [_problem(f, f"{shown_as}/{f.path}") for f in privacy.scan_folder(site, official)]


def _problem(finding: privacy.Finding | privacy.FileFinding, file: str, *, dataset: str | None = None,
             column: str | None = None) -> Problem:
    """A finding at its line (for a data file: its spreadsheet row) as a problem."""
    details = {"title": column or "姓名"} if finding.code == "name-not-masked" else {}
    if finding.code == "sensitive-detail":
        details = {"term": finding.term}
    return problem(finding.code, dataset=dataset, file=file, row=finding.line, column=column, **details)


def _resource_problems(resource: Resource, path: Path, root: Path, allowed: frozenset[str]) -> list[Problem]:
    """A data file's findings at their spreadsheet row and column header."""
    display = resource.display_path
    if path.suffix.lower() == ".csv":
        encoding = (resource.encoding or "utf-8").lower()
        if encoding in ("utf-8", "utf-8-sig"):
            findings = privacy.scan_file(path, allowed)  # on the bytes: a clean file is never decoded
        else:
            findings = privacy.scan_text(path.read_bytes().decode(encoding, errors="replace"), allowed)
        if not findings:
            return []
        lines = path.read_bytes().decode(encoding, errors="replace").split("\n")
        header = next(csv.reader(lines[:1]), [])
        return [_problem(f, display, dataset=resource.name, column=_csv_column(lines[f.line - 1], header, allowed))
                for f in findings]
    quick = privacy.scan_file(path, allowed)  # lines of the sheet XML: then find the cells
    if not quick:
        return []
    raw, _ = read_table(resource, root)
    if raw is None:  # unreadable as a table (reported by the check): say which kinds, at row 1
        return [_problem(privacy.Finding(code, 1), display, dataset=resource.name)
                for code in sorted({f.code for f in quick})]
    found = []
    for position, header in enumerate(raw.header):
        values = pa.array(raw.cells.iloc[:, position], type=pa.large_string())
        for index in privacy.candidate_cells(values):
            cell = values[int(index)].as_py() or ""
            found += [_problem(privacy.Finding(code, int(raw.rows[index])), display, dataset=resource.name,
                               column=header)
                      for code in privacy.classify_all(cell, allowed)]
    return found


def _csv_column(line: str, header: list[str], allowed: frozenset[str]) -> str | None:
    """The header of the cell that holds the finding (None if it spans cells)."""
    cells = next(csv.reader([line]), [])
    for position, cell in enumerate(cells):
        if privacy.classify_all(cell, allowed):
            return header[position] if position < len(header) else None
    return None
