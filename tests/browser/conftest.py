"""Browser fixtures: the fixture portal built once per session, served over
HTTP on 127.0.0.1 (search and downloads use fetch, which file:// blocks), and
one headless Debian Chromium driven by Playwright.

The browser is the system package /usr/bin/chromium (installed by
tests/browser/ensure_browser.sh from `make test`), never a Playwright download.
Without it the browser tests fail with a clear message; set
SUNSHINE_SKIP_BROWSER=1 to skip them on purpose.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT, copy_portal, release_history  # tests/conftest.py (tests/ is on sys.path)

CHROMIUM = Path("/usr/bin/chromium")
AS_OF = dt.date(2025, 12, 20)
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
VENDOR = Path(__file__).resolve().parents[1] / "vendor"
TEST_HELPERS = "/__tests__/"
SECTIONS = ("policies", "standards", "publicity", "statistics", "funds", "services", "data")

SKIP_ENV = "SUNSHINE_SKIP_BROWSER"
MISSING_BROWSER = (
    "浏览器测试需要 Debian 的 chromium 和 fonts-noto-cjk，但没有找到 {what}。"
    "请以 root 运行 `make test`（会自动 apt-get install chromium fonts-noto-cjk），"
    "或手动安装；确实要跳过浏览器测试时设置 SUNSHINE_SKIP_BROWSER=1。\n"
    "Browser tests need Debian's chromium and fonts-noto-cjk, but {what} is missing. "
    "Run `make test` as root (it apt-get installs them), install them yourself, "
    "or set SUNSHINE_SKIP_BROWSER=1 to skip the browser tests on purpose."
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives a real Chromium against the built demo site")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get(SKIP_ENV) != "1":
        return
    skip = pytest.mark.skip(reason=f"{SKIP_ENV}=1：按要求跳过浏览器测试")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _require_browser() -> None:
    if not CHROMIUM.exists():
        pytest.fail(MISSING_BROWSER.format(what=str(CHROMIUM)), pytrace=False)
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False) \
        if shutil.which("fc-list") else None
    if fonts is None or not fonts.stdout.strip():
        pytest.fail(MISSING_BROWSER.format(what="中文字体 (fonts-noto-cjk)"), pytrace=False)
    try:
        import playwright  # noqa: F401
    except ImportError:
        pytest.fail(MISSING_BROWSER.format(what="Python 包 playwright (requirements-test.lock)"), pytrace=False)


# ---------------------------------------------------------------- the site

@dataclass(frozen=True)
class Site:
    root: Path      # the built site folder
    base_url: str   # http://127.0.0.1:PORT

    def url(self, path: str) -> str:
        return self.base_url + path

    def pages(self) -> list[str]:
        """Every page's URL path ("/", "/policies/", "/404.html"), sorted."""
        paths = []
        for html in self.root.rglob("*.html"):
            relative = html.relative_to(self.root).as_posix()
            if relative.startswith(("assets/", "search/", TEST_HELPERS.strip("/"))):
                continue
            if html.name == "index.html":
                paths.append("/" + relative[: -len("index.html")])
            else:
                paths.append("/" + relative)
        return sorted(paths)

    def html(self, path: str) -> str:
        file = self.root / path.lstrip("/")
        if path.endswith("/"):
            file = file / "index.html"
        return file.read_text(encoding="utf-8")

    def sub_pages(self, section: str) -> list[str]:
        """Pages inside a section, below its index page."""
        prefix = f"/{section}/"
        return [p for p in self.pages() if p.startswith(prefix) and p != prefix]

    def notice_pages(self) -> list[str]:
        """Publicity pages that show one notice (a standalone document whose
        <main> is marked `notice`). Notices with a name list come first."""
        found = []
        for path in self.sub_pages("publicity"):
            text = self.html(path)
            if '<main id="main" class="notice">' in text:
                found.append(("<table" not in text, path))
        return [path for _, path in sorted(found)]

    def area_pages(self) -> list[str]:
        """Standalone pages listing one township's notices of a month."""
        return [path for path in self.sub_pages("publicity") if '<main id="main" class="area">' in self.html(path)]

    def templates(self) -> dict[str, str | None]:
        """One URL per page template; None when the site has no page of that kind yet."""
        chosen: dict[str, str | None] = {"home": "/", "help-problem-codes": "/help/problem-codes/",
                                         "help-privacy": "/help/privacy/", "help-publishing": "/help/publishing/",
                                         "data-releases": "/data/releases/", "data-release": "/data/releases/2025-01/",
                                         "not-found-404": "/404.html"}
        for section in SECTIONS:
            chosen[f"{section}-index"] = f"/{section}/"
        notices = self.notice_pages()
        chosen["publicity-notice"] = notices[0] if notices else None
        areas = self.area_pages()
        chosen["publicity-area"] = areas[0] if areas else None
        for section in SECTIONS_WITH_PAGES:
            others = [p for p in self.sub_pages(section) if p not in notices and p not in areas]
            chosen[f"{section}-page"] = others[0] if others else None
        return chosen


