"""The portal loads nothing from outside: no Google Fonts, no CDN, no unpkg.
A reader on a county network, or behind a government firewall, sees the same
site, and no third party learns who read which notice."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = {"data", "blob", "about"}


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname == "127.0.0.1"


def test_every_page_template_requests_only_the_portals_own_files(site, new_page):
    """One page of every template, loaded in turn in one tab (fonts included:
    the page is only done once document.fonts.ready resolves)."""
    page = new_page("desktop")
    requested: list[tuple[str, str]] = []
    current = {"url": ""}
    page.on("request", lambda request: requested.append((current["url"], request.url)))
    # Never let a request leave the machine, even when the test fails.
    page.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
    visited = [path for path in site.templates().values() if path is not None]
    for path in visited:
        current["url"] = path
        page.goto(site.url(path), wait_until="load")
        page.evaluate("document.fonts.ready.then(() => true)")
    assert len({url for url, _ in requested}) == len(visited), "有页面没有发出任何请求，测试没有生效"
    outside = sorted({f"{path} → {url}" for path, url in requested if not is_local(url)})
    assert not outside, "页面向外部网站请求了文件:\n" + "\n".join(outside)


def test_search_loads_only_local_files(site, new_page):
    """Searching fetches the index and Material's search worker, all from the portal."""
    page = new_page("desktop")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.context.on("request", lambda request: requested.append(request.url))
    page.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
    page.goto(site.url("/"), wait_until="networkidle")
    page.keyboard.press("s")
    page.keyboard.insert_text("低保")
    page.keyboard.press("End")
    page.wait_for_selector(".md-search-result__meta", state="visible")
    page.wait_for_load_state("networkidle")
    assert any(u.endswith("search_index.json") for u in requested), "搜索没有加载本站的搜索索引"
    outside = sorted({u for u in requested if not is_local(u)})
    assert not outside, "搜索时向外部网站请求了文件:\n" + "\n".join(outside)
