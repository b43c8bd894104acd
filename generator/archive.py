"""ARCHIVE: every month is published once and kept for good.

A release is the month's open data as the portal published it, frozen in the
project's `releases/` folder and committed with the data (CI builds from a
clean checkout, so the archive has to live in the repository):

    releases/2026-01/              January as first published (revision 1)
        caseload_monthly/caseload_monthly.csv .xlsx .json .parquet  …
        datapackage.json  release.json  SHA256SUMS
    releases/2026-01/r2/           a correction of January: the same kinds of
                                   files, and release.json says what was wrong

The site copies the folder as it is to /data/releases/, so a release's URLs
and bytes never change when later months or corrections are published.
`sunshine validate` checks the archive: files that no longer match their
SHA256SUMS (`release-damaged`), a published month whose input files changed
without a correction (`release-stale`), and a month of data with no release
(`release-missing`): all three block publishing.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.catalog import Package
from generator.layout import ROSTER_FAMILIES
from generator.problems import Problem, problem

RELEASES_DIR = "releases"
RELEASE_FILE = "release.json"
SUMS_FILE = "SHA256SUMS"
REVISION_DIR = re.compile(r"r([2-9]|[1-9][0-9]+)")
MONTH_DIR = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class Release:
    month: str
    revision: int
    date: str  # YYYY-MM-DD, the day it was published
    erratum: str | None  # what a correction corrects; None for revision 1
    inputs: dict[str, str] = field(repr=False)  # input file (project-relative) -> sha256, at publication
    facts: dict = field(repr=False)  # release_facts.month_facts, as published
    notes: tuple[str, ...] = ()  # what changed, in Chinese, as published
    compared_with: str | None = None  # the month the notes compare with

    @property
    def folder(self) -> str:
        """Relative to releases/ (and to /data/releases/ on the site)."""
        return self.month if self.revision == 1 else f"{self.month}/r{self.revision}"

    def as_json(self) -> dict:
        return {"month": self.month, "revision": self.revision, "date": self.date, "erratum": self.erratum,
                "compared_with": self.compared_with, "notes": list(self.notes), "inputs": self.inputs,
                "facts": self.facts}


def load(root: Path) -> list[Release]:
    """Every release in the archive, by month and revision (unreadable ones left out: see `archive_problems`)."""
    found = []
    for folder in _release_folders(root):
        try:
            data = json.loads((folder / RELEASE_FILE).read_text(encoding="utf-8"))
            found.append(Release(data["month"], int(data["revision"]), data["date"], data.get("erratum"),
                                 data["inputs"], data["facts"], tuple(data.get("notes", ())), data.get("compared_with")))
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return sorted(found, key=lambda r: (r.month, r.revision))


def latest_revisions(releases: list[Release]) -> dict[str, Release]:
    latest: dict[str, Release] = {}
    for release in releases:
        latest[release.month] = release  # sorted: the last one wins
    return latest


def data_months(package: Package) -> list[str]:
    return sorted({month for family in ROSTER_FAMILIES for month in package.periods(family)})


def inputs(package: Package, month: str) -> dict[str, str]:
    """The month's own input files (rosters, changes, notices, monthly funds) and their sha256."""
    found = {}
    for resource in sorted(package.resources, key=lambda r: r.path):
        if resource.period == month:
            path = package.datasets_dir / resource.path
            if path.is_file():
                found[resource.display_path] = _sha256_file(path)
    return found


# --- checks --------------------------------------------------------------------------


def archive_problems(root: Path, package: Package) -> list[Problem]:
    """What is wrong with the archive; nothing when the project has none."""
    if not (root / RELEASES_DIR).is_dir():
        return []
    problems: list[Problem] = []
    for folder in _release_folders(root):
        problems += _damage(root, folder)
    releases = load(root)
    latest = latest_revisions(releases)
    for month, release in latest.items():
        now = inputs(package, month)
        changed = sorted({*now, *release.inputs} - {k for k in now if now[k] == release.inputs.get(k)})
        if changed:
            problems.append(problem("release-stale", file=f"{RELEASES_DIR}/{release.folder}", month=month,
                                    files="、".join(changed), revision=release.revision + 1))
    if latest:
        first = min(latest)
        for month in data_months(package):
            if month > first and month not in latest:
                problems.append(problem("release-missing", file=f"{RELEASES_DIR}/{month}", month=month))
    return problems


def _damage(root: Path, folder: Path) -> list[Problem]:
    shown = folder.relative_to(root).as_posix()
    sums = folder / SUMS_FILE
    if not sums.is_file() or not (folder / RELEASE_FILE).is_file():
        return [problem("release-damaged", file=shown, reason=f"缺少 {SUMS_FILE} 或 {RELEASE_FILE}")]
    listed = _sums(folder)
    present = {path.relative_to(folder).as_posix() for path in release_paths(folder)} - {SUMS_FILE}
    problems = []
    for name in sorted(present | set(listed)):
        path = folder / name
        if name not in listed:
            reason = "多出了一个 SHA256SUMS 中没有的文件"
        elif name not in present:
            reason = "文件被删除了"
        elif _sha256_file(path) != listed[name]:
            reason = "文件内容被改动了"
        else:
            continue
        problems.append(problem("release-damaged", file=f"{shown}/{name}", reason=reason))
    return problems


def listed_files(root: Path, release: Release) -> list[tuple[str, str, int]]:
    """(file relative to the release folder, sha256, bytes) of a release, as its SHA256SUMS lists them."""
    folder = root / RELEASES_DIR / release.folder
    return [(name, digest, (folder / name).stat().st_size) for name, digest in _sums(folder).items()]


def _sums(folder: Path) -> dict[str, str]:
    """file -> sha256, as the folder's SHA256SUMS lists them (`sha256sum` format)."""
    listed = {}
    for line in (folder / SUMS_FILE).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    return listed


# --- files ---------------------------------------------------------------------------


def _release_folders(root: Path) -> list[Path]:
    archive = root / RELEASES_DIR
    if not archive.is_dir():
        return []
    folders = []
    for month in sorted(p for p in archive.iterdir() if p.is_dir() and MONTH_DIR.fullmatch(p.name)):
        folders.append(month)
        folders += sorted((p for p in month.iterdir() if p.is_dir() and REVISION_DIR.fullmatch(p.name)),
                          key=lambda p: int(p.name[1:]))
    return folders


def release_paths(folder: Path) -> list[Path]:
    """The files of one release: its folder without the corrections' subfolders."""
    out = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not REVISION_DIR.fullmatch(relative.parts[0]):
            out.append(path)
    return out


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()
