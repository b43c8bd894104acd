"""/data/: one page per dataset family with its data dictionary."""

from __future__ import annotations

import jinja2

from generator.context import SiteContext
from generator.layout import FAMILIES

TYPE_LABEL = {"string": "文本", "integer": "整数", "number": "数值", "boolean": "是/否", "date": "日期", "year": "年份"}


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    views = dataset_views(ctx)
    licenses = ctx.package.descriptor.get("licenses") or []
    pages = {
        "data/index.md": env.get_template("data/index.md.j2").render(
            datasets=views, description=ctx.package.descriptor.get("description", ""),
            license="、".join(item.get("title") or item.get("name", "") for item in licenses) or "未注明",
        )
    }
    for view in views:
        pages[f"data/{view['family']}.md"] = env.get_template("data/dataset.md.j2").render(d=view)
    return pages


def dataset_views(ctx: SiteContext) -> list[dict]:
    views = []
    for family in FAMILIES:
        resources = ctx.package.family(family)
        if not resources:
            continue
        schema = resources[0].schema
        periods = [r.period for r in resources if r.period]
        views.append({
            "family": family,
            "title": FAMILIES[family][1],
            "description": schema.get("description", ""),
            "files": len(resources),
            "periods": f"{periods[0]} 至 {periods[-1]}" if len(periods) > 1 else (periods[0] if periods else ""),
            "fields": [field_view(f) for f in schema["fields"]],
            "primary_key": "、".join(f"`{k}`" for k in schema.get("primaryKey") or []),
        })
    return views


def field_view(field: dict) -> dict:
    codes = "；".join(f"{c['value']} {c['label']}" for c in field.get("categories") or [])
    return {
        "name": field["name"],
        "title": field.get("title", ""),
        "type_label": TYPE_LABEL.get(field.get("type", "string"), field.get("type", "")),
        "required": (field.get("constraints") or {}).get("required", False),
        "unit": field.get("unit", ""),
        "description": field.get("description", ""),
        "codes": codes,
    }
