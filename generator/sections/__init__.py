"""Page sections. Each module renders one part of the site:

    render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str | bytes]

returning {path relative to the docs folder: Markdown/HTML text or file bytes}.
Sections read the context and never write files; `generator.pages` merges them
and refuses two sections writing the same path.
"""
