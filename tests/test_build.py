"""`sunshine build` with a real `mkdocs build --strict` on the minimal portal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.pipeline import build
from test_cli import run, tree_digest

pytestmark = pytest.mark.slow


def test_build_writes_a_chinese_site_with_the_policy_library(portal, monkeypatch):
    monkeypatch.chdir(portal.parent)  # `sunshine build portal` from the folder above: relative paths
    outcome = build(Path(portal.name), Path(portal.name) / "site")
    assert outcome.site_dir is not None
    home = (portal / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in home
    assert "阳光县社会救助公开平台" in home and "演示网站" in home
    policy = (portal / "site" / "policies" / "jilin-2007-20" / "index.html").read_text(encoding="utf-8")
    assert "吉市政发〔2007〕20号" in policy and "原页面日期" in policy and "该文件已失效" in policy
    interpretation = (portal / "site" / "policies" / "longyan-2021-qitiao-jiedu" / "index.html").read_text(encoding="utf-8")
    assert "解读的文件" in interpretation and "../longyan-qitiao/" in interpretation
    library = (portal / "site" / "policies" / "index.html").read_text(encoding="utf-8")
    for facet in ("by-year", "by-issuer", "by-status"):  # filters without JavaScript
        assert f'id="{facet}"' in library and f'href="#{facet}"' in library
    assert "未标注</strong>（7 份）" in library
    codes = (portal / "site" / "help" / "problem-codes" / "index.html").read_text(encoding="utf-8")
    assert "amount-over-standard" in codes
    assert "fonts.googleapis.com" not in home
    # A web server running as another user must be able to read the site (mkdtemp makes folders 0700).
    assert (portal / "site").stat().st_mode & 0o005 == 0o005


def test_pages_and_search_index_stay_within_budget_and_hold_no_roster_names(portal):
    import csv

    build(portal, portal / "site", as_of=dt.date(2025, 12, 20))
    site = portal / "site"
    oversized = [p for p in site.rglob("*.html") if p.stat().st_size > 300_000]
    assert not oversized, oversized
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert len(index.encode("utf-8")) <= 2_000_000
    names = set()
    for program in ("dibao", "tekun", "linshi"):
        for path in (portal / "datasets" / program).glob("*.csv"):
            with path.open(encoding="utf-8") as handle:
                names |= {row["name_masked"] for row in csv.DictReader(handle)}
    names -= {"张某", "欧阳某"}  # the mask format's own examples in the data dictionary
    assert names and not [n for n in names if n in index]
    assert "/publicity/" not in index


def test_blocked_build_leaves_the_previous_site_byte_identical(defective_portal):
    site = defective_portal / "site"
    site.mkdir()
    (site / "index.html").write_text("上一次发布的网站", encoding="utf-8")
    before = tree_digest(site)
    done = run("build", str(defective_portal))
    assert done.returncode == 1
    assert "没有生成网站；原有网站保持不变。" in done.stderr
    assert tree_digest(site) == before


def test_rebuild_replaces_the_site_completely(portal):
    site = portal / "site"
    build(portal, site)
    (site / "stale.html").write_text("旧文件", encoding="utf-8")
    build(portal, site)
    assert not (site / "stale.html").exists()
    assert not [p for p in portal.iterdir() if p.name.startswith(".site-new-")], "staging folder left behind"
