"""/help/: the problem-code page, generated from the code catalogue; the
privacy page, which states the project's own publication settings; and the
staff guide to publishing a month, which is the same for every bureau and is
published as written (site_templates/help/publishing.md, readable in the
repository too)."""

from __future__ import annotations

import jinja2

from generator.context import SiteContext
from generator.problem_codes import CATALOGUE
from generator.sections.services import complaint_channels
from generator.templating import TEMPLATES

GUIDE = TEMPLATES / "help" / "publishing.md"  # plain Markdown, not a template


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    return {
        "help/problem-codes.md": env.get_template("help/problem-codes.md.j2").render(groups=problem_code_groups()),
        "help/privacy.md": env.get_template("help/privacy.md.j2").render(
            masked=ctx.named_lists_masked, retention=ctx.retention_days, threshold=ctx.threshold,
            channels=complaint_channels(ctx)),
        "help/publishing.md": GUIDE.read_text(encoding="utf-8"),
    }


def problem_code_groups() -> list[dict]:
    groups: dict[str, list] = {}
    for entry in CATALOGUE.values():
        groups.setdefault(entry.group, []).append(entry)
    return [{"label": label, "codes": codes} for label, codes in groups.items()]
