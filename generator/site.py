"""BUILD SITE: the only module that runs MkDocs, and the atomic swap of the
output folder.

MkDocs runs as a subprocess on the project's own `mkdocs.yml` (which reads the
generated docs from `.build/docs`), so the same tree also builds with
`properdocs build` or `zensical build` when Material reaches end of life.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

from generator.problems import Problem

DOCS_DIR = Path(".build") / "docs"
OVERRIDES_DIR = Path(".build") / "overrides"
FIXED_EPOCH = "1735689600"  # 2025-01-01T00:00:00Z: sitemap dates must not depend on the clock
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
UNLISTED = ("/publicity/",)  # named lists: never offered to search engines (domain research §6.4)


MARKER = ".sunshine-site"  # written into every built site; only such a folder is ever replaced


class SiteBuildError(Exception):
    """MkDocs failed; the message is MkDocs' own output."""


def build(project: Path, site_dir: Path, inspect: Callable[[Path, str], list[Problem]]) -> list[Problem]:
    """Run MkDocs into a staging folder beside `site_dir`, let `inspect` read
    every file of it (the privacy gate), and swap it in only if that found
    nothing. Returns what `inspect` found.

    A failure leaves `site_dir` as it was; a success replaces it in one step.
    """
    config = (project / "mkdocs.yml").resolve()  # MkDocs runs in the project folder: no relative paths
    if not config.is_file():
        raise SiteBuildError(f"找不到 {config}。请从 Sunshine 仓库复制 mkdocs.yml 到项目根目录。")
    site_dir = site_dir.resolve()
    _refuse_foreign_folder(site_dir, project.resolve())
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    staging.chmod(0o777 & ~_umask())  # mkdtemp makes it 0700: a web server could not read the swapped-in site
    try:
        _run_mkdocs(config, staging)
        prune_sitemap(staging)
        found = inspect(staging, site_dir.name)
        if found:
            return found
        (staging / MARKER).write_text("由 sunshine build 生成；下次生成时整个文件夹会被替换。\n", encoding="utf-8")
        _swap_in(staging, site_dir)
        return []
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def site_name(project: Path) -> str | None:
    """`site_name` from the project's mkdocs.yml, for the pages Sunshine renders
    outside MkDocs (None when there is no such file or setting)."""
    return _setting(project, "site_name")


def site_url(project: Path) -> str | None:
    """`site_url` from mkdocs.yml (the feed's absolute links), None when not set."""
    return _setting(project, "site_url")


def _setting(project: Path, key: str) -> str | None:
    config = project / "mkdocs.yml"
    if not config.is_file():
        return None
    match = re.search(rf"^{key}:[ \t]*(.+?)[ \t]*$", config.read_text(encoding="utf-8"), re.MULTILINE)
    return (match.group(1).strip("'\"") or None) if match else None


def _refuse_foreign_folder(site_dir: Path, project: Path) -> None:
    """The output folder is replaced whole: never do that to a folder we did not build."""
    if site_dir == project or site_dir in project.parents:
        raise SiteBuildError(f"输出目录 {site_dir} 是项目目录本身或它的上级，不能用作网站输出目录。")
    if site_dir.exists() and any(site_dir.iterdir()) and not (site_dir / MARKER).is_file():
        raise SiteBuildError(
            f"输出目录 {site_dir} 里已有其他文件，但不是 sunshine build 生成的网站；为避免误删，没有覆盖它。"
            "请换一个空目录，或先自行清空该目录。"
        )


def serve_process(project: Path, address: str) -> subprocess.Popen:
    """`mkdocs serve` on the generated docs; it reloads the browser whenever
    `sunshine serve` rewrites them."""
    command = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", address,
               "--config-file", str((project / "mkdocs.yml").resolve())]
    return subprocess.Popen(command, cwd=project, env=_mkdocs_env())


def _mkdocs_env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true",
            "SOURCE_DATE_EPOCH": FIXED_EPOCH}


def _run_mkdocs(config: Path, out: Path) -> None:
    env = _mkdocs_env()
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
               "--config-file", str(config), "--site-dir", str(out)]
    finished = subprocess.run(command, cwd=config.parent, env=env, capture_output=True, text=True)
    if finished.returncode != 0:
        raise SiteBuildError((finished.stderr or finished.stdout).strip())


def prune_sitemap(site: Path) -> None:
    """Drop every publicity URL from sitemap.xml and rewrite sitemap.xml.gz
    from it byte-for-byte reproducibly (gzip with mtime 0, no file name)."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return
    ET.register_namespace("", SITEMAP_NS)
    tree = ET.parse(sitemap)
    root = tree.getroot()
    for url in list(root.findall(f"{{{SITEMAP_NS}}}url")):
        loc = url.findtext(f"{{{SITEMAP_NS}}}loc", default="")
        if any(part in loc for part in UNLISTED):
            root.remove(url)
    data = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    sitemap.write_bytes(data)
    with open(site / "sitemap.xml.gz", "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed:
        packed.write(data)


def _swap_in(staging: Path, site_dir: Path) -> None:
    """Exchange the staging folder with the live one atomically (Linux
    renameat2 RENAME_EXCHANGE); elsewhere, two renames with a short gap."""
    if not site_dir.exists():
        os.rename(staging, site_dir)
        staging.mkdir()  # the caller removes it
        return
    if _exchange(staging, site_dir):
        return  # staging now holds the previous site; the caller removes it
    previous = staging.with_name(staging.name + "-old")
    os.rename(site_dir, previous)
    os.rename(staging, site_dir)
    os.rename(previous, staging)


def _exchange(a: Path, b: Path) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0
