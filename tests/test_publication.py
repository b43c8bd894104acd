"""A simulated publication (issue 5 §4), the way staff and CI do it: in a
temporary git clone, through the command line only. Ingest January, release
it, build; ingest February, read `sunshine diff`, release, build; then
correct January. Checks the release archive, index.json, the feed, the
release notes, that January's files stay byte-identical throughout, and
that the correction appears as a new revision with its erratum."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import messy_roster as raw  # noqa: E402  (a fixture module, not a package)

ROOT = Path(__file__).resolve().parents[1]
SUNSHINE = [sys.executable, "-m", "generator.cli"]
ATOM = "{http://www.w3.org/2005/Atom}"
ERRATUM = "1月名册中城关街道一户的保障金额录入多了 10 元，已更正。"

pytestmark = pytest.mark.slow


@dataclass
class Publication:
    clone: Path
    site: Path
    outputs: dict[str, subprocess.CompletedProcess] = field(default_factory=dict)
    january: dict[str, bytes] = field(default_factory=dict)  # site/data/releases/2026-01/* after January's build
    after_february: dict[str, bytes] = field(default_factory=dict)
    january_r1_before_correction: str = ""
    feed_after_february: bytes = b""


def sunshine(clone: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*SUNSHINE, *args], cwd=clone, capture_output=True, text=True)


def git(where: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=民政局", "-c", "user.email=staff@example.invalid", *args],
                   cwd=where, check=True, capture_output=True)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def january_r1(site: Path) -> dict[str, bytes]:
    """January's first release on the site, without the corrections' folders."""
    return {k: v for k, v in snapshot(site / "data" / "releases" / "2026-01").items()
            if not k.startswith("r2/") and k != "index.html"}


def movements(clone: Path, month: str) -> str:
    """新增 2 户，停保 2 户 … as the release notes count the month's change records."""
    path = clone / "datasets" / "changes" / "dibao" / f"{month}.csv"
    kinds = [row["change_type"] for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))]
    labels = {"new": "新增", "stop": "停保", "increase": "增发", "decrease": "减发", "standard_uplift": "提标"}
    return "，".join(f"{label} {kinds.count(kind)} 户" for kind, label in labels.items() if kinds.count(kind))


def visible_text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", page)))


@pytest.fixture(scope="module")
def publication(tmp_path_factory) -> Publication:
    base = tmp_path_factory.mktemp("publication")
    origin = raw.reference_project(ROOT, base / "origin")
    (origin / ".gitignore").write_text("/site/\n/.build/\n/.private/\n", encoding="utf-8")
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "项目")
    git(base, "clone", "-q", str(origin), "clone")
    clone, site = base / "clone", base / "clone" / "site"
    done = Publication(clone, site)
    run = done.outputs

    january = raw.write_january_xlsx(base / "阳光县2026年1月低保名册.xlsx")
    run["ingest-1"] = sunshine(clone, "ingest", str(january), "--program", "dibao", "--month", "2026-01")
    run["release-1"] = sunshine(clone, "release", "--date", "2026-02-05")
    run["build-1"] = sunshine(clone, "build", "--as-of", "2026-02-06")
    done.january = january_r1(site)
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "2026年1月")

    february = raw.write_february_csv(base / "2月低保.csv")
    run["ingest-2"] = sunshine(clone, "ingest", str(february), "--program", "dibao", "--month", "2026-02")
    run["validate-unreleased"] = sunshine(clone, "validate")
    run["diff-2"] = sunshine(clone, "diff")
    run["release-2"] = sunshine(clone, "release", "--date", "2026-03-05")
    run["build-2"] = sunshine(clone, "build", "--as-of", "2026-03-06")
    done.after_february = january_r1(site)
    done.feed_after_february = (site / "feed.xml").read_bytes()
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "2026年2月")

    # A correction of January, found after February was published.
    roster = clone / "datasets" / "dibao" / "2026-01.csv"
    rows = list(csv.reader(io.StringIO(roster.read_text(encoding="utf-8"))))
    rows[1][5] = f"{float(rows[1][5]) - 10:.2f}"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    roster.write_text(out.getvalue(), encoding="utf-8")
    run["validate-stale"] = sunshine(clone, "validate")
    done.january_r1_before_correction = sorted(p.name for p in (clone / "releases" / "2026-01").iterdir()).__repr__()
    run["release-no-erratum"] = sunshine(clone, "release", "--month", "2026-01", "--date", "2026-03-10")
    run["release-correction"] = sunshine(clone, "release", "--month", "2026-01", "--date", "2026-03-10",
                                         "--correction", ERRATUM)
    run["validate-corrected"] = sunshine(clone, "validate")
    run["release-again"] = sunshine(clone, "release", "--month", "2026-01", "--date", "2026-03-11")
    run["build-3"] = sunshine(clone, "build", "--as-of", "2026-03-12")
    return done


def test_every_step_succeeds_as_the_guide_says(publication):
    failed = {step: out.stdout + out.stderr for step, out in publication.outputs.items()
              if out.returncode != 0 and step not in ("validate-unreleased", "validate-stale", "release-no-erratum")}
    assert not failed, failed
    assert "已发布 2026-01 第 1 版：releases/2026-01/" in publication.outputs["release-1"].stdout
    assert "已发布 2026-02 第 1 版" in publication.outputs["release-2"].stdout
    assert "数据没有改变，无需再次发布" in publication.outputs["release-again"].stdout


