"""办事服务 and the home page: what a resident looking for help sees."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from generator import pages
from generator.checking import check
from generator.context import build_context
from tests.conftest import replace_in

AS_OF = dt.date(2025, 12, 20)


def render(portal: Path, as_of: dt.date = AS_OF) -> dict[str, str]:
    result = check(portal)
    assert result.report.publishable()
    return {path: text for path, text in pages.render(build_context(result, as_of)).items() if isinstance(text, str)}


def test_services_lists_hotline_windows_and_complaint_channels(portal):
    page = render(portal)["services/index.md"]
    assert "[12349](tel:12349)" in page
    assert "投诉举报电话**：[0999-5550002](tel:09995550002)" in page
    assert "| [城关街道](990103001.md) | [0999-5551000](tel:09995551000) |" in page
    assert "信访" in page


def test_each_township_page_has_its_window_village_agents_and_staffing(portal):
    generated = render(portal)
    index = generated["services/index.md"]
    township = generated["services/990103100.md"]
    assert "城关街道社会救助窗口" not in township
    assert "阳光县梅营镇光明社区党群服务中心" in township and "村（社区）代办点" in township
    assert "应配 2 名，实配 3 名：达标" in township
    assert "阳光县梅营镇光明社区党群服务中心" not in index  # village agents only on their township's page
    areas = pd.read_csv(portal / "datasets" / "areas.csv", dtype=str)
    for code in areas.loc[areas["level"] == "township", "code"]:
        assert f"services/{code}.md" in generated and f"]({code}.md)" in index


def test_services_gives_each_townships_staffing_verdict_with_the_boundary_rule(portal):
    replace_in(portal / "datasets" / "staffing.csv", "990103100,2025-06-30,20000,2,3", "990103100,2025-06-30,20000,2,1")
    page = render(portal)["services/staffing.md"]
    assert "| 城关街道 | 50,000 | 3 | 3 | 达标 |" in page  # exactly 50,000 → 3
    assert "| 梅营镇 | 20,000 | 2 | 1 | 未达标（缺 1 名） |" in page  # exactly 20,000 → 2
    assert "恰好 2 万人应配 2 名，恰好 5 万人应配 3 名" in page


def test_guides_cite_the_national_articles(portal):
    generated = render(portal)
    assert "公示 7 天" in generated["services/dibao.md"] and "第十九条" in generated["services/dibao.md"]
    assert "3 个工作日内" in generated["services/dibao.md"]
    assert "第二十条至第二十二条" in generated["services/tekun.md"]
    assert "急难型" in generated["services/linshi.md"] and "支出型" in generated["services/linshi.md"]
    assert "以当地规定为准" in generated["services/linshi.md"]


def test_a_project_can_replace_a_guide(portal):
    (portal / "content" / "services").mkdir(parents=True)
    (portal / "content" / "services" / "linshi.md").write_text("# 本县临时救助办事指南\n", encoding="utf-8")
    assert render(portal)["services/linshi.md"] == "# 本县临时救助办事指南\n"


def test_home_shows_the_latest_month_standards_and_where_to_complain(portal):
    home = render(portal)["index.md"]
    roster = pd.read_csv(portal / "datasets" / "dibao" / "2025-12.csv", dtype={"household_size": int})
    assert "## 2025年12月保障情况" in home
    assert f"### 低保：{len(roster):,} 户" in home
    assert f"共 **{roster['household_size'].sum():,}** 人" in home
    assert "比上年同期：无上年同期数据" in home
    assert "| 城市低保标准 | 830 元/人·月 | 2025年7月1日 |" in home
    assert "[12349](tel:12349)" in home
    assert "(services/dibao.md)" in home


def test_home_compares_with_the_previous_month_in_words(portal):
    home = render(portal)["index.md"]
    nov = pd.read_csv(portal / "datasets" / "dibao" / "2025-11.csv")
    dec = pd.read_csv(portal / "datasets" / "dibao" / "2025-12.csv")
    difference = len(dec) - len(nov)
    words = "持平" if difference == 0 else f"{'增加' if difference > 0 else '减少'} {abs(difference)} 户"
    assert f"比上月（2025年11月）：{words}" in home
