"""/publicity/: 公示公告（placeholder until the section is written）."""

from __future__ import annotations

import jinja2

from generator.context import SiteContext


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    return {"publicity/index.md": "---\ntitle: 公示公告\n---\n\n# 公示公告\n\n本栏目正在建设中。\n"}
