"""/funds/: 资金使用（placeholder until the section is written）."""

from __future__ import annotations

import jinja2

from generator.context import SiteContext


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    return {"funds/index.md": "---\ntitle: 资金使用\n---\n\n# 资金使用\n\n本栏目正在建设中。\n"}
