"""`sunshine serve` previews the site and picks up a clerk's edit."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode("utf-8")
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"{url} did not answer within {timeout} s")


def test_serve_regenerates_after_an_edit(portal, tmp_path):
    port = free_port()
    # Output goes to a file, not a pipe nobody reads: a full pipe would block the server.
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", str(portal), "--port", str(port),
                               "--as-of", "2025-12-20"], stdout=log, stderr=subprocess.STDOUT)
    try:
        page = fetch(f"http://127.0.0.1:{port}/policies/jilin-2007-20/", 90)
        assert "吉林市城乡社会救助体系建设" in page
        policy = portal / "content" / "policies" / "jilin-2007-20.md"
        policy.write_text(policy.read_text(encoding="utf-8").replace("为加快推进", "【预览测试】为加快推进", 1),
                          encoding="utf-8")
        deadline = time.monotonic() + 90
        while "【预览测试】" not in fetch(f"http://127.0.0.1:{port}/policies/jilin-2007-20/", 30):
            assert time.monotonic() < deadline, "the edit never reached the preview"
            time.sleep(1)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            output = (tmp_path / "serve.log").read_text(encoding="utf-8", errors="replace")
            pytest.fail(f"sunshine serve did not stop within 60 s of Ctrl+C; its output:\n{output[-3000:]}")
        finally:
            log.close()