# Sections that have pages below their index (standards and funds are one page each).
SECTIONS_WITH_PAGES = ("policies", "publicity", "statistics", "services", "data")
TEMPLATE_NAMES = (
    ["home"] + [f"{s}-index" for s in SECTIONS] + [f"{s}-page" for s in SECTIONS_WITH_PAGES]
    + ["publicity-notice", "publicity-area", "help-problem-codes", "help-privacy", "help-publishing", "data-releases",
       "data-release", "not-found-404"]
)
# Every template must exist in the fixture portal built as of 2025-12-20.
REQUIRED_TEMPLATES = set(TEMPLATE_NAMES)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def build_demo_site(work: Path) -> Path:
    """Build the fixture portal as of 2025-12-20 (December's notices are live) under `work`."""
    from generator.pipeline import build

    portal = copy_portal(work / "portal")
    # mkdocs.yml's custom_dir is relative to it; the fixture copy needs the overrides too.
    overrides = portal / "site_templates" / "overrides"
    if not overrides.exists():
        shutil.copytree(ROOT / "site_templates" / "overrides", overrides)
    release_history(portal)  # twelve monthly releases and a correction: the /data/releases/ pages
    outcome = build(portal, portal / "site", as_of=AS_OF)
    if outcome.site_dir is None:
        raise RuntimeError("示例门户没有生成网站 (the fixture portal did not build)")
    return outcome.site_dir


@contextlib.contextmanager
def serve(root: Path) -> Iterator[Site]:
    """Serve `root` on 127.0.0.1 at a free port, in a thread, until the block ends."""
    # Test helpers are served beside the site (cached and compiled once by the
    # browser instead of being injected inline into every page).
    helpers = root / TEST_HELPERS.strip("/")
    helpers.mkdir(exist_ok=True)
    shutil.copy(VENDOR / "axe.min.js", helpers / "axe.min.js")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Site(root, f"http://127.0.0.1:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site(browser) -> Iterator[Site]:  # browser first: a missing Chromium fails before the build
    work = Path(tempfile.mkdtemp(prefix="sunshine-browser-"))
    try:
        with serve(build_demo_site(work)) as served:
            yield served
    finally:
        shutil.rmtree(work, ignore_errors=True)


def template_url(site: Site, template: str) -> str:
    """The page for a template; fails for a required one, skips a not-yet-written one."""
    path = site.templates()[template]
    if path is None:
        message = f"网站里还没有 {template} 类型的页面 (no {template} page in the built site)"
        if template in REQUIRED_TEMPLATES:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return site.url(path)


# ---------------------------------------------------------------- the browser

@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        # launch() gives Chromium a fresh temporary profile every session.
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@pytest.fixture(scope="session")
def contexts(browser) -> Iterator[dict[str, object]]:
    """One browser context per viewport, shared by the tests (cache and all)."""
    opened = {name: browser.new_context(viewport=size, locale="zh-CN") for name, size in VIEWPORTS.items()}
    yield opened
    for context in opened.values():
        context.close()


@pytest.fixture
def new_page(contexts):
    """Open a fresh page at a named viewport: new_page("phone") or new_page("desktop")."""
    pages = []

    def open_page(viewport: str = "phone"):
        page = contexts[viewport].new_page()
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        page.close()
