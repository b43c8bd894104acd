"""deploy/sunshine-deploy, the self-hosted deploy: the real script on a real
filesystem. A release folder is made per upload and `current` is switched by
renaming a new symlink over it, so the web server never sees a missing or a
half-copied site; `rollback` goes back one release with one command."""

from __future__ import annotations

import os
import stat
import subprocess
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "deploy" / "sunshine-deploy"
MARKER = ".sunshine-site"


def make_site(path: Path, version: str) -> Path:
    """A folder shaped like `sunshine build` output (0700, as mkdtemp makes it)."""
    (path / "data").mkdir(parents=True)
    (path / MARKER).write_text("由 sunshine build 生成\n", encoding="utf-8")
    (path / "index.html").write_text(f"<h1>阳光县 {version}</h1>\n", encoding="utf-8")
    (path / "data" / "dibao.csv").write_text(f"month,households\n{version},8799\n", encoding="utf-8")
    path.chmod(0o700)
    return path


def deploy(root: Path, *args: str, keep: int | None = None, umask: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUNSHINE_DEPLOY_")}
    env["SUNSHINE_DEPLOY_ROOT"] = str(root)
    if keep is not None:
        env["SUNSHINE_DEPLOY_KEEP"] = str(keep)
    preexec = (lambda: os.umask(umask)) if umask is not None else None
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, env=env, timeout=60,
                          preexec_fn=preexec)


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, result.stderr
    return result


def releases(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "releases").iterdir() if p.is_dir() and not p.name.startswith("."))


def live(root: Path) -> str:
    target = os.readlink(root / "current")
    assert target.startswith("releases/"), "current must be a relative link into releases/"
    return target.removeprefix("releases/")


def served(root: Path) -> str:
    return (root / "current" / "index.html").read_text(encoding="utf-8")


def assert_clean(root: Path) -> None:
    """No lock, no temporary link and no half-copied release left behind."""
    leftovers = [p.name for p in root.iterdir() if p.name not in ("current", "releases")]
    leftovers += [p.name for p in (root / "releases").iterdir() if p.name.startswith(".")]
    assert leftovers == []


@pytest.fixture
def sites(tmp_path: Path):
    return lambda version: make_site(tmp_path / f"site-{version}", version)


def test_upload_twice_puts_the_second_live_and_keeps_the_first(tmp_path, sites):
    root = tmp_path / "srv"
    first = ok(deploy(root, "upload", str(sites("v1")), "--label", "abc123"))
    assert "第一次发布" in first.stdout
    [r1] = releases(root)
    assert r1.startswith("0001-") and r1.endswith("-abc123")
    assert live(root) == r1 and "v1" in served(root)

    second = ok(deploy(root, "upload", str(sites("v2"))))
    r1_again, r2 = releases(root)
    assert r1_again == r1 and r2.startswith("0002-")
    assert live(root) == r2 and "v2" in served(root)
    assert f"上一版本 {r1}" in second.stdout and "rollback" in second.stdout
    assert "v1" in (root / "releases" / r1 / "index.html").read_text(encoding="utf-8")
    assert_clean(root)


def test_a_release_is_a_verified_copy_readable_by_the_web_server(tmp_path, sites):
    root = tmp_path / "srv"
    source = sites("v1")
    ok(deploy(root, "upload", str(source), umask=0o077))  # a hardened server's umask
    release = root / "releases" / live(root)
    copied = sorted(p.relative_to(release) for p in release.rglob("*"))
    assert copied == sorted(p.relative_to(source) for p in source.rglob("*"))
    for path in [release, *release.rglob("*")]:
        mode = path.stat().st_mode
        assert mode & stat.S_IROTH, path  # nginx runs as another user: a plain copy under umask 077 is 0600
        assert not mode & stat.S_IWOTH, path
        if path.is_dir():
            assert mode & stat.S_IXOTH, path


def test_rollback_goes_back_one_release_and_skips_it_afterwards(tmp_path, sites):
    root = tmp_path / "srv"
    ok(deploy(root, "upload", str(sites("v1"))))
    ok(deploy(root, "upload", str(sites("v2"))))
    r1, r2 = releases(root)

    result = ok(deploy(root, "rollback"))
    assert live(root) == r1 and "v1" in served(root)
    assert f"现在是 {r1}" in result.stdout
    assert releases(root) == [r1, r2]  # the bad release is kept for inspection
    listing = ok(deploy(root, "list")).stdout
    assert f"{r1}  ← 在线" in listing and f"{r2}  （已回滚）" in listing

    # The next upload's "previous" is the good release, not the one rolled back from.
    ok(deploy(root, "upload", str(sites("v3"))))
    r3 = releases(root)[-1]
    assert live(root) == r3
    ok(deploy(root, "rollback"))
    assert live(root) == r1
    assert_clean(root)


def test_rollback_with_no_previous_release_is_refused_and_changes_nothing(tmp_path, sites):
    root = tmp_path / "srv"
    nothing = deploy(root, "rollback")
    assert nothing.returncode == 1 and "不存在" in nothing.stderr
    assert not (root / "current").exists()

    ok(deploy(root, "upload", str(sites("v1"))))
    before = live(root)
    refused = deploy(root, "rollback")
    assert refused.returncode == 1
    assert "没有可以回滚到的上一个版本" in refused.stderr and "线上网站没有改变" in refused.stderr
    assert live(root) == before and "v1" in served(root)
    assert_clean(root)


