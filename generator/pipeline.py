"""`build()`: the whole story of one publication, on one screen.

check everything → stop if anything blocks (nothing written) → render pages →
write them into the staging docs folder → MkDocs → swap the new site in.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator import pages, site
from generator.checking import CheckResult, Progress, check
from generator.context import build_context
from generator.problems import Report


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

    say("运行 MkDocs 生成网站")
    site.build(project, site_dir)
    return BuildOutcome(result.report, site_dir, result.counts)


def generate_docs(project: Path, result: CheckResult, as_of: dt.date | None, progress: Progress | None = None) -> None:
    """Render every page of a checked project into the staging docs folder."""
    context = build_context(result, as_of or dt.date.today())
    write_docs(project / site.DOCS_DIR, pages.render(context, progress), assets=pages.ASSETS)
    write_overrides(project)


def write_overrides(project: Path) -> None:
    """Material block overrides next to the docs, where mkdocs.yml's custom_dir points."""
    target = project / site.OVERRIDES_DIR
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(pages.OVERRIDES, target)


def write_docs(docs: Path, generated: dict[str, str | bytes], *, assets: Path) -> None:
    """Replace the staging docs folder with exactly the generated pages."""
    if docs.exists():
        shutil.rmtree(docs)
    for relative, content in sorted(generated.items()):
        target = docs / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    shutil.copytree(assets, docs / "assets")
