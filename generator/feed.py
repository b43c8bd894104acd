"""The Atom feed, /feed.xml: an entry per release, per correction and per
policy first published with a release, newest first.

Built from the release archive only, so it is the same bytes on every build;
entry ids are tag URIs that do not depend on where the site is hosted.
Without `site_url` in mkdocs.yml, links are relative to the feed, which
sits at the site root.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape

from generator import release_facts, site
from generator.archive import Release
from generator.context import SiteContext

ATOM = "http://www.w3.org/2005/Atom"
EPOCH = "2025-01-01T00:00:00+08:00"  # `updated` of a feed with no entries yet


def atom(ctx: SiteContext, releases: list[Release]) -> bytes:
    base = site.site_url(ctx.package.root) or ""
    base = base if not base or base.endswith("/") else base + "/"
    tag = f"tag:sunshine,2025:{ctx.package.county_code or ctx.package.descriptor.get('name', 'portal')}"
    entries = sorted(_entries(releases, tag, base), key=lambda e: (e["updated"], e["id"]), reverse=True)

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    _add(feed, "id", f"{tag}:feed")
    _add(feed, "title", f"{ctx.site_name}：数据发布与政策更新")
    _add(feed, "subtitle", "每月数据发布、已发布数据的更正和新收录的政策文件。")
    _add(feed, "updated", entries[0]["updated"] if entries else EPOCH)
    _add(feed, "link", rel="self", type="application/atom+xml", href=f"{base}feed.xml")
    _add(feed, "link", rel="alternate", type="text/html", href=base or "./")
    author = _add(feed, "author")
    _add(author, "name", ctx.meta.get("publisher") or ctx.site_name)
    for entry in entries:
        node = _add(feed, "entry")
        _add(node, "id", entry["id"])
        _add(node, "title", entry["title"])
        _add(node, "updated", entry["updated"])
        _add(node, "link", rel="alternate", type="text/html", href=base + entry["path"])
        _add(node, "content", _html(entry["lines"]), type="html")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _entries(releases: list[Release], tag: str, base: str) -> list[dict]:
    entries = []
    previous: dict | None = None  # facts of the latest release of an earlier month
    for release in releases:
        when = f"{release.date}T00:00:00+08:00"
        label = release_facts.month_label(release.month)
        if release.revision == 1:
            entries.append({"id": f"{tag}:release/{release.month}", "updated": when, "path": f"data/releases/{release.month}/",
                            "title": f"{label}数据发布", "lines": list(release.notes)})
            for doc_id, title in release_facts.new_policies(previous, release.facts):
                entries.append({"id": f"{tag}:policy/{doc_id}", "updated": when, "path": f"policies/{doc_id}/",
                                "title": f"新收录政策文件：{title}", "lines": [title]})
        else:
            entries.append({"id": f"{tag}:release/{release.month}/r{release.revision}", "updated": when,
                            "path": f"data/releases/{release.month}/#r{release.revision}",
                            "title": f"{label}数据更正（第 {release.revision} 版）",
                            "lines": [f"更正说明：{release.erratum}", *release.notes]})
        if previous is None or release.month >= previous["month"]:
            previous = release.facts
    return entries


def _html(lines: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>"


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    node = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
    if text is not None:
        node.text = text
    return node
