"""Benchmark `sunshine validate` against `frictionless validate` (not a test).

    .venv/bin/python benchmarks/validate_benchmark.py [--runs N] [--skip-province]

Measures whole processes (imports and start-up included), as
../shared/research/perf-baselines.md does, and writes the figures to
benchmarks/results/validate.md and validate.json:

1. `sunshine validate` on the committed county demo (datasets/ + content/).
2. One province-scale roster month (≈ 1,000,000 households, `sunshine
   demo-data --scale province`) with 15 planted defects, in a package with
   `areas` so foreign keys are checked: `frictionless validate` and
   `sunshine validate` on the same files in the same run; their Table Schema
   findings must be identical.
3. `sunshine validate` on the whole province package (12 months).

Generated data goes to benchmarks/.data/ (gitignored; never committed).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / ".data"
RESULTS = ROOT / "benchmarks" / "results"
BIN = Path(sys.executable).parent
SUNSHINE = [str(BIN / "sunshine")]
FRICTIONLESS = [str(BIN / "frictionless")]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

# (column, new value) planted at fixed data rows of the roster; None = special case.
DEFECTS = [
    ("name_masked", "张三"),          # pattern (an unmasked name)
    ("household_size", "0"),         # minimum
    ("household_size", "3.5"),       # type
    ("amount", "-1"),                # minimum
    ("amount", "1,200.00"),          # type (thousands separator)
    ("amount", "60000"),             # maximum
    ("urban_rural", "城市"),          # enum
    ("dibao_method", ""),            # required
    ("start_month", "2025/05"),      # pattern
    ("month", "2025-13"),            # pattern
    ("village_code", "990103999999"),  # foreign key (unknown village)
    ("village_code", "99010300100"),   # pattern + foreign key
    ("month_ref", None),             # duplicate primary key: copy the previous row's ref
    ("blank", None),                 # a blank row
    ("extra", None),                 # an extra cell
]


def timed(command: list[str], cwd: Path | None = None) -> tuple[float, float, int, str]:
    """Wall seconds, peak RSS in MiB, exit code and stdout of one whole process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out_chunks = []
    while True:
        chunk = process.stdout.read(1 << 20)
        if not chunk:
            break
        out_chunks.append(chunk)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    return wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), b"".join(out_chunks).decode()


def measure(label: str, command: list[str], runs: int, warmup: bool = True) -> dict:
    if warmup:
        timed(command)
    samples = [timed(command) for _ in range(runs)]
    walls = [s[0] for s in samples]
    result = {
        "label": label, "command": " ".join(command), "runs": runs,
        "wall_median_s": round(statistics.median(walls), 2),
        "wall_min_s": round(min(walls), 2), "wall_max_s": round(max(walls), 2),
        "peak_rss_mib": round(max(s[1] for s in samples)),
        "exit_code": samples[-1][2],
    }
    print(f"{label}: {result['wall_median_s']} s (min {result['wall_min_s']}, max {result['wall_max_s']}), "
          f"{result['peak_rss_mib']} MiB, exit {result['exit_code']}", flush=True)
    result["stdout"] = samples[-1][3]
    return result


