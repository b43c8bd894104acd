"""/services/: 办事服务 — how to apply for each kind of assistance, where to
apply, where to complain, and case-aide staffing against the population rule.

The three guides are Markdown in `content/services/` (national rules with the
article for each); a project may override any of them with its own file of
the same name, otherwise the copy shipped with Sunshine is used.
"""

from __future__ import annotations

import re

import jinja2
import pandas as pd

from generator.context import SiteContext
from generator.rules.staffing import aides_required
from generator.templating import TEMPLATES

GUIDES = {"dibao": "低保（最低生活保障）", "tekun": "特困人员救助供养", "linshi": "临时救助"}
SHIPPED = TEMPLATES.parent / "content" / "services"
CHANNEL_TYPES = ("hotline", "complaint", "petition_address")
SERVICE_LABEL = {"dibao": "低保", "tekun": "特困", "linshi": "临时救助"}


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    """The index names every township once (a province has a thousand); each
    township's windows, village agents and staffing are on its own page."""
    points, staffed = service_points(ctx), staffing(ctx)
    townships = township_services(ctx, points, staffed)
    pages = {
        "services/index.md": env.get_template("services/index.md.j2").render(
            guides=GUIDES, county_windows=[p for p in points if p["type"] == "county_window"], townships=townships,
            channels=[p for p in points if p["type"] in CHANNEL_TYPES],
        ),
        "services/staffing.md": env.get_template("services/staffing.md.j2").render(staffing=staffed),
    }
    for township in townships:
        pages[f"services/{township['code']}.md"] = env.get_template("services/township.md.j2").render(township=township)
    for name in GUIDES:
        local = ctx.package.root / "content" / "services" / f"{name}.md"
        source = local if local.is_file() else SHIPPED / f"{name}.md"
        pages[f"services/{name}.md"] = source.read_text(encoding="utf-8")
    return pages


def township_services(ctx: SiteContext, points: list[dict], staffed: list[dict]) -> list[dict]:
    """Every township of `areas`, in code order, with its windows, the agents
    in its villages and its staffing row."""
    areas = ctx.family("areas")
    names, by_code = ctx.area_names(), {row["code"]: row for row in staffed}
    townships = {code: {"code": code, "name": names[code], "windows": [], "agents": [], "staffing": by_code.get(code)}
                 for code in sorted(areas.loc[areas["level"] == "township", "code"].tolist())}
    parent = dict(zip(areas["code"].tolist(), areas["parent_code"].tolist()))

    def township_of(code: object) -> object:
        while isinstance(code, str) and code not in townships:
            code = parent.get(code)
        return code

    for point in points:
        kind = {"township_window": "windows", "village_agent": "agents"}.get(point["type"])
        code = township_of(point["area_code"])
        if kind and code in townships:
            townships[code][kind].append(point)
    return list(townships.values())


def tel(phone: str) -> str:
    """A `tel:` address with digits only, so no data can become markup."""
    return "tel:" + re.sub(r"[^0-9+]", "", phone)


def service_points(ctx: SiteContext) -> list[dict]:
    frame = ctx.family("service_points")
    names = ctx.area_names()
    points = []
    for r in frame.itertuples(index=False):
        phone = _str(r.phone)
        points.append({
            "type": r.window_type, "name": _str(r.name), "area_code": r.area_code,
            "area": names.get(r.area_code, r.area_code),
            "address": _str(r.address), "hours": _str(r.hours), "phone": phone, "tel": tel(phone) if phone else "",
            "services": "、".join(SERVICE_LABEL.get(s.strip(), s.strip()) for s in _str(r.services).split(",") if s.strip()),
            "first_contact": bool(r.first_contact_duty) if not pd.isna(r.first_contact_duty) else False,
        })
    return points


def complaint_channels(ctx: SiteContext) -> list[dict]:
    return [p for p in service_points(ctx) if p["type"] in CHANNEL_TYPES]


def staffing(ctx: SiteContext) -> list[dict]:
    frame = ctx.family("staffing")
    names = ctx.area_names()
    rows = []
    for r in frame.sort_values("township_code").itertuples(index=False):
        if pd.isna(r.registered_population):
            continue
        required = aides_required(int(r.registered_population))
        actual = None if pd.isna(r.aides_actual) else int(r.aides_actual)
        if actual is None:
            verdict = "未报"
        elif actual >= required:
            verdict = "达标"
        else:
            verdict = f"未达标（缺 {required - actual} 名）"
        rows.append({"code": r.township_code, "township": names.get(r.township_code, r.township_code),
                     "population": int(r.registered_population),
                     "required": required, "actual": actual, "verdict": verdict,
                     "as_of": r.as_of.date().isoformat() if not pd.isna(r.as_of) else ""})
    return rows


def _str(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)
