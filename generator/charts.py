"""Static charts: Vega-Lite (altair) rendered to SVG at build time by vl-convert.

No JavaScript reaches the reader. Charts are inlined in the page (see `figure`):
their text stays text, drawn in the reader's own CJK font, and each chart sits
in a <figure> with a one-line takeaway, its data as a table and a CSV link, so
nothing is said by the picture alone.

Same data → same bytes: vl-convert emits no random ids, and every spec here is
fully explicit (sorting, palette, size), which tests check.
"""

from __future__ import annotations

import html
import re

import altair as alt
import pandas as pd
import vl_convert

FONT = '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'
# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000"]
DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [10, 2], [1, 3]]
WIDTH, HEIGHT = 560, 240

_CONFIG = {
    "font": FONT,
    "aria": False,  # the <svg> as a whole is one image with a Chinese label (see _INNER_ARIA)
    "background": "white",
    "view": {"stroke": None},
    "title": {"fontSize": 15, "anchor": "start", "offset": 10},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "grid": True, "gridColor": "#e5e5e5"},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom", "symbolStrokeWidth": 2.5},
    "range": {"category": PALETTE},
}
# Vega's own ARIA on inner groups (English descriptions, graphics-* roles) would
# compete with the one Chinese label on the root; the data table carries the detail.
_INNER_ARIA = re.compile(r' (?:role|aria-roledescription|aria-label|aria-hidden)="[^"]*"')
_ROOT_SIZE = re.compile(r'^<svg ([^>]*?)width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"')


def line_chart(frame: pd.DataFrame, *, x: str, y: str, series: str | None = None, title: str,
               y_title: str, x_title: str, label: str, step: bool = False, temporal: bool = False) -> str:
    """A line per series (colour and dash pattern both tell them apart). `label`
    is the takeaway read out by screen readers."""
    order = _order(frame, series)
    x_type = "T" if temporal else "O"
    x_axis = alt.Axis(format="%Y-%m", labelAngle=0, tickCount=8) if temporal else alt.Axis(labelAngle=-45)
    encoding = {
        "x": alt.X(f"{x}:{x_type}", title=x_title, axis=x_axis, **({} if temporal else {"sort": None})),
        "y": alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=",.0f"), scale=alt.Scale(zero=False)),
    }
    if series:
        encoding["color"] = alt.Color(f"{series}:N", title=None, sort=order, legend=alt.Legend(symbolType="stroke"),
                                      scale=alt.Scale(domain=order, range=PALETTE[: len(order)]))
        encoding["strokeDash"] = alt.StrokeDash(f"{series}:N", title=None, sort=order,
                                                scale=alt.Scale(domain=order, range=DASHES[: len(order)]))
    mark = alt.MarkDef(type="line", strokeWidth=2.5, interpolate="step-after" if step else "linear",
                       point=not step)
    chart = alt.Chart(_plain(frame, [x, y, series]), title=title, mark=mark).encode(**encoding)
    return _render(chart, label)


def bar_chart(frame: pd.DataFrame, *, x: str, y: str, series: str | None = None, title: str,
              y_title: str, x_title: str, label: str, x_order: list[str] | None = None) -> str:
    """Stacked bars, one stack per x category; `series` splits each stack."""
    order = _order(frame, series)
    encoding = {
        "x": alt.X(f"{x}:N", title=x_title, sort=x_order if x_order is not None else None, axis=alt.Axis(labelAngle=0)),
        "y": alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=",.0f"), stack="zero"),
    }
    if series:
        encoding["color"] = alt.Color(f"{series}:N", title=None, sort=order, scale=alt.Scale(domain=order, range=PALETTE[: len(order)]))
        encoding["order"] = alt.Order("_stack:Q")
    data = _plain(frame, [x, y, series])
    if series:
        data = data.assign(_stack=data[series].map({name: i for i, name in enumerate(order)}))
    chart = alt.Chart(data, title=title, mark=alt.MarkDef(type="bar", stroke="white", strokeWidth=1)).encode(**encoding)
    return _render(chart, label)


def figure(svg: str, *, caption: str, table_html: str, csv_href: str, csv_label: str = "下载数据（CSV）") -> str:
    """The chart, its one-line takeaway, its data as a table and a CSV link:
    raw HTML that Markdown passes through untouched (no blank lines inside)."""
    return (
        '<figure class="sunshine-chart">\n'
        f"{svg}\n"
        f"<figcaption>{html.escape(caption, quote=False)}</figcaption>\n"
        f"<details><summary>查看数据表</summary>\n{table_html}\n</details>\n"
        f'<p><a href="{html.escape(csv_href)}" download>{html.escape(csv_label, quote=False)}</a></p>\n'
        "</figure>\n"
    )


def table_html(frame: pd.DataFrame, *, numeric: tuple[str, ...] = ()) -> str:
    """A plain HTML table of already formatted values; `numeric` columns align right."""
    head = "".join(f'<th scope="col">{html.escape(str(c), quote=False)}</th>' for c in frame.columns)
    rows = []
    for record in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, record):
            style = ' style="text-align:right"' if column in numeric else ""
            cells.append(f"<td{style}>{html.escape('' if value is None else str(value), quote=False)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """A download for spreadsheets: UTF-8 with BOM (so Excel opens Chinese
    headers correctly), '\\n' line ends, no index."""
    return ("\ufeff" + frame.to_csv(index=False, lineterminator="\n")).encode("utf-8")


def _order(frame: pd.DataFrame, series: str | None) -> list[str]:
    """Series in order of first appearance: the caller decides the legend order."""
    return [] if not series else [str(v) for v in pd.unique(frame[series])]


def _plain(frame: pd.DataFrame, columns: list[str | None]) -> pd.DataFrame:
    """Only the plotted columns, as plain Python-friendly types (no pandas NA)."""
    kept = [c for c in columns if c]
    out = frame[kept].copy()
    for column in kept:
        if pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].astype("float64")
        elif not pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].astype(str)
    return out.reset_index(drop=True)


def _render(chart: alt.Chart, label: str) -> str:
    spec = chart.properties(width=WIDTH, height=HEIGHT).to_dict()
    spec["config"] = _CONFIG
    svg = vl_convert.vegalite_to_svg(spec, format_locale="zh-CN")
    return _responsive(svg, label)


def _responsive(svg: str, label: str) -> str:
    """Scale with the column (width 100%, height from the viewBox) and speak as one image."""
    match = _ROOT_SIZE.match(svg)
    if not match:
        raise ValueError("unexpected SVG from vl-convert: no root width/height")
    width = match.group(2)
    aria = html.escape(label, quote=True)
    root = (f'<svg {match.group(1)}role="img" aria-label="{aria}" '
            f'style="width:100%;max-width:{width}px;height:auto"')
    return root + _INNER_ARIA.sub("", svg[match.end():]).replace("\n", " ")