def ensure_province() -> tuple[Path, float | None]:
    project = DATA / "province"
    if (project / "datasets" / "datapackage.json").is_file():
        return project, None
    shutil.rmtree(project, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([*SUNSHINE, "demo-data", "--scale", "province", "--out", str(project)], check=True, env=ENV)
    return project, time.perf_counter() - started


def roster_package(province: Path) -> Path:
    """areas, standards and one planted-defect roster month, as its own project."""
    target = DATA / "roster_1m"
    shutil.rmtree(target, ignore_errors=True)
    datasets = target / "datasets"
    (datasets / "schemas").mkdir(parents=True)
    (datasets / "dibao").mkdir()
    for name in ("areas.json", "standards.json", "dibao.json"):
        shutil.copy(province / "datasets" / "schemas" / name, datasets / "schemas" / name)
    for name in ("areas.csv", "standards.csv"):
        shutil.copy(province / "datasets" / name, datasets / name)
    lines = (province / "datasets" / "dibao" / "2025-12.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    step = (len(lines) - 1) // (len(DEFECTS) + 1)
    for index, (column, value) in enumerate(DEFECTS, start=1):
        at = index * step  # data row `at` is line index `at`; spreadsheet row at + 1
        cells = lines[at].split(",")
        if column == "blank":
            lines[at] = ""
        elif column == "extra":
            lines[at] = lines[at] + ",多余"
        elif column == "month_ref":
            cells[header.index("month_ref")] = lines[at - 1].split(",")[header.index("month_ref")]
            lines[at] = ",".join(cells)
        else:
            cells[header.index(column)] = value
            lines[at] = ",".join(cells)
    (datasets / "dibao" / "2025-12.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    descriptor = json.loads((province / "datasets" / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] in ("areas", "standards", "dibao-2025-12")]
    (datasets / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def compare_findings(frictionless_json: str, sunshine_json: str) -> dict:
    from generator.frictionless_check import as_frictionless_findings
    from generator.problems import Problem, Severity

    theirs = []
    for task in json.loads(frictionless_json)["tasks"]:
        for error in task["errors"]:
            row_level = error["type"] in {"blank-row", "primary-key", "foreign-key"}
            theirs.append((task["name"], error.get("rowNumber"), None if row_level else error.get("fieldName"), error["type"]))
    problems = [
        Problem(p["code"], Severity(p["severity"]), p["dataset"], p["file"], p["row"], p["column"], p["message"])
        for p in json.loads(sunshine_json)["problems"]
    ]
    ours = [f for f in as_frictionless_findings(problems) if not f[3].startswith("sunshine:")]
    return {
        "frictionless_findings": len(theirs), "sunshine_findings": len(ours),
        "identical": sorted(map(str, theirs)) == sorted(map(str, ours)),
        "only_frictionless": sorted(map(str, set(theirs) - set(ours)))[:20],
        "only_sunshine": sorted(map(str, set(ours) - set(theirs)))[:20],
        "planted_defects": len(DEFECTS),
    }


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {
        "cpu": cpu, "cores": os.cpu_count(), "python": platform.python_version(),
        "versions": {p: version(p) for p in ("frictionless", "pandas", "pyarrow", "numpy", "sunshine-portal")},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-province", action="store_true")
    args = parser.parse_args()
    results: dict = {"date": time.strftime("%Y-%m-%d"), "machine": machine()}
    # Bytecode for our sources, as every installed package (frictionless too) has it:
    # otherwise, under PYTHONDONTWRITEBYTECODE, each run would first compile them.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")], check=True)

    results["county"] = measure("sunshine validate, county demo", [*SUNSHINE, "validate", str(ROOT)], args.runs)
    if not args.skip_province:
        province, generated = ensure_province()
        results["province_generation_s"] = round(generated, 1) if generated else "reused"
        roster = roster_package(province)
        fl = measure("frictionless validate, 1M-row roster", [*FRICTIONLESS, "validate", "--json",
                     str(roster / "datasets" / "datapackage.json")], min(args.runs, 3), warmup=False)
        ours = measure("sunshine validate, same roster", [*SUNSHINE, "validate", "--format", "json", str(roster)], args.runs)
        results["roster"] = {"frictionless": fl, "sunshine": ours,
                             "speedup": round(fl["wall_median_s"] / ours["wall_median_s"], 1),
                             "findings": compare_findings(fl["stdout"], ours["stdout"])}
        print("findings:", results["roster"]["findings"], "speed-up:", results["roster"]["speedup"], flush=True)
        results["province"] = measure("sunshine validate, whole province package", [*SUNSHINE, "validate", str(province)],
                                      1, warmup=False)
    for entry in [results.get("county"), *(results.get("roster", {}).get(k) for k in ("frictionless", "sunshine")),
                  results.get("province")]:
        if entry:
            entry.pop("stdout", None)
    write(results)


def write(results: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "validate.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    m = results["machine"]
    lines = [
        "# `sunshine validate` benchmark", "",
        f"Run {results['date']} on {m['cpu']}, {m['cores']} cores, Python {m['python']}; "
        + ", ".join(f"{k} {v}" for k, v in m["versions"].items()) + ".",
        "Whole-process wall time (imports included), median of the runs after one warm-up; peak RSS of the process.",
        "Reproduce: `make bench` (or `.venv/bin/python benchmarks/validate_benchmark.py`).", "",
        "| What | Runs | Median s | Min–max s | Peak MiB | Exit |", "| --- | --- | --- | --- | --- | --- |",
    ]
    for entry in [results.get("county"), *(results.get("roster", {}).get(k) for k in ("frictionless", "sunshine")),
                  results.get("province")]:
        if entry:
            lines.append(f"| {entry['label']} | {entry['runs']} | {entry['wall_median_s']} | "
                         f"{entry['wall_min_s']}–{entry['wall_max_s']} | {entry['peak_rss_mib']} | {entry['exit_code']} |")
    if "roster" in results:
        f = results["roster"]["findings"]
        lines += ["", f"Speed-up on the same roster: **{results['roster']['speedup']}×**.",
                  f"Findings: frictionless {f['frictionless_findings']}, sunshine {f['sunshine_findings']} "
                  f"(Table Schema findings only; {f['planted_defects']} planted defects); identical: **{f['identical']}**."]
        if not f["identical"]:
            lines += [f"Only frictionless: {f['only_frictionless']}", f"Only sunshine: {f['only_sunshine']}"]
        generated = results.get("province_generation_s")
        lines.append(f"Province data generation: {generated} s." if generated != "reused"
                     else "Province data generation: reused from benchmarks/.data/ (37 s when generated).")
    (RESULTS / "validate.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print((RESULTS / "validate.md").read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
