"""Shared fixtures: a small but complete portal (tests/fixtures/portal_minimal,
generated once with the demo generator's `tiny` scale) copied into a temp dir,
and a version of it with one planted defect of each kind."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path

import pytest

from generator import releases

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "portal_minimal"

# Values planted as defects; none of them may appear in any report.
PLANTED_NAME = "蔡德明"
PLANTED_AMOUNT = "9876.54"


def copy_portal(target: Path) -> Path:
    shutil.copytree(MINIMAL, target)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def tree_digest(root: Path) -> str:
    """One hash of a folder's names and bytes: "nothing was written" in one comparison."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(str(path.relative_to(root)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def replace_in(path: Path, old: str, new: str, *, encoding: str = "utf-8") -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding=encoding)


def plant_defects(portal: Path) -> Path:
    """One defect of many kinds; golden report: tests/golden/report_defects.json."""
    data = portal / "datasets"
    roster = data / "dibao" / "2025-03.csv"
    # row 2: an unmasked name (wrong-format); row 3: an amount far above 830 × 2 (amount-over-standard)
    replace_in(roster, "蔡某,2,1072.00", f"{PLANTED_NAME},2,1072.00")
    replace_in(roster, "林某,2,520.00", f"林某,2,{PLANTED_AMOUNT}")
    # a notice of 3 days, and one with an unregistered objection phone
    replace_in(data / "notices" / "2025-03.csv", "2025-03-02,2025-03-08,0999-5551000", "2025-03-02,2025-03-04,0999-5551000")
    replace_in(data / "notices" / "2025-03.csv", "2025-03-17,2025-03-26,0999-5550001", "2025-03-17,2025-03-26,0999-5559999")
    # staffing: 50,000 people need 3 aides, not 2
    replace_in(data / "staffing.csv", "990103001,2025-06-30,50000,3,3", "990103001,2025-06-30,50000,2,3")
    # a disbursement row that no longer matches its roster
    replace_in(data / "funds" / "disbursement" / "2025-03.csv", "17,37,15427.13", "17,38,15427.13")
    # a GB18030 file declared as UTF-8
    linshi = data / "linshi" / "2025-03.csv"
    linshi.write_bytes(linshi.read_text(encoding="utf-8").encode("gb18030"))
    return portal


def release_history(portal: Path) -> Path:
    """The minimal portal with its twelve months published (on the 5th of the
    next month) and a correction of January (an objection address fixed)."""
    outcomes = releases.cut_history(portal, {f"2025-{m:02d}": dt.date(2025 + (m == 12), m % 12 + 1, 5) for m in range(1, 13)})
    assert all(o.written for o in outcomes), [o.problems for o in outcomes]
    notices = portal / "datasets" / "notices" / "2025-01.csv"
    notices.write_text(notices.read_text(encoding="utf-8").replace("二楼社会救助窗口", "二楼 3 号社会救助窗口", 1), encoding="utf-8")
    corrected = releases.cut(portal, "2025-01", date=dt.date(2026, 1, 20), correction="1月公示的异议受理地址漏写了窗口号，已补上。")
    assert corrected.written, corrected.problems
    return portal


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    return copy_portal(tmp_path / "portal")


@pytest.fixture
def defective_portal(tmp_path: Path) -> Path:
    return plant_defects(copy_portal(tmp_path / "portal"))
