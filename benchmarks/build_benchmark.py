"""Benchmark `sunshine build` (not a test).

    .venv/bin/python benchmarks/build_benchmark.py [--runs N] [--skip-province]

Times whole `sunshine build` processes, MkDocs included, and writes the figures
to benchmarks/results/build.md and build.json:

1. A cold build of the committed county demo: the staging folder (.build/) is
   removed before every run and the site goes to a new folder.
2. A build at `--scale province` (≈ 1,000,000 households, ≈ 15,000 villages):
   the generated province data package with this repository's content/ and
   mkdocs.yml, built once.

Peak memory is the largest sum over the process tree (sunshine, the child
it forks to write the downloads, and MkDocs) of proportional set size (PSS:
a page shared by the forked child and its parent counted once), sampled
once a second from /proc/*/smaps_rollup (reading it costs ~45 ms for a
3 GB process: sampled more often, the sampler slows the build it measures).
The peak sum of resident memory (RSS, shared pages counted in each process,
sampled every 50 ms) is reported beside it. The
size of the largest HTML page and of the search index are reported too.
Generated data goes to benchmarks/.data/ (gitignored; never committed).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / ".data"
RESULTS = ROOT / "benchmarks" / "results"
SUNSHINE = str(Path(sys.executable).parent / "sunshine")
AS_OF = "2025-12-20"  # as `make site`: December's notices are live
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PAGE = 4096


def tree_pids(pid: int) -> list[int]:
    """A process and all its descendants."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    pending += [int(c) for c in children.read().split()]
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return found


def tree_rss(pids: list[int]) -> int:
    """Sum of resident bytes (cheap: /proc/*/statm)."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/statm") as statm:
                total += int(statm.read().split()[1]) * PAGE
        except (FileNotFoundError, ProcessLookupError, ValueError):
            continue
    return total


def tree_pss(pids: list[int]) -> int:
    """Sum of proportional set sizes: a page shared by n processes counts 1/n
    in each. Costly (~45 ms for a 3 GB process), so sampled once a second."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += next((int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:")), 0)
        except (FileNotFoundError, ProcessLookupError, ValueError, PermissionError):
            continue
    return total


