"""WCAG 2.1 AA (the automated part of GB/T 37668-2019) on one page of every
template, on a phone and on a desktop, with axe-core's Chinese messages."""

from __future__ import annotations

import json
import pytest

from .conftest import TEMPLATE_NAMES, TEST_HELPERS, VENDOR, VIEWPORTS, template_url

AXE_LOCALE = VENDOR / "axe-zh_CN.json"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

pytestmark = pytest.mark.browser


def run_axe(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=TEST_HELPERS + "axe.min.js")
    locale = json.loads(AXE_LOCALE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async ([locale, tags]) => {
            axe.configure({locale});
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                targets: v.nodes.map(n => n.target.join(" ")),
                summary: v.nodes.length ? v.nodes[0].failureSummary : "",
            }));
        }""",
        [locale, TAGS],
    )


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}  {v['helpUrl']}")
        for target in v["targets"][:5]:
            lines.append(f"    {target}")
        if len(v["targets"]) > 5:
            lines.append(f"    …共 {len(v['targets'])} 处")
        if v["summary"]:
            lines.append("    " + v["summary"].replace("\n", "\n    "))
    return "\n".join(lines)


@pytest.mark.parametrize("template", TEMPLATE_NAMES)
def test_page_has_no_wcag_violations_on_phone_and_desktop(site, new_page, template):
    """Checked at 390×844 first, then the same page widened to 1280×900
    (one load per template keeps the suite fast)."""
    url = template_url(site, template)
    page = new_page("phone")
    page.goto(url, wait_until="load")
    found = {}
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{url} 在 390px 手机上整页可左右滑动（宽出 {overflow}px），老年读者会看不到右侧内容"
    for viewport, size in VIEWPORTS.items():
        if viewport != "phone":
            page.set_viewport_size(size)
            page.wait_for_timeout(400)  # let layout and sunshine.js's resize handler settle
        violations = run_axe(page)
        if violations:
            found[viewport] = violations
    assert not found, f"{url} 有无障碍问题:\n" + "\n".join(
        f"[{viewport} {VIEWPORTS[viewport]['width']}px]\n{describe(v)}" for viewport, v in found.items())


@pytest.mark.parametrize("template", ["home", "data-page", "publicity-notice", "publicity-area", "publicity-page", "help-publishing",
                                      "standards-index", "statistics-index", "funds-index"])
def test_page_has_no_wcag_violations_without_the_sites_scripts(site, new_page, template):
    """Every page must work without JavaScript (old phones, blocked scripts), so
    the page as the HTML and CSS alone draw it must pass too, at phone width
    where wide tables scroll. The site's own scripts under /assets/ are
    blocked; axe comes from the test-only /__tests__/ folder."""
    url = template_url(site, template)
    page = new_page("phone")
    page.route("**/assets/**/*.js", lambda route: route.abort())
    page.goto(url, wait_until="load")
    violations = run_axe(page)
    assert not violations, f"{url}（不加载网站脚本）有无障碍问题:\n{describe(violations)}"
