"""/: the home page."""

from __future__ import annotations

import jinja2

from generator.context import SiteContext
from generator.layout import FAMILIES
from generator.sections.policies import policy_view


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    views = [policy_view(p, ctx.policies) for p in ctx.policies]
    months = sorted({r.period for r in ctx.package.resources if r.period and len(r.period) == 7})
    return {
        "index.md": env.get_template("index.md.j2").render(
            county_name=ctx.meta.get("county_name", ""), publisher=ctx.meta.get("publisher", "民政部门"),
            demo=ctx.meta.get("demo", False), policy_count=len(views),
            dataset_count=sum(1 for f in FAMILIES if ctx.package.family(f)),
            period_range=f"{months[0]} 至 {months[-1]}" if months else "暂无月度数据",
            newest_policies=sorted(views, key=lambda p: p["date_published"] or "", reverse=True)[:5],
        )
    }
