"""/: the home page — the latest month at a glance, current standards, live
notices, newest policies, how to apply and where to complain."""

from __future__ import annotations

import datetime as dt

import jinja2
import pandas as pd

from generator.context import SiteContext
from generator.layout import FAMILIES, PROGRAM_LABEL
from generator.rules import yuan
from generator.rules.standards import UNIT_LABEL, in_force
from generator.sections.policies import policy_view
from generator.sections.publicity import cn_month, live_notices, notice_path
from generator.sections.services import GUIDES, complaint_channels

STANDARD_ROWS = (
    ("dibao_standard", "urban", "城市低保标准"), ("dibao_standard", "rural", "农村低保标准"),
    ("dibao_standard", "unified", "城乡低保标准"), ("tekun_basic", "urban", "城市特困人员基本生活标准"),
    ("tekun_basic", "rural", "农村特困人员基本生活标准"), ("tekun_basic", "unified", "特困人员基本生活标准"),
)


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    views = [policy_view(p, ctx.policies) for p in ctx.policies]
    months = sorted({r.period for r in ctx.package.resources if r.period and len(r.period) == 7})
    latest, glance = at_a_glance(ctx.roster_totals)
    return {
        "index.md": env.get_template("index.md.j2").render(
            county_name=ctx.meta.get("county_name", ""), publisher=ctx.meta.get("publisher", "民政部门"),
            demo=ctx.meta.get("demo", False), policy_count=len(views),
            dataset_count=sum(1 for f in FAMILIES if ctx.package.family(f)),
            period_range=f"{months[0]} 至 {months[-1]}" if months else "暂无月度数据",
            newest_policies=sorted(views, key=lambda p: p["date_published"] or "", reverse=True)[:5],
            latest_label=cn_month(latest) if latest else "", glance=glance,
            standards=current_standards(ctx), as_of=ctx.as_of,
            live=live_by_month(ctx),
            guides=GUIDES, channels=complaint_channels(ctx),
        )
    }


def live_by_month(ctx: SiteContext) -> list[dict]:
    """Notices whose list is online now, by month, newest month first."""
    months: dict[str, list[dict]] = {}
    for n in live_notices(ctx):
        months.setdefault(n.month, []).append({"title": n.title, "end": n.end, "path": notice_path(n)[len("publicity/"):]})
    return [{"month": m, "label": cn_month(m), "notices": months[m]} for m in sorted(months, reverse=True)]


def at_a_glance(totals: pd.DataFrame) -> tuple[str | None, list[dict]]:
    """Households, persons and amount of the latest month per assistance type,
    with the change against the previous month and the same month a year before."""
    if totals.empty:
        return None, []
    sums = totals.groupby(["program", "month"])[["households", "persons", "amount"]].sum()
    latest = max(totals["month"])
    year, mon = int(latest[:4]), int(latest[5:])
    previous = f"{year - 1}-12" if mon == 1 else f"{year}-{mon - 1:02d}"
    last_year = f"{year - 1}-{mon:02d}"
    glance = []
    for program, label in PROGRAM_LABEL.items():
        if (program, latest) not in sums.index:
            continue
        now = sums.loc[(program, latest)]
        unit = "人" if program == "tekun" else ("次" if program == "linshi" else "户")
        glance.append({
            "label": label, "households": int(now["households"]), "persons": int(now["persons"]),
            "amount": float(now["amount"]), "unit": unit, "previous_label": cn_month(previous),
            "vs_previous": _change(now, sums, program, previous, unit),
            "vs_last_year": _change(now, sums, program, last_year, unit),
        })
    return latest, glance


def _change(now: pd.Series, sums: pd.DataFrame, program: str, month: str, unit: str) -> str | None:
    """'增加 12 户，金额减少 3,100 元' — words rather than signs, for older readers."""
    if (program, month) not in sums.index:
        return None
    before = sums.loc[(program, month)]
    households = int(now["households"]) - int(before["households"])
    amount = round(float(now["amount"]) - float(before["amount"]))
    count = "持平" if households == 0 else f"{'增加' if households > 0 else '减少'} {abs(households):,} {unit}"
    money = "金额持平" if amount == 0 else f"金额{'增加' if amount > 0 else '减少'} {abs(amount):,} 元"
    return f"{count}，{money}"


def current_standards(ctx: SiteContext) -> list[dict]:
    frame = ctx.family("standards")
    if frame.empty:
        return []
    day = pd.Timestamp(ctx.as_of)
    valid = in_force(frame, day)
    rows = []
    for component, urban_rural, label in STANDARD_ROWS:
        match = valid[(valid["component"] == component) & (valid["urban_rural"] == urban_rural)]
        if match.empty:
            continue
        r = match.sort_values("valid_from").iloc[-1]
        value = float(r["value"])
        rows.append({
            "label": label, "floor": bool(r["is_floor"]) if not pd.isna(r["is_floor"]) else False,
            "value": yuan(value),
            "unit": UNIT_LABEL.get(r["unit"], r["unit"]),
            "monthly": f"{value / 12:,.0f}" if r["unit"] == "CNY_per_person_year" else None,
            "since": _date(r["valid_from"]),
        })
    return rows


def _date(value: object) -> str:
    if pd.isna(value):
        return ""
    day = value.date() if hasattr(value, "date") else value
    return f"{day.year}年{day.month}月{day.day}日" if isinstance(day, dt.date) else str(day)
