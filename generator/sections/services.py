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
WINDOW_GROUPS = (
    ("county_window", "县级受理窗口"), ("township_window", "乡镇（街道）受理窗口"), ("village_agent", "村（社区）代办点"),
)
CHANNEL_TYPES = ("hotline", "complaint", "petition_address")
SERVICE_LABEL = {"dibao": "低保", "tekun": "特困", "linshi": "临时救助"}


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    points = service_points(ctx)
    pages = {
        "services/index.md": env.get_template("services/index.md.j2").render(
            guides=GUIDES, windows=[(label, [p for p in points if p["type"] == kind]) for kind, label in WINDOW_GROUPS],
            channels=[p for p in points if p["type"] in CHANNEL_TYPES], staffing=staffing(ctx),
        )
    }
    for name in GUIDES:
        local = ctx.package.root / "content" / "services" / f"{name}.md"
        source = local if local.is_file() else SHIPPED / f"{name}.md"
        pages[f"services/{name}.md"] = source.read_text(encoding="utf-8")
    return pages


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
            "type": r.window_type, "name": _str(r.name), "area": names.get(r.area_code, r.area_code),
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
        rows.append({"township": names.get(r.township_code, r.township_code), "population": int(r.registered_population),
                     "required": required, "actual": actual, "verdict": verdict,
                     "as_of": r.as_of.date().isoformat() if not pd.isna(r.as_of) else ""})
    return rows


def _str(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)
