"""READ: find what the project publishes.

`datasets/datapackage.json` is a Frictionless Data Package. Monthly data is
partitioned: one resource (and file) per family and period, e.g. resource
`dibao-2025-03` at `dibao/2025-03.csv`, family `dibao`, period `2025-03`.
The family and period live in the resource's `sunshine` property, so the
package stays a valid Frictionless descriptor that journalists can validate
with `frictionless validate datasets/datapackage.json`.

This module only reads descriptors; it reports problems instead of raising.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.problems import Problem, problem

PACKAGE_FILE = "datapackage.json"
DATASETS_DIR = "datasets"


@dataclass(frozen=True)
class Resource:
    name: str  # e.g. "dibao-2025-03"
    family: str  # e.g. "dibao"; the schema file is schemas/<family>.json
    period: str | None  # "2025-03" for monthly, "2025" for yearly, None for reference tables
    path: str  # relative to datasets/, POSIX separators
    encoding: str | None
    format: str  # "csv" or "xlsx"
    title: str
    schema_path: str
    schema: dict = field(repr=False, compare=False, hash=False)

    @property
    def display_path(self) -> str:
        """The path staff see in messages, relative to the project root."""
        return f"{DATASETS_DIR}/{self.path}"


@dataclass(frozen=True)
class Package:
    root: Path  # the project directory
    descriptor: dict = field(repr=False)
    resources: tuple[Resource, ...]

    @property
    def datasets_dir(self) -> Path:
        return self.root / DATASETS_DIR

    def family(self, family: str) -> tuple[Resource, ...]:
        """Resources of one family in period order."""
        found = [r for r in self.resources if r.family == family]
        return tuple(sorted(found, key=lambda r: r.period or ""))

    def periods(self, family: str) -> list[str]:
        return [r.period for r in self.family(family) if r.period]

    @property
    def county_code(self) -> str | None:
        return self.descriptor.get("sunshine", {}).get("county_code")


def load(root: Path) -> tuple[Package | None, list[Problem]]:
    """Read the package descriptor and every schema it names."""
    datasets = root / DATASETS_DIR
    package_path = datasets / PACKAGE_FILE
    if not package_path.is_file():
        return None, [problem("package-missing", file=f"{DATASETS_DIR}/{PACKAGE_FILE}")]
    try:
        descriptor = json.loads(package_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, [_package_invalid(f"不是合法的 UTF-8 JSON（{error}）")]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [_package_invalid("缺少 resources 列表")]

    problems: list[Problem] = []
    schemas: dict[str, dict | None] = {}
    resources = []
    for index, entry in enumerate(descriptor["resources"], start=1):
        resource, entry_problems = _read_resource(datasets, entry, index, schemas)
        problems += entry_problems
        if resource is not None:
            resources.append(resource)
    names = [r.name for r in resources]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(_package_invalid(f"资源名称 {name} 出现了不止一次"))
    return Package(root, descriptor, tuple(resources)), problems


def _read_resource(
    datasets: Path, entry: object, index: int, schemas: dict[str, dict | None]
) -> tuple[Resource | None, list[Problem]]:
    if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
        return None, [_package_invalid(f"第 {index} 个资源缺少 name")]
    name = entry["name"]
    path = entry.get("path")
    schema_ref = entry.get("schema")
    if not isinstance(path, str) or not isinstance(schema_ref, str):
        return None, [_package_invalid(f"资源 {name} 缺少 path 或 schema（应为文件路径）")]
    sunshine = entry.get("sunshine") or {}
    family = sunshine.get("family") or name
    period = sunshine.get("period")

    problems: list[Problem] = []
    if schema_ref not in schemas:
        schemas[schema_ref], schema_problems = _read_schema(datasets, schema_ref)
        problems += schema_problems
    schema = schemas[schema_ref]
    if schema is None:
        return None, problems
    fmt = entry.get("format") or Path(path).suffix.lstrip(".").lower()
    return (
        Resource(
            name=name,
            family=family,
            period=period,
            path=path,
            encoding=entry.get("encoding"),
            format=fmt,
            title=entry.get("title") or schema.get("title") or name,
            schema_path=schema_ref,
            schema=schema,
        ),
        problems,
    )


def _read_schema(datasets: Path, ref: str) -> tuple[dict | None, list[Problem]]:
    display = f"{DATASETS_DIR}/{ref}"
    try:
        schema = json.loads((datasets / ref).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None, [problem("schema-invalid", file=display, schema=display, reason="文件不存在")]
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return None, [problem("schema-invalid", file=display, schema=display, reason=f"不是合法的 JSON（{error}）")]
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not all(isinstance(f, dict) and "name" in f for f in fields):
        return None, [problem("schema-invalid", file=display, schema=display, reason="缺少 fields 字段列表")]
    problems = [
        problem("schema-field-undocumented", file=display, column=f["name"], schema=display, field=f["name"])
        for f in fields
        if not _has_chinese(f.get("title")) or not _has_chinese(f.get("description"))
    ]
    return schema, problems


def _has_chinese(text: object) -> bool:
    return isinstance(text, str) and any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _package_invalid(reason: str) -> Problem:
    return problem("package-invalid", file=f"{DATASETS_DIR}/{PACKAGE_FILE}", reason=reason)
