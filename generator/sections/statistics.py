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
    threshold = ctx.threshold
    caseload = ctx.caseload
    if caseload.empty:
        return {"statistics/index.md": env.get_template("statistics/empty.md.j2").render()}
    latest = max(caseload["month"])
    county = caseload[caseload["geo_level"] == "county"]
    county_code = county["area_code"].iloc[0]
    townships = caseload[caseload["geo_level"] == "township"]
    # Split once: a province has ~1,000 township pages, each must not scan every row.
    by_area = {code: rows for code, rows in caseload.groupby("area_code", sort=False)}
    latest_rows = caseload[caseload["month"] == latest]
    children = {key: rows for key, rows in latest_rows.groupby(
        [latest_rows["geo_level"], latest_rows["area_code"].str.slice(0, 9).where(
            latest_rows["geo_level"] == "village", latest_rows["area_code"].str.slice(0, 6))], sort=False)}
    present = programs(caseload)
    common = {"latest": latest, "threshold": threshold, "csv": CSV_LINK, "programs": present}

    def tables(code: str, level: str) -> list[dict]:
        parent = by_area[code]
        return area_tables(parent[parent["month"] == latest], children.get((level, code), latest_rows.iloc[:0]),
                           present, level)

    pages = {
        "statistics/index.md": env.get_template("statistics/index.md.j2").render(
            area=area_view(by_area[county_code]), children=tables(county_code, "township"),
            trend=trend_table(by_area[county_code], present), townships=township_links(townships, latest),
            trend_chart=trend_chart(caseload, county_code), **common,
        )
    }
    for code, name in township_links(townships, latest):
        pages[f"statistics/{code}.md"] = env.get_template("statistics/township.md.j2").render(
            area=area_view(by_area[code]), county=area_view(by_area[county_code]),
            children=tables(code, "village"), trend=trend_table(by_area[code], present), **common,
        )
    return pages


def programs(caseload: pd.DataFrame) -> list[str]:
    present = set(caseload["assistance_type"])
    return [p for p in statistics.PROGRAMS if p in present]


def area_view(rows: pd.DataFrame) -> dict:
    """Code and name of the area whose rows these are."""
    return {"code": rows["area_code"].iloc[0], "name": rows["area_name"].iloc[0]}


def township_links(townships: pd.DataFrame, latest: str) -> list[tuple[str, str]]:
    rows = townships[townships["month"] == latest].drop_duplicates("area_code").sort_values("area_code")
    return list(zip(rows["area_code"], rows["area_name"]))


def area_tables(parent: pd.DataFrame, children: pd.DataFrame, present: list[str], level: str) -> list[dict]:
    """One table per program: the parent's total first, then its children (rows of the latest month)."""
    tables = []
    for program in present:
        total = parent[parent["assistance_type"] == program]
        if total.empty:
            continue
        rows = children[children["assistance_type"] == program]
        body = [_measures(r, link=(level == "township")) for r in rows.itertuples(index=False)]
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


def trend_table(rows: pd.DataFrame, present: list[str]) -> dict:
    """Month × program for one area (exact totals: county or township), from that area's rows."""
    headers = ["月份"] + [f"{PROGRAM_LABEL[p]}{h}" for p in present for h in (UNIT_LABEL[p], "人数", "金额（元）")]
    found = {(r.month, r.assistance_type): r for r in rows.itertuples(index=False)}
    body = []
    for month in sorted(set(rows["month"])):
        cells = [month]
        for program in present:
            row = found.get((month, program))
            if row is None:
                cells += ["—", "—", "—"]
                continue
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
