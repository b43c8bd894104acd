"""RELEASE: `sunshine release` (publish a month, or a correction of it, into
the archive described in `generator.archive`) and `sunshine diff`.

A release holds, of each published dataset, the rows of its month
(caseload, changes, disbursement, budget execution, notices), the year's
funds issued by the month's end, and the reference tables (standards,
areas, service points, staffing, policies) as they stood.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator import downloads, release_facts
from generator.archive import (RELEASE_FILE, RELEASES_DIR, SUMS_FILE, Release, data_months, inputs,
                               latest_revisions, load)
from generator.checking import CheckResult, Progress, check
from generator.context import SiteContext, build_context
from generator.problems import Problem, Report, problem

# dataset -> how its rows are cut to one month (not listed: the whole table as it stands).
MONTH_COLUMN = {"caseload_monthly": "month", "changes_monthly": "month", "fund_disbursement_monthly": "month",
                "notices": "month", "fund_budget_execution": "period_end"}
YEAR_FUNDS = {"fund_allocations": "date_issued", "fund_transfers": "date"}


# --- cutting a release ---------------------------------------------------------------


@dataclass(frozen=True)
class CutOutcome:
    problems: list[Problem]
    release: Release | None = None  # the release written, or the existing one when nothing changed
    written: bool = False

    @property
    def ok(self) -> bool:
        return self.release is not None


def cut(root: Path, month: str | None, *, date: dt.date, correction: str | None = None,
        progress: Progress | None = None) -> CutOutcome:
    """Publish `month` (default: the latest month of data) as a release, or a
    correction of it. Checks everything first (as `validate`); writes
    nothing unless all is well, and then the whole folder at once."""
    result = check(root, progress=progress)
    if result.package is None:
        return CutOutcome(list(result.report))
    months = data_months(result.package)
    month = month or (months[-1] if months else None)
    if month not in months:
        return CutOutcome([problem("release-month-unknown", month=month or "（无）")])
    blocking = [p for p in result.report if not _excused(p, month, correction is not None)]
    if not Report(blocking).publishable(strict=False):
        return CutOutcome(blocking)
    return publish(result, month, date=date, correction=correction)


def cut_history(root: Path, dates: dict[str, dt.date], progress: Progress | None = None) -> list[CutOutcome]:
    """Publish a project's past months in order, with one check (the demo's
    history; a project that starts using releases with months behind it)."""
    result = check(root, progress=progress)
    if result.package is None or not result.report.publishable(strict=False):
        return [CutOutcome(list(result.report))]
    return [publish(result, month, date=dates[month]) for month in sorted(dates)]


def publish(result: CheckResult, month: str, *, date: dt.date, correction: str | None = None) -> CutOutcome:
    """Write the release of `month` from a checked project (see `cut`)."""
    package = result.package
    assert package is not None
    released = latest_revisions(load(package.root))
    existing = released.get(month)
    current = inputs(package, month)
    if existing and existing.inputs == current:
        return CutOutcome(list(result.report), existing, written=False)
    if correction and not existing:
        return CutOutcome([problem("release-correction-unneeded", month=month)])
    ctx = build_context(result, date)
    facts = release_facts.month_facts(ctx, month)
    if existing:
        before, compared = existing.facts, existing.month
        notes = release_facts.changes(before, facts, correction=True)
    else:
        previous = [release for earlier, release in released.items() if earlier < month]
        before = previous[-1].facts if previous else None
        compared = previous[-1].month if previous else None
        notes = release_facts.changes(before, facts)
    release = Release(month, existing.revision + 1 if existing else 1, date.isoformat(), correction,
                      current, facts, tuple(notes), compared)
    _write(package.root, release, release_files(ctx, release))
    return CutOutcome(list(result.report), release, written=True)


def _excused(item: Problem, month: str, correcting: bool) -> bool:
    """What the release being made mends itself, and later months not yet due."""
    parts = (item.file or "").split("/")
    if parts[0] != RELEASES_DIR or len(parts) < 2:
        return False
    if item.code == "release-missing":
        return parts[1] >= month
    return item.code == "release-stale" and correcting and parts[1] == month


def release_files(ctx: SiteContext, release: Release) -> Iterator[tuple[str, bytes]]:
    """The release's download files, datapackage.json and release.json (paths relative to its folder)."""
    datasets = [month_slice(d, release.month) for d in downloads.published_datasets(ctx)]
    label = release_facts.month_label(release.month)
    name = ctx.package.descriptor.get("name", "sunshine")
    about = {
        "name": f"{name}-release-{release.month}-r{release.revision}",
        "title": f"{ctx.package.descriptor.get('title', '')}（{label}发布，第 {release.revision} 版）",
        "description": (f"{label}发布的数据：各统计表中{label}的行，当年截至月底下达的资金，以及发布时的救助标准、"
                        "区划、服务窗口、协管员配备和政策文件目录。发布后内容不再改变。"
                        + (f"本版是更正：{release.erratum}" if release.erratum else "")),
        "version": f"{release.month}-r{release.revision}",
        "created": f"{release.date}T00:00:00+08:00",
    }
    for path, content in downloads.files(datasets, ctx.package.descriptor, about=about):
        relative = path.removeprefix("data/")
        if relative != SUMS_FILE:  # made again below, with release.json in it
            yield relative, content
    yield RELEASE_FILE, (json.dumps(release.as_json(), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def month_slice(dataset: downloads.Dataset, month: str) -> downloads.Dataset:
    frame = dataset.frame
    if dataset.name in MONTH_COLUMN:
        keep = frame[MONTH_COLUMN[dataset.name]].map(lambda v: isinstance(v, str) and v[:7] == month)
    elif dataset.name in YEAR_FUNDS:
        end = release_facts.month_end(month).isoformat()
        keep = (frame["fiscal_year"] == int(month[:4])) & frame[YEAR_FUNDS[dataset.name]].map(lambda v: v <= end)
    else:
        return dataset
    sliced = frame[keep.astype(bool)].reset_index(drop=True)
    return downloads.Dataset(dataset.name, dataset.title, dataset.schema, sliced, (month,))


def _write(root: Path, release: Release, files: Iterator[tuple[str, bytes]]) -> None:
    """Into a hidden staging folder, then renamed into place in one step."""
    archive = root / RELEASES_DIR
    archive.mkdir(exist_ok=True)
    staging = archive / f".staging-{release.month}-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        digests = {}
        for relative, content in files:
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            digests[relative] = hashlib.sha256(content).hexdigest()
        (staging / SUMS_FILE).write_text("".join(f"{digests[p]}  {p}\n" for p in sorted(digests)), encoding="utf-8")
        target = archive / release.folder
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staging, target)  # fails, writing nothing, if the folder exists
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# --- what changed since a release (sunshine diff) ------------------------------------


@dataclass(frozen=True)
class Comparison:
    heading: str
    lines: list[str]
    pending: list[str]  # released months whose data changed since


def compare(result: CheckResult, since: str | None) -> Comparison | Problem:
    """The latest month of data against the release before it (or the release
    or month `since`), in the same words as a release's notes."""
    package = result.package
    assert package is not None
    months = data_months(package)
    if not months:
        return problem("release-month-unknown", month="（无）")
    ctx = build_context(result, dt.date.today())
    latest = months[-1]
    released = latest_revisions(load(package.root))
    after = release_facts.month_facts(ctx, latest)
    if since is None:
        earlier = [m for m in released if m < latest]
        since = earlier[-1] if earlier else (months[-2] if len(months) > 1 else None)
    if since is not None and since not in released and since not in months:
        return problem("release-month-unknown", month=since)
    if since is None:
        before, heading = None, f"当前数据（{release_facts.month_label(latest)}）是第一次发布："
    elif since in released:
        release = released[since]
        before = release.facts
        heading = (f"当前数据（{release_facts.month_label(latest)}）与{release_facts.month_label(since)}的发布版本"
                   f"（第 {release.revision} 版，{release.date} 发布）相比：")
    else:
        before = release_facts.month_facts(ctx, since)
        heading = f"当前数据（{release_facts.month_label(latest)}）与{release_facts.month_label(since)}的数据相比（该月没有发布版本）："
    between = [m for m in months if since is not None and since < m <= latest]
    if len(between) > 1:
        period = f"{release_facts.month_label(between[0])}至{release_facts.month_label(between[-1])}"
        after = {**after, "movements": _movements_between(ctx, between), "movements_period": period}
    lines = release_facts.changes(before, after) if since != latest else release_facts.changes(before, after, correction=True)
    pending = [p.file.split("/")[1] for p in result.report if p.code == "release-stale" and p.file]  # hashed by the check
    return Comparison(heading, lines, pending)


def _movements_between(ctx: SiteContext, months: list[str]) -> dict:
    total: dict[str, dict[str, int]] = {}
    for month in months:
        for program, counts in release_facts.month_facts(ctx, month)["movements"].items():
            mine = total.setdefault(program, dict.fromkeys(counts, 0))
            for kind, count in counts.items():
                mine[kind] += count
    return total


