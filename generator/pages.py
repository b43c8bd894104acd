"""RENDER: merge the page sections into {relative path: text or bytes}.

Pure: writing is the pipeline's job, and tests compare the result with golden
files. Two sections writing the same path is an error, never an overwrite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from generator.context import SiteContext
from generator.sections import (data, funds, help, home, policies, publicity, releases, services, standards,
                                statistics)
from generator.templating import TEMPLATES, environment

SECTIONS = (home, policies, standards, publicity, statistics, funds, services, data, releases, help)
ASSETS = TEMPLATES / "assets"
OVERRIDES = TEMPLATES / "overrides"  # Material block overrides, copied next to the docs at build time


# What the progress line says while a section renders (a province takes minutes).
SECTION_LABEL = {home: "首页", policies: "政策文件", standards: "救助标准", publicity: "公示公告", statistics: "保障统计",
                 funds: "资金使用", services: "办事服务", data: "开放数据和下载文件", releases: "发布记录和订阅",
                 help: "帮助"}


def render(ctx: SiteContext, progress: Callable[[str], None] | None = None,
           published: Callable[[], data.Published] | None = None) -> dict[str, str | bytes]:
    """Every page; the download files too, unless `published` waits for them
    to be written elsewhere (see `pipeline.generate_docs`)."""
    return dict(each(ctx, progress, published))


def each(ctx: SiteContext, progress: Callable[[str], None] | None = None,
         published: Callable[[], data.Published] | None = None) -> Iterator[tuple[str, str | bytes]]:
    """`render`, one section at a time, so a caller can write the pages of a
    section and let them go before the next (a province's notices are 100 MB)."""
    env = environment()
    seen: set[str] = set()
    for section in SECTIONS:
        if progress:
            progress(f"生成{SECTION_LABEL[section]}")
        made = data.render(ctx, env, published()) if section is data and published else section.render(ctx, env)
        for path, content in made.items():
            if path in seen:
                raise ValueError(f"two sections write {path}")
            seen.add(path)
            yield path, scrollable_tables(content) if path.endswith(".md") else content


def scrollable_tables(markdown: str) -> str:
    """Wrap each top-level Markdown table in a keyboard-focusable region, so a
    table wider than a phone can be scrolled without JavaScript (WCAG 2.1.1)."""
    out: list[str] = []
    inside = False
    for line in markdown.split("\n"):
        is_row = line.startswith("|")
        if is_row and not inside:
            out += ['<div class="sunshine-scroll" tabindex="0" role="region" aria-label="表格（可左右滚动）" markdown>', ""]
        elif not is_row and inside:
            out += ["", "</div>"]
        inside = is_row
        out.append(line)
    if inside:
        out += ["", "</div>"]
    return "\n".join(out)