def test_a_folder_that_is_not_a_built_site_is_refused(tmp_path, sites):
    root = tmp_path / "srv"
    ok(deploy(root, "upload", str(sites("v1"))))
    before = live(root)

    not_a_site = tmp_path / "docs"
    not_a_site.mkdir()
    (not_a_site / "index.html").write_text("<h1>手工改的网页</h1>\n", encoding="utf-8")
    refused = deploy(root, "upload", str(not_a_site))
    assert refused.returncode == 1
    assert "不是 sunshine build 生成的网站" in refused.stderr and MARKER in refused.stderr
    assert "线上网站没有改变" in refused.stderr

    missing = deploy(root, "upload", str(tmp_path / "no-such-site"))
    assert missing.returncode == 1 and "找不到网站目录" in missing.stderr

    assert live(root) == before and releases(root) == [before]
    assert_clean(root)


def test_current_is_switched_by_rename_and_never_missing(tmp_path, sites):
    """Poll `current` in a tight loop while releases go live and are rolled back:
    it must always resolve to a complete release (a `rm` + `ln` switch leaves a
    gap of a whole process start, which this loop sees)."""
    root = tmp_path / "srv"
    ok(deploy(root, "upload", str(sites("v1"))))
    stop = threading.Event()
    seen: set[str] = set()
    gaps = incomplete = polls = 0

    def poll() -> None:
        nonlocal gaps, incomplete, polls
        while not stop.is_set():
            polls += 1
            try:
                target = os.readlink(root / "current")
            except FileNotFoundError:
                gaps += 1
                continue
            seen.add(target)
            if not (root / target / MARKER).is_file():
                incomplete += 1

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        for version in ("v2", "v3"):
            ok(deploy(root, "upload", str(sites(version))))
        ok(deploy(root, "rollback"))
        ok(deploy(root, "upload", str(sites("v4"))))
    finally:
        stop.set()
        poller.join()
    assert polls > 1000, f"the poller looked only {polls} times"
    assert gaps == 0, f"current was missing in {gaps} of {polls} looks"
    assert incomplete == 0, f"current pointed at an incomplete release in {incomplete} of {polls} looks"
    assert len(seen) == 4, f"saw {sorted(seen)} in {polls} looks"  # v1, v2, v3 (and back to v2), v4
    # The mechanism: a new link under a temporary name, renamed over `current`.
    text = SCRIPT.read_text(encoding="utf-8")
    assert 'ln -s "releases/$1" "$tmp"' in text and 'mv -T "$tmp" "$CURRENT"' in text
    assert_clean(root)


def test_retention_prunes_old_releases_but_never_the_live_or_previous_one(tmp_path, sites):
    root = tmp_path / "srv"
    for n in range(1, 6):
        ok(deploy(root, "upload", str(sites(f"v{n}")), keep=3))
    kept = releases(root)
    assert [r[:4] for r in kept] == ["0003", "0004", "0005"]
    assert live(root) == kept[-1]

    # keep=1: still the live one and the one rollback would return to.
    root = tmp_path / "srv1"
    ok(deploy(root, "upload", str(sites("a1")), keep=1))
    ok(deploy(root, "upload", str(sites("a2")), keep=1))
    r1, r2 = releases(root)
    ok(deploy(root, "rollback", keep=1))          # live r1, r2 rolled back
    ok(deploy(root, "upload", str(sites("a3")), keep=1))
    r3 = releases(root)[-1]
    assert releases(root) == [r1, r3]             # r2 pruned; r1 kept as the previous release
    assert not (root / "releases" / f"{r2}.rolled-back").exists()
    ok(deploy(root, "rollback", keep=1))
    assert live(root) == r1
    assert_clean(root)


def test_refusals_leave_no_lock_and_respect_a_running_deploy(tmp_path, sites):
    root = tmp_path / "srv"
    ok(deploy(root, "upload", str(sites("v1"))))
    (root / ".lock").mkdir()
    busy = deploy(root, "upload", str(sites("v2")))
    assert busy.returncode == 1 and "正在运行" in busy.stderr
    assert (root / ".lock").is_dir()  # another deploy's lock is not ours to remove
    assert len(releases(root)) == 1


def test_a_real_folder_at_current_is_never_replaced(tmp_path, sites):
    root = tmp_path / "srv"
    (root / "current").mkdir(parents=True)
    (root / "current" / "index.html").write_text("old hand-made site\n", encoding="utf-8")
    refused = deploy(root, "upload", str(sites("v1")))
    assert refused.returncode == 1 and "不是符号链接" in refused.stderr
    assert (root / "current" / "index.html").read_text(encoding="utf-8") == "old hand-made site\n"


def test_usage_errors_exit_2_in_chinese(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUNSHINE_DEPLOY_")}
    no_root = subprocess.run([str(SCRIPT), "list"], capture_output=True, text=True, env=env)
    assert no_root.returncode == 2 and "SUNSHINE_DEPLOY_ROOT" in no_root.stderr
    assert deploy(tmp_path, "publish").returncode == 2
    assert deploy(tmp_path, "list", keep=0).returncode == 2
    assert deploy(tmp_path, "upload", "site", "--label", "a b").returncode == 2
    assert "用法" in ok(deploy(tmp_path, "--help")).stdout
