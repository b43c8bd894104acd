"""A village office prints a publicity notice to pin on the notice board: it
fits on one or two A4 sheets and carries what a reader needs (title, 公示期,
the objection phone), without the website's header and menus."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

SITE_CHROME = ["header.site", "nav.crumbs", "footer.site", ".skip"]  # the standalone notice page's own chrome


def pdf_page_count(pdf: bytes) -> int:
    # Chromium writes one uncompressed "/Type /Page" dictionary per sheet.
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.fixture
def notice_url(site) -> str:
    notices = site.notice_pages()
    if not notices:
        pytest.fail("网站 /publicity/ 下没有公示页面（<main class=\"notice\">）。"
                    "No publicity notice page in the built site: nothing to print.", pytrace=False)
    return site.url(notices[0])


def test_printed_notice_fits_two_a4_pages_and_keeps_what_readers_need(new_page, notice_url):
    page = new_page("desktop")
    page.goto(notice_url, wait_until="load")
    title = page.inner_text("h1").strip()
    phones = [t.strip() for t in page.locator('main a[href^="tel:"]').all_inner_texts()]
    assert title, f"{notice_url} 没有标题"
    assert phones, f"{notice_url} 没有可拨打的异议电话链接"

    page.emulate_media(media="print")
    printed = page.inner_text("body")  # innerText leaves out what print CSS hides
    assert title in printed, "打印稿里没有公示标题"
    assert "公示期" in printed, "打印稿里没有公示期"
    assert phones[0] in printed, f"打印稿里没有异议电话 {phones[0]}"
    shown = [selector for selector in SITE_CHROME if page.locator(selector).first.is_visible()]
    assert not shown, f"打印时仍显示网站的页头或导航: {shown}"

    pdf = page.pdf(format="A4", print_background=True)
    sheets = pdf_page_count(pdf)
    assert 1 <= sheets <= 2, f"公示打印出来有 {sheets} 页 A4，应为 1–2 页"
