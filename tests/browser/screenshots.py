"""Save full-page screenshots of one page per template, on a phone (390 px)
and a desktop (1280 px), for a person to look at.

    .venv/bin/python tests/browser/screenshots.py OUT_DIR

Builds the fixture portal as the browser tests do (as of 2025-12-20).
Not a test: it asserts nothing.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from browser.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORTS, build_demo_site, serve  # noqa: E402


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="sunshine-shots-") as work, \
            serve(build_demo_site(Path(work))) as site, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for viewport, size in VIEWPORTS.items():
            context = browser.new_context(viewport=size, locale="zh-CN")
            page = context.new_page()
            for template, path in site.templates().items():
                if path is None:
                    print(f"跳过 {template}：网站里还没有这种页面")
                    continue
                page.goto(site.url(path), wait_until="networkidle")
                target = out / f"{template}-{size['width']}.png"
                page.screenshot(path=str(target), full_page=True)
                print(f"{target}  ← {path}")
            context.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
