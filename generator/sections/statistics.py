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
COUNT_HEADER = {"dibao": "低保户数", "tekun": "特困供养户数（按人计）", "linshi": "临时救助次数"}
CSV_LINK = "../data/caseload_monthly/caseload_monthly.csv"


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    threshold = ctx.threshold
    caseload = ctx.caseload
    if caseload.empty:
        return {"statistics/index.md": env.get_template("statistics/empty.md.j2").render()}
    latest = max(caseload["month"])
    present = programs(caseload)
    areas = _Areas(caseload, latest)
    common = {"latest": latest, "threshold": threshold, "csv": CSV_LINK, "programs": present}
    county = areas.county
    townships = areas.children(county)
    pages = {
        "statistics/index.md": env.get_template("statistics/index.md.j2").render(
            area=areas.view(county), totals=county_totals(areas.latest(county), present),
            comparison=township_comparison(townships, present),
            trend=trend_table(areas.history(county), present), trend_chart=trend_chart(caseload, county), **common,
        )
    }
    for code in sorted({r.area_code for r in townships}):
        pages[f"statistics/{code}.md"] = env.get_template("statistics/township.md.j2").render(
            area=areas.view(code), county=areas.view(county),
            children=area_tables(areas.latest(code), areas.children(code), present),
            trend=trend_table(areas.history(code), present), **common,
        )
    return pages


class _Areas:
    """caseload_monthly as plain rows, indexed once: a province has ~1,000
    township pages, and filtering the frame per page cost seconds each."""

    def __init__(self, caseload: pd.DataFrame, latest: str):
        self._latest: dict[str, dict[str, tuple]] = {}  # area → programme → row of the latest month
        self._children: dict[str, list[tuple]] = {}  # area → latest rows of the areas one level below
        self._history: dict[str, list[tuple]] = {}  # county or township → all its rows (exact totals)
        self._names: dict[str, str] = {}
        self.county = ""
        for row in caseload.itertuples(index=False):
            self._names[row.area_code] = row.area_name
            if row.geo_level != "village":
                self._history.setdefault(row.area_code, []).append(row)
            if row.month != latest:
                continue
            self._latest.setdefault(row.area_code, {})[row.assistance_type] = row
            if row.geo_level == "county":
                self.county = row.area_code
            else:
                parent = row.area_code[:9] if row.geo_level == "village" else row.area_code[:6]
                self._children.setdefault(parent, []).append(row)

    def latest(self, code: str) -> dict[str, tuple]:
        return self._latest.get(code, {})

    def children(self, code: str) -> list[tuple]:
        return self._children.get(code, [])

    def history(self, code: str) -> list[tuple]:
        return self._history.get(code, [])

    def view(self, code: str) -> dict:
        """Code and name of an area."""
        return {"code": code, "name": self._names[code]}


def programs(caseload: pd.DataFrame) -> list[str]:
    present = set(caseload["assistance_type"])
    return [p for p in statistics.PROGRAMS if p in present]


def county_totals(own: dict[str, tuple], present: list[str]) -> dict:
    """The county's latest month, one row per programme."""
    rows = [[PROGRAM_LABEL[p]] + _measures(own[p])["cells"] for p in present if p in own]
    return {"headers": ["类别", "户数（临时救助为次数）", "人数", "发放金额（元）", "人均（元/人·月）"], "rows": rows}


def township_comparison(townships: list[tuple], present: list[str]) -> dict:
    """One row per township (linked to its page): count and amount of each programme.
    Persons and averages are on the township's page; a province has a thousand rows."""
    found = {(r.area_code, r.assistance_type): r for r in townships}
    names = dict(sorted({(r.area_code, r.area_name) for r in townships}))
    headers = ["乡镇（街道）"] + [h for p in present for h in (COUNT_HEADER[p], f"{PROGRAM_LABEL[p]}金额（元）")]
    rows = []
    for code, name in names.items():
        cells = []
        for program in present:
            row = found.get((code, program))
            cells += ["—", "—"] if row is None else [_count(row.households), _money(row.amount)]
        rows.append({"name": name, "link": f"{code}/", "cells": cells})
    return {"headers": headers, "rows": rows}


def area_tables(own: dict[str, tuple], children: list[tuple], present: list[str]) -> list[dict]:
    """One table per programme: the area's total first, then its villages (rows of the latest month)."""
    tables = []
    for program in present:
        if program not in own:
            continue
        tables.append({
            "program": program, "label": PROGRAM_LABEL[program],
            "headers": ["地区", UNIT_LABEL[program], "人数", "发放金额（元）", "人均（元/人·月）"],
            "total": _measures(own[program]),
            "rows": [_measures(r) for r in children if r.assistance_type == program],
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


def trend_table(rows: list[tuple], present: list[str]) -> dict:
    """Month × program for one area (exact totals: county or township), from that area's rows."""
    headers = ["月份"] + [f"{PROGRAM_LABEL[p]}{h}" for p in present for h in (UNIT_LABEL[p], "人数", "金额（元）")]
    found = {(r.month, r.assistance_type): r for r in rows}
    body = []
    for month in sorted({r.month for r in rows}):
        cells = [month]
        for program in present:
            row = found.get((month, program))
            if row is None:
                cells += ["—", "—", "—"]
                continue
            cells += [_count(row.households), _count(row.persons), _money(row.amount)]
        body.append(cells)
    return {"headers": headers, "rows": body}


def _measures(row) -> dict:
    return {
        "code": row.area_code, "name": row.area_name,
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
