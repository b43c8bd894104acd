"""Charts: Chinese text stays text, the picture is one labelled image, and
the same data always gives the same bytes."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from generator import charts

DATA = pd.DataFrame({
    "月份": ["2025-01", "2025-02", "2025-03"] * 2,
    "金额": [1200.0, 1350.0, 1300.0, 800.0, 820.0, 900.0],
    "类别": ["低保"] * 3 + ["特困供养"] * 3,
})
TAKEAWAY = "低保发放金额高于特困供养。"


@pytest.fixture(scope="module")
def line_svg() -> str:
    return charts.line_chart(DATA, x="月份", y="金额", series="类别", title="每月发放金额",
                             x_title="月份", y_title="金额（元）", label=TAKEAWAY)


def test_chinese_title_axes_and_legend_are_text(line_svg):
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", line_svg)
    for expected in ("每月发放金额", "金额（元）", "月份", "低保", "特困供养"):
        assert expected in texts


def test_svg_is_one_labelled_image_that_scales(line_svg):
    root = line_svg[: line_svg.index(">")]
    assert 'role="img"' in root
    assert f'aria-label="{TAKEAWAY}"' in root
    assert "viewBox=" in root and "width:100%" in root
    assert not re.search(r'\swidth="\d', root), "a fixed width would overflow phone screens"
    assert line_svg.count("role=") == 1 and line_svg.count("aria-label=") == 1, "inner parts are not announced separately"


def test_same_data_gives_same_bytes(line_svg):
    again = charts.line_chart(DATA.sample(frac=1, random_state=1).sort_index(), x="月份", y="金额", series="类别",
                              title="每月发放金额", x_title="月份", y_title="金额（元）", label=TAKEAWAY)
    assert again == line_svg
    assert ' id="' not in line_svg


def test_bar_chart_keeps_the_category_order():
    svg = charts.bar_chart(DATA, x="类别", y="金额", series="月份", title="按类别", x_title="救助类别",
                           y_title="金额（元）", label="说明", x_order=["特困供养", "低保"])
    labels = [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if t in ("低保", "特困供养")]
    assert labels[:2] == ["特困供养", "低保"]


def test_figure_has_caption_table_and_csv_link():
    table = charts.table_html(pd.DataFrame({"月份": ["2025-01"], "金额（元）": ["1,200"]}), numeric=("金额（元）",))
    html = charts.figure("<svg></svg>", caption="低保 <多> 特困", table_html=table, csv_href="monthly.csv")
    assert html.startswith("<figure") and html.rstrip().endswith("</figure>")
    assert "<figcaption>低保 &lt;多&gt; 特困</figcaption>" in html
    assert "<details><summary>查看数据表</summary>" in html and '<th scope="col">金额（元）</th>' in html
    assert 'href="monthly.csv"' in html
    assert "\n\n" not in html, "a blank line would end the raw HTML block in Markdown"


def test_csv_download_opens_in_excel_with_chinese_headers():
    data = charts.csv_bytes(pd.DataFrame({"月份": ["2025-01"], "金额（元）": ["1200.00"]}))
    assert data.startswith("\ufeff".encode("utf-8"))
    assert data.decode("utf-8-sig").splitlines() == ["月份,金额（元）", "2025-01,1200.00"]
