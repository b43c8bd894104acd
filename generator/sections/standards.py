"""/standards/: 救助标准（placeholder until the section is written）."""

from __future__ import annotations

import jinja2

from generator.context import SiteContext


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    return {"standards/index.md": "---\ntitle: 救助标准\n---\n\n# 救助标准\n\n本栏目正在建设中。\n"}
