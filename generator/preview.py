"""`sunshine serve`: regenerate the pages whenever content/ or datasets/
change, and let `mkdocs serve` reload the browser.

Polling (once a second) instead of file-system events: it behaves the same
on network drives and in containers, and a clerk's edits are not that fast.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from generator import reporting, site
from generator.checking import check
from generator.pipeline import generate_docs

WATCHED = ("content", "datasets")


def serve(project: Path, *, address: str, as_of: dt.date | None, say: Callable[[str], None]) -> None:
    regenerate(project, as_of, say)
    server = site.serve_process(project, address)
    say(f"预览地址：http://{address}/  （按 Ctrl+C 结束）")
    seen = _snapshot(project)
    try:
        while True:
            time.sleep(1)
            now = _snapshot(project)
            if now != seen:
                seen = now
                say("检测到文件变化，重新生成网页")
                regenerate(project, as_of, say)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:  # a MkDocs stuck in a rebuild must not keep the terminal
            server.kill()
            server.wait()


def regenerate(project: Path, as_of: dt.date | None, say: Callable[[str], None]) -> bool:
    """Check and write the docs; on blocking problems keep the previous pages and say why."""
    result = check(project)
    if not result.report.publishable() or result.package is None:
        say(reporting.to_text(result.report, strict=False, checked=result.counts))
        say("有阻止发布的问题，预览保持上一次的页面。")
        return False
    generate_docs(project, result, as_of)
    return True


def _snapshot(project: Path) -> dict[str, float]:
    return {
        str(path): path.stat().st_mtime
        for folder in WATCHED
        for path in (project / folder).rglob("*")
        if path.is_file()
    }
