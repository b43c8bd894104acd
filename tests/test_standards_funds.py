"""The 救助标准 and 资金使用 pages: what a reader sees matches the source tables."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from conftest import copy_portal, replace_in
from generator.checking import check
from generator.context import build_context
from generator.sections import funds, standards
from generator.templating import environment

AS_OF = dt.date(2025, 12, 20)


def render(portal: Path, section) -> dict[str, str | bytes]:
    result = check(portal)
    assert result.report.publishable()
    return section.render(build_context(result, AS_OF), environment())


@pytest.fixture(scope="module")
def minimal(tmp_path_factory) -> Path:
    return copy_portal(tmp_path_factory.mktemp("standards_funds") / "portal")


@pytest.fixture(scope="module")
def standards_out(minimal) -> dict[str, str | bytes]:
    return render(minimal, standards)


@pytest.fixture(scope="module")
def funds_out(minimal) -> dict[str, str | bytes]:
    return render(minimal, funds)


def current_part(page: str) -> str:
    return page[page.index("## 现行标准"):page.index("## 历次调整")]


def current_dibao(page: str) -> str:
    """The 低保 table of the current standards."""
    part = current_part(page)
    return part[part.index("### 低保标准"):part.index("### 特困基本生活标准")]


def table_row(text: str, *cells: str) -> str:
    """The one Markdown or HTML table row that contains all the cells."""
    rows = [line for line in text.splitlines() if all(c in line for c in cells)]
    assert len(rows) == 1, (cells, rows)
    return rows[0]


def test_current_table_uses_the_version_in_force(standards_out):
    dibao = current_dibao(standards_out["standards/index.md"])
    assert "| 830 元/人·月 | 830 | 2025-07-01 |" in table_row(dibao, "| 城市 |")
    assert "800" not in dibao and "2024-10-01" not in dibao  # the version replaced on 2025-07-01


def test_floors_are_shown_with_ge(standards_out):
    dibao = current_dibao(standards_out["standards/index.md"])
    assert "≥ 650 元/人·月 | ≥ 650 |" in table_row(dibao, "| 农村 |")
    assert "≥" not in table_row(dibao, "| 城市 |")  # the urban 低保 standard is exact, not a floor


def test_rise_announced_after_it_took_effect_is_marked_retroactive(standards_out):
    page = standards_out["standards/index.md"]
    row = table_row(current_dibao(page), "| 城市 |")
    assert "2025-07-01 | 2025-08-15（**追溯执行**）" in row
    assert "阳民发〔2025〕12号于 2025-08-15 公布，标准自 2025-07-01 起执行" in page
    on_time = table_row(current_part(page), "集中供养、全自理")
    assert "追溯" not in on_time


def test_yearly_standard_is_also_shown_per_month(standards_out):
    page = standards_out["standards/index.md"]
    row = table_row(page, "<td>农村</td><td>2021-01-01</td>", "6,000")
    assert "6,000 元/人·年" in row and '<td style="text-align:right">500</td>' in row
    history = pd.read_csv(io.BytesIO(standards_out["standards/history.csv"]), encoding="utf-8-sig", dtype=str)
    first = history[history["标准编号"] == "dibao-rural-2021-01"].iloc[0]
    assert (first["标准值"], first["单位"], first["折合每人每月（元）"]) == ("6000", "元/人·年", "500.00")
    assert first["是否为下限（不低于）"] == "是"


def test_current_yearly_standard_shows_its_monthly_equivalent(tmp_path):
    portal = copy_portal(tmp_path / "portal")
    replace_in(portal / "datasets" / "standards.csv", "dibao_standard,rural,,,,650,CNY_per_person_month",
               "dibao_standard,rural,,,,7800,CNY_per_person_year")
    dibao = current_dibao(render(portal, standards)["standards/index.md"])
    assert "≥ 7,800 元/人·年 | ≥ 650 |" in table_row(dibao, "| 农村 |")


def test_basis_document_links_to_the_policy_library_only_when_it_is_there(tmp_path, standards_out):
    assert "阳民发〔2025〕12号 |" in standards_out["standards/index.md"]
    assert "](../policies/" not in standards_out["standards/index.md"]
    portal = copy_portal(tmp_path / "portal")
    replace_in(portal / "datasets" / "standards.csv", "2025-07-01,,2025-08-15,阳民发〔2025〕12号",
               "2025-07-01,,2025-08-15,鄞政办发〔2016〕122号")
    page = render(portal, standards)["standards/index.md"]
    assert "[鄞政办发〔2016〕122号](../policies/yinzhou-2016-122.md)" in page


def test_every_history_chart_comes_with_takeaway_table_and_csv(standards_out):
    page = standards_out["standards/index.md"]
    figures = re.findall(r"<figure.*?</figure>", page, re.S)
    assert len(figures) == 4
    for figure in figures:
        caption = re.search(r"<figcaption>(.*?)</figcaption>", figure).group(1)
        assert f'aria-label="{caption}"' in figure
        assert "<summary>查看数据表</summary>" in figure and 'href="history.csv"' in figure
    assert len(page.encode("utf-8")) < 300_000


def source(minimal: Path, folder: str) -> pd.DataFrame:
    files = sorted((minimal / "datasets" / "funds" / folder).glob("*.csv"))
    return pd.concat([pd.read_csv(f, dtype={"month": str, "period_end": str}) for f in files], ignore_index=True)


def download(out: dict, name: str) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(out[f"funds/{name}"]), encoding="utf-8-sig", dtype={"月份": str, "截至月份": str})


def test_allocations_by_level_add_up_to_the_allocation_table(minimal, funds_out):
    allocations = source(minimal, "allocations")
    allocations = allocations[allocations["fiscal_year"] == 2025]
    shown = download(funds_out, "allocations-by-level.csv").set_index("救助类别")
    for program, label in (("dibao", "低保"), ("tekun", "特困供养"), ("linshi", "临时救助")):
        mine = allocations[allocations["assistance_type"] == program]
        assert shown.loc[label, "合计（元）"] == pytest.approx(mine["amount"].sum(), abs=0.005)
        central = mine.loc[mine["source_level"] == "central", "amount"].sum()
        assert shown.loc[label, "中央（元）"] == pytest.approx(central, abs=0.005)
    total = allocations["amount"].sum() / 10000
    assert f"2025 年共下达资金 {total:,.2f} 万元" in funds_out["funds/index.md"]


def test_execution_rate_is_spending_over_adjusted_budget_of_the_latest_month(minimal, funds_out):
    execution = source(minimal, "budget_execution")
    december = execution[execution["period_end"] == "2025-12"].set_index("assistance_type")
    overview = download(funds_out, "overview.csv").set_index("救助类别")
    dibao = december.loc["dibao"]
    assert overview.loc["低保", "累计支出（元）"] == pytest.approx(dibao["spent_to_date"])
    assert overview.loc["低保", "执行率"] == f"{dibao['spent_to_date'] / dibao['budget_adjusted']:.1%}"
    transfers = source(minimal, "transfers")
    assert overview.loc["低保", "调出（元）"] == pytest.approx(transfers.loc[transfers["from_use"] == "dibao", "amount"].sum())
    assert overview.loc["临时救助", "调入（元）"] == pytest.approx(transfers.loc[transfers["to_use"] == "linshi", "amount"].sum())


def test_monthly_disbursement_and_per_person_amounts(minimal, funds_out):
    paid = source(minimal, "disbursement")
    monthly = download(funds_out, "monthly.csv")
    july = monthly[(monthly["月份"] == "2025-07") & (monthly["救助类别"] == "低保")].iloc[0]
    source_july = paid[(paid["month"] == "2025-07") & (paid["assistance_type"] == "dibao")]
    assert july["发放金额（元）"] == pytest.approx(source_july["amount_paid"].sum(), abs=0.005)
    assert july["发放人数（人）"] == source_july["persons_paid"].sum()
    assert july["人均发放（元/人）"] == pytest.approx(round(source_july["amount_paid"].sum() / source_july["persons_paid"].sum(), 2))


def test_every_money_column_names_its_unit(funds_out):
    page = funds_out["funds/index.md"]
    headers = [line for line in page.splitlines() if line.startswith("| 救助类别") or line.startswith("| 下达日期")
               or line.startswith("| 调剂日期")]
    money = ("预算", "资金", "调入", "调出", "支出", "金额", "低保", "特困供养", "临时救助", "合计")
    for header in headers:
        for cell in header.strip("| ").split(" | "):
            if cell.startswith(money) and cell not in ("资金名称", "调出项目", "调入项目"):
                assert cell.endswith(("（万元）", "（元）", "（元/人）")), cell
    assert len(page.encode("utf-8")) < 300_000
