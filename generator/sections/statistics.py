"""/statistics/: 保障统计（placeholder until the section is written）."""

from __future__ import annotations

import jinja2

from generator.context import SiteContext


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    return {"statistics/index.md": "---\ntitle: 保障统计\n---\n\n# 保障统计\n\n本栏目正在建设中。\n"}
