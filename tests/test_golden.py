"""Golden files for what we generate: the Markdown pages and standalone HTML
pages of the minimal portal, its CSV and JSON downloads, and the JSON
validation report of its defective twin.

Refresh after an intended change with `make golden`, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import datetime as dt

from generator import pages, reporting
from generator.checking import check
from generator.context import build_context

from conftest import release_history

AS_OF = dt.date(2025, 12, 20)  # notices of December 2025 are live on this day

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("SUNSHINE_UPDATE_GOLDEN") == "1"


def golden_part(generated: dict[str, str | bytes]) -> dict[str, str]:
    """Markdown pages, standalone HTML pages, the feed and the CSV and JSON
    downloads under data/ (and a release archive's, under archive/), as text."""
    kept = {}
    for relative, content in generated.items():
        is_download = relative.startswith(("data/", "archive/")) and relative.endswith((".csv", ".json"))
        if relative.endswith((".md", ".html")) or is_download or relative == "feed.xml":
            kept[relative] = content.decode("utf-8") if isinstance(content, bytes) else content
    return kept


def _golden_files(expected_dir: Path) -> list[Path]:
    return [p for pattern in ("*.md", "*.html", "data/**/*.csv", "data/**/*.json", "archive/**/*.csv", "archive/**/*.json", "feed.xml") for p in expected_dir.glob(pattern if "/" in pattern else f"**/{pattern}")]


def compare_tree(expected_dir: Path, generated: dict[str, str | bytes]) -> None:
    actual = golden_part(generated)
    if UPDATE:
        for old in _golden_files(expected_dir):
            old.unlink()
        for relative, text in actual.items():
            target = expected_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
    expected = {p.relative_to(expected_dir).as_posix(): p.read_bytes().decode("utf-8") for p in _golden_files(expected_dir)}
    assert sorted(actual) == sorted(expected), "pages added or removed: run `make golden` and review"
    for relative in actual:
        assert actual[relative] == expected[relative], f"{relative} differs from the golden file: run `make golden` and review"


def compare_file(expected: Path, actual: str) -> None:
    if UPDATE:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8"), f"{expected.name} differs: run `make golden` and review"


def test_generated_pages_match_golden(portal):
    result = check(portal)
    assert result.report.publishable()
    compare_tree(GOLDEN / "pages", pages.render(build_context(result, AS_OF)))


def test_validation_report_matches_golden(defective_portal):
    result = check(defective_portal)
    compare_file(GOLDEN / "report_defects.json", reporting.to_json(result.report, strict=False, checked=result.counts) + "\n")


def test_release_archive_and_pages_match_golden(portal):
    """The release notes, the history page, index.json, the feed and the
    archive's CSV and JSON files (release.json included)."""
    release_history(portal)
    result = check(portal)
    assert result.report.publishable(), [p.code for p in result.report]
    generated = pages.render(build_context(result, AS_OF))
    made = {path: content for path, content in generated.items() if path.startswith("data/releases/") or path == "feed.xml"}
    archive = {f"archive/2025-01/{p.relative_to(portal / 'releases' / '2025-01').as_posix()}": p.read_bytes()  # January and its correction
               for p in sorted((portal / "releases" / "2025-01").rglob("*")) if p.suffix in (".csv", ".json")}
    compare_tree(GOLDEN / "releases", {**made, **archive})