def timed(command: list[str], cwd: Path, timeout: float | None = None) -> dict:
    """Wall time and peak tree memory of one run; a run past `timeout` is stopped
    and reported as exit "timeout" (so an over-budget build still leaves figures)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    peak = peak_rss = 0
    next_pss = started
    while process.poll() is None:
        pids = tree_pids(process.pid)
        peak_rss = max(peak_rss, tree_rss(pids))
        if time.perf_counter() >= next_pss:
            peak, next_pss = max(peak, tree_pss(pids)), time.perf_counter() + 1.0
        if timeout is not None and time.perf_counter() - started > timeout:
            os.killpg(process.pid, 9)
            process.wait()
            return {"wall_s": time.perf_counter() - started, "peak_mib": peak / 2**20, "peak_rss_mib": peak_rss / 2**20,
                    "exit_code": "timeout"}
        time.sleep(0.05)
    wall = time.perf_counter() - started
    stderr = process.stderr.read().decode(errors="replace")
    if process.returncode != 0:
        print(stderr[-3000:], file=sys.stderr)
    return {"wall_s": wall, "peak_mib": peak / 2**20, "peak_rss_mib": peak_rss / 2**20, "exit_code": process.returncode}


def site_facts(site: Path) -> dict:
    pages = list(site.rglob("*.html"))
    largest = max(pages, key=lambda p: p.stat().st_size)
    index = site / "search" / "search_index.json"
    return {
        "html_pages": len(pages),
        "site_mib": round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20, 1),
        "largest_page_kib": round(largest.stat().st_size / 1024), "largest_page": str(largest.relative_to(site)),
        "search_index_kib": round(index.stat().st_size / 1024) if index.exists() else None,
    }


def build_runs(label: str, project: Path, runs: int, timeout: float | None = None) -> dict:
    samples, facts = [], {}
    for _ in range(runs):
        shutil.rmtree(project / ".build", ignore_errors=True)  # cold: nothing staged from before
        with tempfile.TemporaryDirectory(dir=DATA) as scratch:
            out = Path(scratch) / "site"
            command = [SUNSHINE, "build", str(project), "--out", str(out), "--as-of", AS_OF]
            samples.append(timed(command, project, timeout))
            if samples[-1]["exit_code"] == 0:
                facts = site_facts(out)
    walls = [s["wall_s"] for s in samples]
    result = {
        "label": label, "runs": runs,
        "wall_median_s": round(statistics.median(walls), 1),
        "wall_min_s": round(min(walls), 1), "wall_max_s": round(max(walls), 1),
        "peak_mib": round(max(s["peak_mib"] for s in samples)),
        "peak_rss_mib": round(max(s["peak_rss_mib"] for s in samples)),
        "exit_code": samples[-1]["exit_code"], **facts,
    }
    print(f"{label}: {result['wall_median_s']} s, {result['peak_mib']} MiB, exit {result['exit_code']}", flush=True)
    return result


def province_project() -> tuple[Path, float | None]:
    """The province data package plus this repository's content and MkDocs configuration."""
    project = DATA / "province"
    generated = None
    if not (project / "datasets" / "datapackage.json").is_file():
        shutil.rmtree(project, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run([SUNSHINE, "demo-data", "--scale", "province", "--out", str(project)], check=True, env=ENV)
        generated = time.perf_counter() - started
    shutil.rmtree(project / "content", ignore_errors=True)
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return project, generated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-province", action="store_true")
    parser.add_argument("--province-timeout", type=float, default=900, help="seconds before the province run is stopped")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")], check=True)
    results: dict = {"date": time.strftime("%Y-%m-%d"), "cores": os.cpu_count()}
    results["county"] = build_runs("sunshine build, county demo (cold)", ROOT, args.runs)
    if not args.skip_province:
        project, generated = province_project()
        results["province_generation_s"] = round(generated, 1) if generated else "reused"
        results["province"] = build_runs("sunshine build, province scale", project, 1, args.province_timeout)
    write(results)


def write(results: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "build.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lines = [
        "# `sunshine build` benchmark", "",
        f"Run {results['date']} on {results['cores']} cores. Whole `sunshine build` processes, MkDocs included; "
        "peak = largest proportional set size (PSS) of the process tree, shared pages counted once (sampled every second); "
        "RSS = largest sum of resident memory, pages a forked child shares with its parent counted twice "
        "(sampled every 50 ms).",
        "Reproduce: `.venv/bin/python benchmarks/build_benchmark.py`.", "",
        "| What | Runs | Median s | Min–max s | Peak MiB (PSS) | Peak MiB (RSS) | Exit | HTML pages | Site MiB | Largest page KiB | Search index KiB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for key in ("county", "province"):
        r = results.get(key)
        if r:
            lines.append(
                f"| {r['label']} | {r['runs']} | {r['wall_median_s']} | {r['wall_min_s']}–{r['wall_max_s']} | "
                f"{r['peak_mib']} | {r.get('peak_rss_mib', '–')} | {r['exit_code']} | {r.get('html_pages', '–')} | {r.get('site_mib', '–')} | "
                f"{r.get('largest_page_kib', '–')} | {r.get('search_index_kib', '–')} |"
            )
    lines += ["", "Budgets (issue 3): county ≤ 30 s; province ≤ 180 s and ≤ 4096 MiB; every page ≤ 300 KiB; "
              "search index ≤ 2048 KiB."]
    for key, seconds in (("county", 30), ("province", 180)):
        r = results.get(key)
        if not r:
            continue
        over = [name for name, value, limit in (
            ("time", r["wall_median_s"], seconds), ("memory", r["peak_mib"], 4096 if key == "province" else None),
            ("largest page", r.get("largest_page_kib"), 300), ("search index", r.get("search_index_kib"), 2048),
        ) if limit is not None and value is not None and value > limit]
        verdict = "within every budget" if not over and r["exit_code"] == 0 else "over budget: " + ", ".join(over or ["did not finish"])
        lines.append(f"- {r['label']}: {verdict}" + (f" (largest page: {r['largest_page']})" if "largest page" in over else "") + ".")
    (RESULTS / "build.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
