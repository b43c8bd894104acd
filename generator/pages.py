"""RENDER: merge the page sections into {relative path: text or bytes}.

Pure: writing is the pipeline's job, and tests compare the result with golden
files. Two sections writing the same path is an error, never an overwrite.
"""

from __future__ import annotations

from generator.context import SiteContext
from generator.sections import data, funds, help, home, policies, publicity, services, standards, statistics
from generator.templating import TEMPLATES, environment

SECTIONS = (home, policies, standards, publicity, statistics, funds, services, data, help)
ASSETS = TEMPLATES / "assets"
OVERRIDES = TEMPLATES / "overrides"  # Material block overrides, copied next to the docs at build time


def render(ctx: SiteContext) -> dict[str, str | bytes]:
    env = environment()
    pages: dict[str, str | bytes] = {}
    for section in SECTIONS:
        for path, content in section.render(ctx, env).items():
            if path in pages:
                raise ValueError(f"two sections write {path}")
            pages[path] = content
    return pages
