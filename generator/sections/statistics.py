"""/statistics/: 保障统计 — caseload by area (county page with its townships,
one page per township with its villages) and by month.

Numbers come from `generator.statistics.caseload_monthly`, the same frame as
the caseload_monthly download, so "C" cells on the pages and in the files
are the same cells. Big tables are plain HTML excluded from search.
"""

from __future__ import annotations

import jinja2
import pandas as pd

from generator import charts, statistics
from generator.context import SiteContext
from generator.layout import PROGRAM_LABEL
from generator.rules import yuan

UNIT_LABEL = {"dibao": "户数", "tekun": "户数（按人计）", "linshi": "救助次数"}
CSV_LINK = "../data/caseload_monthly/caseload_monthly.csv"


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    threshold = int(ctx.settings.get("small_cell_threshold", 5))
    caseload = statistics.caseload_monthly(
        ctx.roster_totals, ctx.family("areas"), {p: ctx.months(p) for p in statistics.PROGRAMS}, threshold)
    if caseload.empty:
        return {"statistics/index.md": env.get_template("statistics/empty.md.j2").render()}
    latest = max(caseload["month"])
    county = caseload[caseload["geo_level"] == "county"]
    county_code = county["area_code"].iloc[0]
    townships = caseload[caseload["geo_level"] == "township"]
    common = {"latest": latest, "threshold": threshold, "csv": CSV_LINK, "programs": programs(caseload)}
    pages = {
        "statistics/index.md": env.get_template("statistics/index.md.j2").render(
            area=area_view(caseload, county_code), children=area_tables(caseload, county_code, latest, "township"),
            trend=trend_table(caseload, county_code), townships=township_links(townships, latest),
            trend_chart=trend_chart(caseload, county_code), **common,
        )
    }
    for code, name in township_links(townships, latest):
        pages[f"statistics/{code}.md"] = env.get_template("statistics/township.md.j2").render(
            area=area_view(caseload, code), county=area_view(caseload, county_code),
            children=area_tables(caseload, code, latest, "village"), trend=trend_table(caseload, code), **common,
        )
    return pages


def programs(caseload: pd.DataFrame) -> list[str]:
    present = set(caseload["assistance_type"])
    return [p for p in statistics.PROGRAMS if p in present]


def area_view(caseload: pd.DataFrame, code: str) -> dict:
    name = caseload.loc[caseload["area_code"] == code, "area_name"].iloc[0]
    return {"code": code, "name": name}


def township_links(townships: pd.DataFrame, latest: str) -> list[tuple[str, str]]:
    rows = townships[townships["month"] == latest].drop_duplicates("area_code").sort_values("area_code")
    return list(zip(rows["area_code"], rows["area_name"]))


def area_tables(caseload: pd.DataFrame, parent: str, month: str, level: str) -> list[dict]:
    """One table per program: the parent's total first, then its children."""
    tables = []
    for program in programs(caseload):
        rows = caseload[(caseload["month"] == month) & (caseload["assistance_type"] == program)]
        total = rows[rows["area_code"] == parent]
        children = rows[(rows["geo_level"] == level) & rows["area_code"].str.startswith(parent)]
        if total.empty:
            continue
        body = [_measures(r, link=(level == "township")) for r in children.itertuples(index=False)]
        tables.append({
            "program": program, "label": PROGRAM_LABEL[program],
            "headers": ["地区", UNIT_LABEL[program], "人数", "发放金额（元）", "人均（元/人·月）"],
            "total": _measures(next(total.itertuples(index=False)), link=False), "rows": body,
        })
    return tables


def trend_chart(caseload: pd.DataFrame, code: str) -> str:
    """Persons per programme and month for the county (exact totals), with its takeaway.
    Township pages have the table only: a chart each would cost 0.5 s × ~1,000 at province scale."""
    rows = caseload[(caseload["area_code"] == code) & (caseload["assistance_type"] == "dibao")].sort_values("month")
    frame = caseload[caseload["area_code"] == code].assign(
        类别=lambda f: f["assistance_type"].map(PROGRAM_LABEL), 月份=lambda f: f["month"],
        人数=lambda f: pd.to_numeric(f["persons"]),
    )[["月份", "类别", "人数"]].sort_values(["月份", "类别"])
    if rows.empty:
        caption = "各类救助每月保障人数。"
    else:
        first, last = rows.iloc[0], rows.iloc[-1]
        change = int(last["persons"]) - int(first["persons"])
        trend = f"增加 {change:,} 人" if change > 0 else (f"减少 {-change:,} 人" if change < 0 else "持平")
        caption = f"{last['month']} 全县低保保障 {int(last['persons']):,} 人，比 {first['month']} {trend}。"
    svg = charts.line_chart(frame, x="月份", y="人数", series="类别", title="每月保障人数",
                            y_title="人数（人）", x_title="月份", label=caption)
    return charts.figure(svg, caption=caption, table_html=charts.table_html(frame, numeric=("人数",)), csv_href=CSV_LINK)


def trend_table(caseload: pd.DataFrame, code: str) -> dict:
    """Month × program for one area (exact totals: county or township)."""
    rows = caseload[caseload["area_code"] == code]
    present = programs(caseload)
    headers = ["月份"] + [f"{PROGRAM_LABEL[p]}{h}" for p in present for h in (UNIT_LABEL[p], "人数", "金额（元）")]
    body = []
    for month in sorted(set(rows["month"])):
        cells = [month]
        for program in present:
            match = rows[(rows["month"] == month) & (rows["assistance_type"] == program)]
            if match.empty:
                cells += ["—", "—", "—"]
                continue
            row = next(match.itertuples(index=False))
            cells += [_count(row.households), _count(row.persons), _money(row.amount)]
        body.append(cells)
    return {"headers": headers, "rows": body}


def _measures(row, *, link: bool) -> dict:
    return {
        "code": row.area_code, "name": row.area_name, "link": f"{row.area_code}/" if link else "",
        "cells": [_count(row.households), _count(row.persons), _money(row.amount), _money(row.avg_per_person)],
    }


def _count(value: object) -> str:
    if value == statistics.SUPPRESSED:
        return statistics.SUPPRESSED
    return "—" if value is None else f"{int(value):,}"


def _money(value: object) -> str:
    if value == statistics.SUPPRESSED:
        return statistics.SUPPRESSED
    return "—" if value is None else yuan(value)