def test_a_month_not_yet_released_blocks_validation(publication):
    out = publication.outputs["validate-unreleased"]
    assert out.returncode == 1 and "release-missing" in out.stdout and "sunshine release --month 2026-02" in out.stdout


def test_diff_says_what_february_changes(publication):
    out = publication.outputs["diff-2"].stdout
    totals = raw.FEBRUARY_TOTALS
    assert "当前数据（2026年2月）与2026年1月的发布版本（第 1 版，2026-02-05 发布）相比" in out
    assert f"低保：{totals['households']} 户、{totals['persons']} 人，发放 9,560.00 元；比2026年1月户数不变、增加 1 人" in out
    assert "金额增加 580.00 元" in out  # 9,560.00 − 8,980.00
    assert f"低保本月变动：{movements(publication.clone, '2026-02')}。" in out


def test_the_archive_holds_each_release_with_checksums(publication):
    releases = publication.site / "data" / "releases"
    for folder in ("2026-01", "2026-02", "2026-01/r2"):
        files = snapshot(releases / folder)
        assert {"datapackage.json", "SHA256SUMS", "release.json", "caseload_monthly/caseload_monthly.csv",
                "caseload_monthly/caseload_monthly.xlsx", "caseload_monthly/caseload_monthly.parquet"} <= set(files)
        checked = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=releases / folder,
                                 capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
    caseload = snapshot(releases / "2026-02")["caseload_monthly/caseload_monthly.csv"].decode("utf-8-sig")
    assert {row["month"] for row in csv.DictReader(io.StringIO(caseload))} == {"2026-02"}  # the month's rows only


def test_index_json_lists_every_release_with_date_revision_and_checksums(publication):
    releases = publication.site / "data" / "releases"
    index = json.loads((releases / "index.json").read_text(encoding="utf-8"))
    listed = [(r["month"], r["revision"], r["date"]) for r in index["releases"]]
    assert listed == [("2026-01", 1, "2026-02-05"), ("2026-01", 2, "2026-03-10"), ("2026-02", 1, "2026-03-05")]
    for entry in index["releases"]:
        folder = publication.site / entry["path"]
        for name, digest in entry["sha256"].items():
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    assert index["releases"][1]["erratum"] == ERRATUM


def test_january_stays_byte_identical_when_february_and_the_correction_are_published(publication):
    assert len(publication.january) > 20
    assert publication.after_february == publication.january
    assert january_r1(publication.site) == publication.january


def test_release_notes_say_what_changed_with_the_figures(publication):
    page = (publication.site / "data" / "releases" / "2026-02" / "index.html").read_text(encoding="utf-8")
    assert "2026年2月数据发布说明" in page and "与2026年1月的发布相比" in page
    text = visible_text(page)
    assert "低保：8 户、18 人，发放 9,560.00 元" in text, text
    assert f"低保本月变动：{movements(publication.clone, '2026-02')}。" in text
    history = (publication.site / "data" / "releases" / "index.html").read_text(encoding="utf-8")
    assert "2026年2月" in history and "第 2 版（已更正）" in history


def test_the_correction_is_a_new_revision_with_its_erratum(publication):
    outputs = publication.outputs
    stale = outputs["validate-stale"]
    assert stale.returncode == 1 and "release-stale" in stale.stdout and "datasets/dibao/2026-01.csv" in stale.stdout
    refused = outputs["release-no-erratum"]
    assert refused.returncode == 1 and "--correction" in refused.stdout and "没有写入任何文件" in refused.stdout
    assert "更正说明：" + ERRATUM in outputs["release-correction"].stdout
    assert "release-" not in outputs["validate-corrected"].stdout
    record = json.loads((publication.clone / "releases" / "2026-01" / "r2" / "release.json").read_text(encoding="utf-8"))
    assert (record["revision"], record["erratum"]) == (2, ERRATUM)
    assert any("更正前" in line and "8,980.00" in line and "8,970.00" in line for line in record["notes"])
    page = (publication.site / "data" / "releases" / "2026-01" / "index.html").read_text(encoding="utf-8")
    assert ERRATUM in page and "更正（第 2 版" in page and 'href="r2/' in page


def test_the_feed_has_an_entry_per_release_correction_and_policy(publication):
    feed = ET.fromstring((publication.site / "feed.xml").read_bytes())
    entries = {e.findtext(f"{ATOM}title"): e for e in feed.findall(f"{ATOM}entry")}
    assert {"2026年1月数据发布", "2026年2月数据发布", "2026年1月数据更正（第 2 版）"} <= set(entries)
    policies = [t for t in entries if t.startswith("新收录政策文件：")]
    assert len(policies) == len(list((ROOT / "content" / "policies").glob("*.md")))
    correction = entries["2026年1月数据更正（第 2 版）"]
    assert ERRATUM in correction.findtext(f"{ATOM}content")
    assert correction.findtext(f"{ATOM}updated") == "2026-03-10T00:00:00+08:00"
    assert feed.findall(f"{ATOM}entry")[0] is correction  # newest first
    assert feed.findtext(f"{ATOM}updated") == "2026-03-10T00:00:00+08:00"
    before = ET.fromstring(publication.feed_after_february)
    assert len(before.findall(f"{ATOM}entry")) == len(entries) - 1  # the correction only added its own entry
