"""`build()`: the whole story of one publication, on one screen.

check everything (the privacy gate included) → stop if anything blocks
(nothing written) → render pages → write them into the staging docs folder →
MkDocs → the privacy gate again, on every file of the new site → swap it in.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from generator import archive, gate, pages, site
from generator.background import beside
from generator.checking import CheckResult, Progress, check
from generator.context import build_context
from generator.problems import Report
from generator.sections import data


@dataclass(frozen=True)
class BuildOutcome:
    report: Report
    site_dir: Path | None  # None when nothing was published
    counts: dict[str, int]


def build(project: Path, site_dir: Path, *, as_of: dt.date | None = None, strict: bool = False,
          progress: Progress | None = None) -> BuildOutcome:
    say = progress or (lambda _message: None)
    result = check(project, progress=say)
    if not result.report.publishable(strict=strict) or result.package is None:
        return BuildOutcome(result.report, None, result.counts)

    say("生成网页")
    generate_docs(project, result, as_of, progress=say)

    say("运行 MkDocs 生成网站，再检查网站的每个文件里有没有个人信息")
    official = gate.official_phones(result.package, result.tables)
    leaks = site.build(project, site_dir, inspect=lambda staged, shown_as: gate.site_problems(staged, official, shown_as))
    if leaks:
        return BuildOutcome(Report([*result.report, *leaks]), None, result.counts)
    return BuildOutcome(result.report, site_dir, result.counts)


def generate_docs(project: Path, result: CheckResult, as_of: dt.date | None, progress: Progress | None = None) -> None:
    """Render every page of a checked project into the staging docs folder.

    The download files are made in a forked child and written straight into
    the folder while this process renders the pages (a province: a minute
    each, on two cores); the /data/ pages, which state the files' sizes,
    are rendered last, once the child is done.
    """
    context = build_context(result, as_of or dt.date.today())
    docs = project / site.DOCS_DIR
    previous = set_aside(docs)
    docs.mkdir(parents=True)
    context.caseload  # made before the fork: the statistics pages and the downloads share it
    write = FileWriter(docs)
    # Fork first, then start the deleting thread: a child forked while another
    # thread runs could inherit a lock that thread holds.
    with beside(data.publish, context, write) as published, deleting(previous):
        for relative, content in pages.each(context, progress, published):
            write(relative, content)
    shutil.copytree(pages.ASSETS, docs / "assets")
    copy_archive(project, docs)
    write_overrides(project)


def copy_archive(project: Path, docs: Path) -> None:
    """The release archive, byte for byte, under /data/releases/ (its pages are rendered beside it)."""
    folders = [project / archive.RELEASES_DIR / r.folder for r in archive.load(project)]
    for folder in folders:
        target = docs / "data" / "releases" / folder.relative_to(project / archive.RELEASES_DIR)
        for path in archive.release_paths(folder):
            destination = target / path.relative_to(folder)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)


def write_overrides(project: Path) -> None:
    """Material block overrides next to the docs, where mkdocs.yml's custom_dir points."""
    target = project / site.OVERRIDES_DIR
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(pages.OVERRIDES, target)


def set_aside(folder: Path) -> list[Path]:
    """Rename the previous staging folder out of the way (instant) and return
    it with any set aside by a build that was killed, for `deleting`."""
    if folder.exists():
        folder.rename(folder.with_name(f"{folder.name}-old-{os.getpid()}"))
    return sorted(folder.parent.glob(f"{folder.name}-old-*"))


@contextmanager
def deleting(folders: list[Path]) -> Iterator[None]:
    """Delete the folders in a thread while the block runs: a province's
    staging folder is 900 MB in 16,000 files, ten seconds of unlinking."""
    remover = threading.Thread(target=lambda: [shutil.rmtree(folder, ignore_errors=True) for folder in folders])
    remover.start()
    try:
        yield
    finally:
        remover.join()


@dataclass(frozen=True)
class FileWriter:
    """Writes a generated file under `root` (the forked child writes the downloads with it)."""
    root: Path

    def __call__(self, relative: str, content: str | bytes) -> None:
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
