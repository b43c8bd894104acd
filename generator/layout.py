"""Where each family's files live in `datasets/`, and how resources are named.

One place for the naming rule, used by the demo-data generator, intake and
the descriptor writer, so that a month is always `dibao/2025-03.csv` and
resource `dibao-2025-03`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

# family -> (folder pattern, Chinese title); {period} is "YYYY-MM" or "YYYY".
FAMILIES: dict[str, tuple[str, str]] = {
    "areas": ("areas.csv", "行政区划"),
    "standards": ("standards.csv", "救助标准"),
    "service_points": ("service_points.csv", "服务窗口与监督渠道"),
    "staffing": ("staffing.csv", "社会救助协管员配备"),
    "notices": ("notices/{period}.csv", "公示与公布记录"),
    "dibao": ("dibao/{period}.csv", "低保名册"),
    "tekun": ("tekun/{period}.csv", "特困人员供养名册"),
    "linshi": ("linshi/{period}.csv", "临时救助名册"),
    "changes_dibao": ("changes/dibao/{period}.csv", "低保动态管理变动"),
    "changes_tekun": ("changes/tekun/{period}.csv", "特困供养动态管理变动"),
    "fund_allocations": ("funds/allocations/{period}.csv", "资金下达"),
    "fund_transfers": ("funds/transfers/{period}.csv", "资金调剂"),
    "fund_budget_execution": ("funds/budget_execution/{period}.csv", "预算执行书"),
    "fund_disbursement_monthly": ("funds/disbursement/{period}.csv", "资金发放"),
}

# Families that share one schema file.
SCHEMA_OF = {"changes_dibao": "changes", "changes_tekun": "changes"}

# Rosters: one row per household (linshi: per case) per month.
ROSTER_FAMILIES = ("dibao", "tekun", "linshi")
PROGRAM_LABEL = {"dibao": "低保", "tekun": "特困供养", "linshi": "临时救助"}


STANDARD_SCHEMAS = Path(__file__).resolve().parents[1] / "datasets" / "schemas"


def standard_columns(family: str) -> list[str]:
    """Field names of a family's standard schema (for a family a package lacks)."""
    path = STANDARD_SCHEMAS / f"{SCHEMA_OF.get(family, family)}.json"
    if family not in FAMILIES or not path.is_file():
        return []
    return [f["name"] for f in json.loads(path.read_text(encoding="utf-8"))["fields"]]


@dataclass(frozen=True)
class Entry:
    family: str
    period: str | None = None
    encoding: str = "utf-8"

    @property
    def name(self) -> str:
        return f"{self.family}-{self.period}" if self.period else self.family

    @property
    def path(self) -> str:
        return FAMILIES[self.family][0].format(period=self.period)

    @property
    def schema(self) -> str:
        return f"schemas/{SCHEMA_OF.get(self.family, self.family)}.json"

    def descriptor(self) -> dict:
        title = FAMILIES[self.family][1]
        resource = {
            "name": self.name,
            "title": f"{title}（{self.period}）" if self.period else title,
            "path": self.path,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": self.encoding,
            "schema": self.schema,
            "sunshine": {"family": self.family},
        }
        if self.period:
            resource["sunshine"]["period"] = self.period
        return resource


def package_descriptor(meta: dict, entries: list[Entry]) -> dict:
    """The whole datapackage.json, resources in a stable order."""
    order = {family: i for i, family in enumerate(FAMILIES)}
    ordered = sorted(entries, key=lambda e: (order[e.family], e.period or ""))
    return {**meta, "resources": [e.descriptor() for e in ordered]}


def write_descriptor(datasets_dir: Path, descriptor: dict) -> None:
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    (datasets_dir / "datapackage.json").write_text(text, encoding="utf-8")
