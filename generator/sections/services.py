"""/services/: 办事服务（placeholder until the section is written）."""

from __future__ import annotations

import jinja2

from generator.context import SiteContext


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    return {"services/index.md": "---\ntitle: 办事服务\n---\n\n# 办事服务\n\n本栏目正在建设中。\n"}
