"""/help/: the problem-code page, generated from the code catalogue."""

from __future__ import annotations

import jinja2

from generator.context import SiteContext
from generator.problem_codes import CATALOGUE


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    return {"help/problem-codes.md": env.get_template("help/problem-codes.md.j2").render(groups=problem_code_groups())}


def problem_code_groups() -> list[dict]:
    groups: dict[str, list] = {}
    for entry in CATALOGUE.values():
        groups.setdefault(entry.group, []).append(entry)
    return [{"label": label, "codes": codes} for label, codes in groups.items()]
