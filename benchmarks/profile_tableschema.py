"""Time reading + checking a generated low-income roster (not a test).

    .venv/bin/python benchmarks/profile_tableschema.py [ROWS] [--profile] [--frictionless]

Writes a roster of ROWS households (default 1,000,000) for the real dibao
schema, with 15 planted defects, into a temporary folder; then times
`read_table` + `check_table` in this process and prints the seconds.
`--process` also times a fresh Python process that imports, reads and checks
(start-up included, as `sunshine validate` would run); `--profile` prints the
25 most expensive functions; `--frictionless`
times `frictionless validate` on the same package for comparison (≈ 40 s per
million rows) and checks that both report the same findings.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa

from generator.catalog import Resource
from generator.reading import read_table
from generator.tableschema import check_table

SCHEMAS = Path(__file__).resolve().parents[1] / "datasets" / "schemas"
COUNTY = "990103"
SURNAMES = ["张某", "王某", "李某", "欧阳某", "赵某", "陈某", "刘某", "黄某", "周某", "吴某", "司马某"]
DEFECTS = {  # column -> bad values planted at random rows
    "urban_rural": ["城市", "urban "],
    "amount": ["-120.50", "1,200.00", "60000"],
    "start_month": ["2023/05", "202305", "2023-13"],
    "household_size": ["0", "3.5"],
    "name_masked": ["张三"],
    "village_code": ["99010310120", "990103199299"],
    "dibao_method": [""],
}


def villages() -> list[str]:
    return [f"{COUNTY}{t:03d}{v:03d}" for t in range(101, 121) for v in range(201, 231)]


def roster(rows: int, seed: int = 20250301) -> pa.Table:
    rng = np.random.default_rng(seed)
    codes = np.array(villages())
    months = np.array([f"20{y:02d}-{m:02d}" for y in range(15, 26) for m in range(1, 13)])
    refs = rng.choice(2**48, size=rows, replace=False)
    columns = {
        "month": np.full(rows, "2025-03"),
        "month_ref": np.char.mod("%012x", refs),
        "village_code": codes[rng.integers(0, len(codes), rows)],
        "name_masked": np.array(SURNAMES)[rng.integers(0, len(SURNAMES), rows)],
        "household_size": np.char.mod("%d", rng.integers(1, 9, rows)),
        "amount": np.char.mod("%.2f", rng.integers(100, 200_000, rows) / 100),
        "start_month": months[rng.integers(0, len(months), rows)],
        "urban_rural": np.array(["urban", "rural"])[rng.integers(0, 2, rows)],
        "dibao_method": np.array(["gap", "tier"])[rng.integers(0, 2, rows)],
    }
    columns = {name: values.astype(object) for name, values in columns.items()}
    for name, bad in DEFECTS.items():
        for value in bad:
            columns[name][rng.integers(0, rows)] = value
    columns["month_ref"][rows - 1] = columns["month_ref"][rows // 2]  # one duplicate key
    return pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()})


def write_package(folder: Path, rows: int) -> tuple[Path, list[Resource]]:
    datasets = folder / "datasets"
    (datasets / "schemas").mkdir(parents=True)
    resources, entries = [], []
    area_lines = ["code,name,level,parent_code,urban_rural", f"{COUNTY},测试县,county,,"]
    area_lines += [f"{COUNTY}{t:03d},第{t}镇,township,{COUNTY}," for t in range(101, 121)]
    area_lines += [f"{code},第{code[-3:]}村,village,{code[:9]},rural" for code in villages()]
    (datasets / "areas.csv").write_text("\n".join(area_lines) + "\n", encoding="utf-8")
    # quotes only where needed (the "1,200.00" defect), as Excel writes CSV
    roster(rows).to_pandas().to_csv(datasets / "dibao.csv", index=False, lineterminator="\n")
    for name in ("areas", "dibao"):
        schema = json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
        (datasets / "schemas" / f"{name}.json").write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
        entries.append({"name": name, "path": f"{name}.csv", "format": "csv", "encoding": "utf-8",
                        "schema": f"schemas/{name}.json"})
        resources.append(Resource(name=name, family=name, period=None, path=f"{name}.csv", encoding="utf-8",
                                  format="csv", title=schema["title"], schema_path=f"schemas/{name}.json",
                                  schema=schema))
    package = datasets / "datapackage.json"
    package.write_text(json.dumps({"name": "bench", "resources": entries}, ensure_ascii=False), encoding="utf-8")
    return package, resources


def check(folder: Path, resources: list[Resource]) -> list:
    checked, problems = {}, []
    for resource in resources:
        raw, found = read_table(resource, folder)
        problems += found
        table, found = check_table(resource, raw, checked.get)
        checked[resource.name] = table
        problems += found
    return problems


def child(folder: Path) -> None:
    """Run in a fresh process by `--process`: load the descriptors, read and check."""
    from generator.catalog import load

    package, _ = load(folder)
    print(len(check(folder, list(package.resources))))


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        return child(Path(argv[1]))
    rows = int(next((a for a in argv if a.isdigit()), 1_000_000))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        package, resources = write_package(folder, rows)
        size = (folder / "datasets" / "dibao.csv").stat().st_size
        print(f"generated {rows:,} rows ({size / 1e6:.0f} MB) in {time.perf_counter() - start:.1f} s")
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            problems = check(folder, resources)
            timings.append(time.perf_counter() - start)
        print(f"read + check: {min(timings):.2f} s best of 3 ({', '.join(f'{t:.2f}' for t in timings)}),"
              f" {len(problems)} problems: {dict(Counter(p.code for p in problems))}")
        if "--process" in argv:
            import subprocess

            walls = []
            for _ in range(6):  # the first run warms the page cache and is not counted
                start = time.perf_counter()
                subprocess.run([sys.executable, __file__, "--child", str(folder)], check=True, capture_output=True)
                walls.append(time.perf_counter() - start)
            walls = sorted(walls[1:])
            print(f"whole process: {walls[0]:.2f} s best, {walls[2]:.2f} s median of 5 ({', '.join(f'{t:.2f}' for t in walls)})")
        if "--profile" in argv:
            import cProfile
            import pstats

            cProfile.runctx("check(folder, resources)", globals(), {"folder": folder, "resources": resources},
                            str(folder / "profile"))
            pstats.Stats(str(folder / "profile")).sort_stats("cumulative").print_stats(25)
        if "--frictionless" in argv:
            from generator.frictionless_check import as_frictionless_findings, frictionless_findings

            start = time.perf_counter()
            theirs = frictionless_findings(package)
            elapsed = time.perf_counter() - start
            same = Counter(theirs) == Counter(as_frictionless_findings(problems))
            print(f"frictionless: {elapsed:.1f} s, {len(theirs)} findings, identical: {same}")


if __name__ == "__main__":
    main(sys.argv[1:])
