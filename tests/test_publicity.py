"""公示公告: masked names only while a notice is live, never with `off`,
never indexed, escaped, and left out of the sitemap."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import pandas as pd
import pytest

from generator import pages, pipeline, site
from generator.checking import check
from generator.context import build_context

LIVE = dt.date(2025, 12, 20)  # inside the December 2025 notices of the fixture
AFTER = dt.date(2026, 2, 1)  # every notice has ended, retention 0
MASKED_CELL = re.compile(r"<td>[\u4e00-\u9fff]{1,2}某</td>")
CONFIRMED = "publicity/2025-12/dibao-2025-12-990103001-confirmed/index.html"
AREA = "publicity/2025-12/990103001/index.html"
ROBOTS = '<meta name="robots" content="noindex, nofollow">'


def render(portal: Path, as_of: dt.date) -> dict[str, str]:
    result = check(portal)
    assert result.report.publishable()
    return {path: text for path, text in pages.render(build_context(result, as_of)).items() if isinstance(text, str)}


def roster_names(portal: Path, township: str) -> set[str]:
    frame = pd.read_csv(portal / "datasets" / "dibao" / "2025-12.csv", dtype=str)
    return set(frame[frame["village_code"].str.startswith(township)]["name_masked"])


def test_live_notice_shows_the_masked_list_of_its_township(portal):
    generated = render(portal, LIVE)
    page = generated[CONFIRMED]
    names = roster_names(portal, "990103001")
    assert names and all(f"<td>{name}</td>" in page for name in names)
    assert "<table>" in page and ROBOTS in page
    assert "异议电话" in page and 'href="tel:09995550001"' in page
    assert 'href="../../../assets/publicity.css"' in page  # which prints it as an A4 notice
    assert "@page { size: A4; margin: 15mm; }" in (pages.ASSETS / "publicity.css").read_text(encoding="utf-8")
    # the township's page of the month and the home page link to it
    assert 'href="../dibao-2025-12-990103001-confirmed/index.html"' in generated[AREA]
    assert "(publicity/2025-12/dibao-2025-12-990103001-confirmed/index.html)" in generated["index.md"]


def test_month_page_lists_each_township_once_and_links_its_page(portal):
    month = render(portal, LIVE)["publicity/2025-12/index.md"]
    areas = pd.read_csv(portal / "datasets" / "areas.csv", dtype=str)
    townships = areas[areas["level"] == "township"]
    for code, name in zip(townships["code"], townships["name"]):
        assert month.count(f'<a href="{code}/index.html">{name}</a>') == 1, name
    assert "某</td>" not in month  # names only on notice pages


def test_masked_names_appear_only_on_live_notice_pages(portal):
    generated = render(portal, LIVE)
    with_names = {path for path, text in generated.items() if MASKED_CELL.search(text)}
    assert CONFIRMED in with_names
    notice_page = re.compile(r"publicity/2025-12/[a-z]+-2025-12-\d{9}-[a-z]+/index\.html")
    assert all(notice_page.fullmatch(path) for path in with_names), sorted(with_names)


def test_after_retention_no_name_is_left_and_the_withdrawal_is_explained(portal):
    generated = render(portal, AFTER)
    assert not [path for path, text in generated.items() if MASKED_CELL.search(text)]
    assert CONFIRMED not in generated
    area = generated[AREA]
    assert "名单已于2025年12月25日按保留期规定撤下" in area
    assert "<td>17</td><td>40</td><td>17,325.13</td>" in area  # the aggregates stay
    assert "../dibao-2025-12-990103001-confirmed/index.html" not in area
    assert "现在没有正在公示的名单" in generated["index.md"]


def test_retention_days_keep_the_list_online_longer(portal):
    (portal / "content" / "site.yml").write_text("notice_retention_days: 10\nnamed_lists_online: masked\n", encoding="utf-8")
    generated = render(portal, dt.date(2026, 1, 2))
    assert CONFIRMED in generated and MASKED_CELL.search(generated[CONFIRMED])
    assert "2026年1月3日" in generated[CONFIRMED]  # last day online: 12-24 + 10 days


def test_off_never_shows_names(portal):
    (portal / "content" / "site.yml").write_text("named_lists_online: off\n", encoding="utf-8")
    generated = render(portal, LIVE)
    assert not [path for path, text in generated.items() if MASKED_CELL.search(text)]
    for name in roster_names(portal, "990103"):
        assert not any(name in text for path, text in generated.items() if path.startswith("publicity/"))
    assert "名单在村（社区）公示栏公布" in generated[CONFIRMED]
    assert "<strong>合计</strong>：17 户，40 人" in generated[CONFIRMED]


def test_every_publicity_page_is_noindex_and_out_of_search(portal):
    generated = render(portal, LIVE)
    publicity = [path for path in generated if path.startswith("publicity/")]
    assert len(publicity) > 12
    assert any(path.endswith(".html") for path in publicity) and any(path.endswith(".md") for path in publicity)
    for path in publicity:
        if path.endswith(".html"):  # standalone: MkDocs copies it, search never sees it
            assert ROBOTS in generated[path], path
            continue
        front = generated[path].split("---", 2)[1]
        assert "robots: noindex, nofollow" in front, path
        assert "search:\n  exclude: true" in front, path


def test_values_from_data_are_escaped(portal):
    notices = portal / "datasets" / "notices" / "2025-12.csv"
    text = notices.read_text(encoding="utf-8")
    assert ",阳光县民政局,2025-12-15," in text
    notices.write_text(text.replace(",阳光县民政局,2025-12-15,", ",<script>alert(1)</script>,2025-12-15,", 1), encoding="utf-8")
    areas = portal / "datasets" / "areas.csv"
    areas.write_text(areas.read_text(encoding="utf-8").replace(",幸福社区,", ",幸福<b>社区,", 1), encoding="utf-8")
    generated = render(portal, LIVE)
    assert not any("<script>alert(1)" in text or "幸福<b>" in text for text in generated.values())
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in generated[CONFIRMED]
    assert "<td>幸福&lt;b&gt;社区</td>" in generated[CONFIRMED]


def test_monthly_changes_are_counted_per_township(portal):
    generated = render(portal, LIVE)
    changes = pd.read_csv(portal / "datasets" / "changes" / "dibao" / "2025-12.csv", dtype=str)
    stops = int((changes["change_type"] == "stop").sum())
    assert stops and set(changes["village_code"].str.slice(0, 9)) == {"990103100"}
    month = generated["publicity/2025-12/index.md"]
    assert "| 类别 | 新增 | 停保 | 增发 | 减发 | 提标 |" in month
    assert f"| 低保 | 0 | {stops} |" in month  # the county total
    township = generated["publicity/2025-12/990103100/index.html"]
    assert f"<tr><td>低保</td><td>0</td><td>{stops}</td>" in township


def test_sitemap_lists_no_publicity_page(tmp_path):
    staging = tmp_path / "site"
    (staging).mkdir()
    (staging / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://example.org/</loc></url><url><loc>https://example.org/publicity/2025-12/x/</loc></url>"
        "</urlset>\n", encoding="utf-8")
    site.prune_sitemap(staging)
    first = (staging / "sitemap.xml.gz").read_bytes()
    assert "publicity" not in (staging / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/" in (staging / "sitemap.xml").read_text(encoding="utf-8")
    assert gzip.decompress(first) == (staging / "sitemap.xml").read_bytes()
    assert first[4:8] == b"\0\0\0\0"  # gzip mtime 0: the same input gives the same bytes
    site.prune_sitemap(staging)
    assert (staging / "sitemap.xml.gz").read_bytes() == first


@pytest.mark.slow
def test_real_build_sitemap_has_no_publicity_url(portal):
    config = portal / "mkdocs.yml"
    config.write_text("site_url: https://example.org/\n" + config.read_text(encoding="utf-8"), encoding="utf-8")
    outcome = pipeline.build(portal, portal / "site", as_of=LIVE)
    assert outcome.site_dir is not None
    sitemap = (outcome.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/services/</loc>" in sitemap
    assert "/publicity/" not in sitemap
    assert gzip.decompress((outcome.site_dir / "sitemap.xml.gz").read_bytes()).decode("utf-8") == sitemap
    notice = (outcome.site_dir / "publicity" / "2025-12" / "dibao-2025-12-990103001-confirmed" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in notice
