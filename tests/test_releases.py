"""The release archive on its own: what validate says about a damaged or
stale archive, what `sunshine release` refuses, what a release holds, and
that a build with a damaged archive leaves the previous site as it was.
(The whole monthly flow, through the command line: tests/test_publication.py.)"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import archive, releases
from generator.checking import check
from generator.pipeline import build

from conftest import copy_portal, replace_in

SUNSHINE = [sys.executable, "-m", "generator.cli"]


def dates(*months: int) -> dict[str, dt.date]:
    return {f"2025-{m:02d}": dt.date(2025 + (m == 12), m % 12 + 1, 5) for m in months}


@pytest.fixture(scope="module")
def released_once(tmp_path_factory) -> Path:
    portal = copy_portal(tmp_path_factory.mktemp("released") / "portal")
    outcomes = releases.cut_history(portal, dates(*range(1, 13)))
    assert all(o.written for o in outcomes)
    return portal


@pytest.fixture
def released(released_once: Path, tmp_path: Path) -> Path:
    """The minimal portal with its twelve months released (a copy per test)."""
    return shutil.copytree(released_once, tmp_path / "released")


def codes(root: Path) -> list[tuple[str, str | None]]:
    return sorted((p.code, p.file) for p in check(root).report if p.code.startswith("release-"))


def test_a_project_without_releases_is_not_asked_for_them(portal):
    assert codes(portal) == []


def test_a_released_project_validates_clean(released):
    assert codes(released) == []
    assert [r.month for r in archive.load(released)] == [f"2025-{m:02d}" for m in range(1, 13)]


def test_changed_deleted_or_added_files_in_a_release_are_damage(released):
    march = released / "releases" / "2025-03"
    (march / "standards" / "standards.csv").write_bytes(b"changed\n")
    (march / "notices" / "notices.json").unlink()
    (march / "notes.txt").write_text("x", encoding="utf-8")
    assert codes(released) == [("release-damaged", "releases/2025-03/notes.txt"),
                               ("release-damaged", "releases/2025-03/notices/notices.json"),
                               ("release-damaged", "releases/2025-03/standards/standards.csv")]


def test_an_input_changed_after_its_release_is_stale_until_corrected(released):
    notices = released / "datasets" / "notices" / "2025-02.csv"
    notices.write_text(notices.read_text(encoding="utf-8").replace("二楼", "三楼", 1), encoding="utf-8")
    [(code, file)] = codes(released)
    assert (code, file) == ("release-stale", "releases/2025-02")
    [stale] = [p for p in check(released).report if p.code == "release-stale"]
    assert "datasets/notices/2025-02.csv" in stale.message and "第 2 版" in stale.message
    outcome = releases.cut(released, "2025-02", date=dt.date(2026, 2, 1), correction="异议受理地址楼层有误，已更正。")
    assert outcome.written and outcome.release.folder == "2025-02/r2"
    assert codes(released) == []


def test_a_month_of_data_without_a_release_blocks_until_released(portal):
    releases.cut_history(portal, dates(1, 2))
    missing = codes(portal)
    assert missing == [("release-missing", f"releases/2025-{m:02d}") for m in range(3, 13)]
    skipped = releases.cut(portal, "2025-04", date=dt.date(2025, 5, 5))  # March first
    assert not skipped.ok and [p.file for p in skipped.problems if p.code == "release-missing"] == ["releases/2025-03"]
    assert not (portal / "releases" / "2025-04").exists()
    assert releases.cut(portal, "2025-03", date=dt.date(2025, 4, 5)).written


def test_release_refuses_bad_data_and_writes_nothing(portal):
    replace_in(portal / "datasets" / "dibao" / "2025-03.csv", "蔡某,2,1072.00", "蔡德明,2,1072.00")
    outcome = releases.cut(portal, "2025-01", date=dt.date(2025, 2, 5))
    assert not outcome.ok and "name-not-masked" in {p.code for p in outcome.problems}
    assert not (portal / "releases").exists() or not any((portal / "releases").iterdir())


def test_release_refuses_unknown_months_and_needless_corrections(released):
    unknown = releases.cut(released, "2024-12", date=dt.date(2025, 1, 5))
    assert [p.code for p in unknown.problems] == ["release-month-unknown"]
    same = releases.cut(released, "2025-05", date=dt.date(2026, 1, 1), correction="没有改动")
    assert same.ok and not same.written  # nothing changed: nothing to correct, nothing written
    fresh = shutil.copytree(released, released.parent / "fresh", ignore=shutil.ignore_patterns("releases"))
    releases.cut_history(fresh, dates(1))
    needless = releases.cut(fresh, "2025-02", date=dt.date(2025, 3, 5), correction="x")
    assert [p.code for p in needless.problems] == ["release-correction-unneeded"]


def test_a_release_holds_its_month_and_the_funds_issued_by_then(released):
    folder = released / "releases" / "2025-03"

    def rows(name: str) -> list[dict]:
        text = (folder / name / f"{name}.csv").read_text(encoding="utf-8-sig")
        return list(csv.DictReader(io.StringIO(text)))

    assert {r["month"] for r in rows("caseload_monthly")} == {"2025-03"}
    assert {r["month"] for r in rows("fund_disbursement_monthly")} == {"2025-03"}
    assert {r["period_end"][:7] for r in rows("fund_budget_execution")} == {"2025-03"}
    issued = [r["date_issued"] for r in rows("fund_allocations")]
    assert issued and max(issued) <= "2025-03-31"
    every = check(released).package
    assert len(rows("standards")) == sum(1 for _ in csv.reader(
        io.StringIO((released / "datasets" / "standards.csv").read_text(encoding="utf-8")))) - 1
    assert every is not None


def test_diff_since_a_month_sums_the_movements_between(released):
    done = subprocess.run([*SUNSHINE, "diff", "--since", "2025-10", str(released)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "与2025年10月的发布版本（第 1 版，2025-11-05 发布）相比" in done.stdout
    changes = [row for month in ("2025-11", "2025-12") for row in csv.DictReader(io.StringIO(
        (released / "datasets" / "changes" / "dibao" / f"{month}.csv").read_text(encoding="utf-8")))]
    counts = [(label, sum(row["change_type"] == kind for row in changes)) for kind, label in
              (("new", "新增"), ("stop", "停保"), ("increase", "增发"), ("decrease", "减发"), ("standard_uplift", "提标"))]
    summed = "，".join(f"{label} {count} 户" for label, count in counts if count)
    assert f"低保2025年11月至2025年12月变动：{summed}。" in done.stdout
    bad = subprocess.run([*SUNSHINE, "diff", "--since", "2025-13", str(released)], capture_output=True, text=True)
    assert bad.returncode == 2 and "YYYY-MM" in bad.stderr


@pytest.mark.slow
def test_a_build_with_a_damaged_archive_leaves_the_previous_site(released, tmp_path):
    site = tmp_path / "site"
    first = build(released, site, as_of=dt.date(2025, 12, 20))
    assert first.site_dir is not None
    before = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert "data/releases/2025-01/caseload_monthly/caseload_monthly.csv" in before
    (released / "releases" / "2025-01" / "SHA256SUMS").write_text("", encoding="utf-8")
    second = build(released, site, as_of=dt.date(2025, 12, 20))
    assert second.site_dir is None and "release-damaged" in {p.code for p in second.report}
    after = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
