"""`sunshine demo-data`: a complete, valid, entirely synthetic data package.

The fictional 阳光县 (code 990103, province code 99 which no real division
uses) with 12 months of 2025 rosters, changes, notices and funds that pass
every rule of the validator. The same seed and scale give byte-identical
files: no timestamps, and every table has a stable order.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np

import generator
from generator.demo import funds
from generator.demo.areas import COUNTY_CODE, COUNTY_NAME, build_areas
from generator.demo.encode import write_rows
from generator.demo.scales import MONTHS, SCALES, YEAR, month_label
from generator.demo.services import SERVICE_HEADER, STAFFING_HEADER, service_point_rows, staffing_rows
from generator.demo.simulate import run
from generator.demo.standards import HEADER as STANDARD_HEADER
from generator.demo.standards import standard_rows
from generator.layout import Entry, package_descriptor, write_descriptor

AREA_HEADER = ["code", "name", "level", "parent_code", "urban_rural"]
# Independent random streams, so that changing one part leaves the others alone.
STREAMS = {"areas": 1, "simulation": 2, "services": 3}


def _description(scale: str) -> str:
    text = (
        f"{COUNTY_NAME}是虚构的县（区划代码 {COUNTY_CODE}，省级代码 99 不对应任何真实地区）。"
        "本数据包的全部数据均为程序生成的合成数据，不涉及任何真实人员、家庭或地区；"
        "救助标准的数值参照公开发布的全国平均水平和部分城市标准设定，仅作演示。"
    )
    if scale != "county":
        text += f"本包为{SCALES[scale].title}数据：仍以同一个虚构县为根，乡镇和村（社区）数量按比例放大，仅用于测试和性能基准。"
    return text


def _metadata(scale: str) -> dict:
    title = f"{COUNTY_NAME}社会救助公开数据"
    return {
        "name": "yangguang-county-social-assistance" + ("" if scale == "county" else f"-{scale}-scale"),
        "title": title if scale == "county" else f"{title}（{SCALES[scale].title}）",
        "description": _description(scale),
        "licenses": [
            {"name": "CC-BY-4.0", "title": "知识共享署名 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}
        ],
        "sunshine": {"county_code": COUNTY_CODE, "county_name": COUNTY_NAME, "publisher": f"{COUNTY_NAME}民政局",
                     "demo": True, "demo_scale": scale},
    }


def _copy_schemas(datasets: Path, entries: list[Entry]) -> None:
    """Copy the Table Schemas the package refers to (not other JSON kept there)."""
    source = Path(generator.__file__).resolve().parents[1] / "datasets"
    if datasets.resolve() == source:
        return  # generating into the repository itself
    for relative in sorted({entry.schema for entry in entries}):
        (datasets / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, datasets / relative)


def generate(out_dir: Path, scale: str, seed: int = 2025, progress: Callable[[str], None] | None = None) -> None:
    """Write the demo package into `out_dir/datasets/` (CSV files, schemas, datapackage.json)."""
    if scale not in SCALES:
        raise ValueError(f"未知的规模「{scale}」，可选：{'、'.join(SCALES)}")
    say = progress or (lambda _message: None)
    spec = SCALES[scale]
    datasets = Path(out_dir) / "datasets"
    datasets.mkdir(parents=True, exist_ok=True)
    scale_id = list(SCALES).index(scale)
    rngs = {name: np.random.default_rng([seed, scale_id, stream]) for name, stream in STREAMS.items()}

    say("生成行政区划、救助标准和服务窗口")
    areas = build_areas(rngs["areas"], spec)
    entries = [Entry("areas"), Entry("standards"), Entry("service_points"), Entry("staffing")]
    write_rows(datasets / Entry("areas").path, AREA_HEADER, areas.rows())
    write_rows(datasets / Entry("standards").path, STANDARD_HEADER, standard_rows())
    write_rows(datasets / Entry("service_points").path, SERVICE_HEADER,
               service_point_rows(rngs["services"], areas, spec))

    simulation = run(rngs["simulation"], areas, spec, datasets, say)
    entries += simulation.entries
    write_rows(datasets / Entry("staffing").path, STAFFING_HEADER,
               staffing_rows(rngs["services"], areas, simulation.start_persons))

    say("生成资金下达、发放、预算执行和调剂表")
    totals = simulation.totals
    budget = funds.plan(totals)
    for month in MONTHS:
        for family, header, rows in (
            ("fund_disbursement_monthly", funds.DISBURSEMENT_HEADER, funds.disbursement_rows(areas, month, totals)),
            ("fund_budget_execution", funds.EXECUTION_HEADER, funds.execution_rows(month, totals, budget)),
        ):
            entry = Entry(family, month_label(month))
            write_rows(datasets / entry.path, header, rows)
            entries.append(entry)
    for family, header, rows in (
        ("fund_allocations", funds.ALLOCATION_HEADER, funds.allocation_rows(totals, budget)),
        ("fund_transfers", funds.TRANSFER_HEADER, funds.transfer_rows(budget)),
    ):
        entry = Entry(family, str(YEAR))
        write_rows(datasets / entry.path, header, rows)
        entries.append(entry)

    say("写入表结构和数据包描述文件")
    _copy_schemas(datasets, entries)
    write_descriptor(datasets, package_descriptor(_metadata(scale), entries))
