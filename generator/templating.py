"""The Jinja2 environment every section renders with, and its escaping filters.

Pages are Markdown with some HTML; every value from data or front matter goes
through `text` (outside tables) or `cell` (inside table cells) so it can never
become markup or break a table.
"""

from __future__ import annotations

import html
from pathlib import Path

import jinja2

from generator import rules

TEMPLATES = Path(__file__).resolve().parents[1] / "site_templates"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, autoescape=False,
    )
    env.filters["text"] = text
    env.filters["cell"] = cell
    env.filters["title"] = front_matter_title
    env.filters["yuan"] = yuan
    env.filters["count"] = count
    return env


def count(value: object) -> str:
    """A count for people: '1,079'; None (suppressed) as 'C'."""
    return "C" if value is None else f"{int(value):,}"


def text(value: object) -> str:
    """Safe as Markdown text: no HTML, no Markdown emphasis or links from data."""
    escaped = html.escape("" if value is None else str(value), quote=False)
    for char in "\\`*_[]#":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def yaml_string(value: object) -> str:
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def front_matter_title(value: object) -> str:
    """A page title for front matter: MkDocs and the theme put it into <title>
    and the navigation as it is, so markup in it would run; escape it first."""
    return yaml_string(html.escape(str(value), quote=False))


def cell(value: object) -> str:
    """Safe inside a Markdown table cell: no HTML, no column breaks."""
    return text(value).replace("|", "&#124;").replace("\n", " ")


def yuan(value: object) -> str:
    """Money for people: '1,079' or '1,079.50'; None (suppressed) as 'C'."""
    return "C" if value is None else rules.yuan(value)
