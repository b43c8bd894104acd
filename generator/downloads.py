"""Download files for every published dataset: CSV (UTF-8 with BOM), XLSX,
JSON and Parquet, plus `datapackage.json` and `SHA256SUMS`.

Pure: yields (path relative to the docs folder, bytes), one file at a time,
so a province's files (hundreds of MB) are written as they are made and
never held together; the same inputs give byte-identical files. Rosters
(rows of people) are never published here; only aggregates and tables
without people.

Suppressed cells ("C", see `generator.statistics`) stay the string "C" in
every format, so in Parquet the columns that may hold "C" are text columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from generator import statistics, xlsx
from generator.context import SiteContext
from generator.layout import FAMILIES, ROSTER_FAMILIES
from generator.sections.policies import CATEGORY_LABEL, STATUS_LABEL

FORMATS = {  # extension -> (format, mediatype, label)
    "csv": ("csv", "text/csv", "CSV（UTF-8，带 BOM）"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel（XLSX）"),
    "json": ("json", "application/json", "JSON"),
    "parquet": ("parquet", "application/vnd.apache.parquet", "Parquet"),
}
# Source families published as they are (all periods in one file).
SOURCE_DATASETS = ("standards", "fund_allocations", "fund_budget_execution", "fund_disbursement_monthly",
                   "fund_transfers", "service_points", "staffing", "areas", "notices")
NEVER_PUBLISHED = frozenset(ROSTER_FAMILIES)
FORMULA_START = xlsx.FORMULA_START
XLSX_ROWS = 1_048_575  # data rows per sheet: Excel's 1,048,576 rows less the header
FIXED_CREATED = dt.datetime(2025, 1, 1)  # XLSX document property; must not follow the clock
TYPE_LABEL = {"string": "文本", "integer": "整数", "number": "数值", "boolean": "是/否", "date": "日期", "year": "年份"}
POLICY_COLUMNS = ("doc_id", "title", "doc_number", "issuer", "issuer_area", "doc_kind", "category", "date_signed",
                  "date_published", "date_effective", "status", "source", "source_url", "source_kind", "has_full_text")


@dataclass(frozen=True)
class DatasetInfo:
    """What the /data/ pages say about a dataset, without its rows."""
    name: str
    title: str
    schema: dict  # Table Schema of the published columns
    periods: tuple[str, ...]  # months or years covered
    rows: int

    @property
    def suppressible(self) -> tuple[str, ...]:
        return tuple(self.schema.get("sunshine", {}).get("suppressible", ()))


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    schema: dict  # Table Schema of the published columns
    frame: pd.DataFrame  # object columns of Python values (str, int, float, bool, "C", None)
    periods: tuple[str, ...] = ()  # months or years covered

    @property
    def info(self) -> DatasetInfo:
        return DatasetInfo(self.name, self.title, self.schema, self.periods, len(self.frame))

    @property
    def suppressible(self) -> tuple[str, ...]:
        return self.info.suppressible

    @cached_property
    def columns(self) -> dict[str, list]:
        """Each column once as a list of Python values (None for missing):
        every writer walks these, never the frame row by row."""
        return {name: self.frame[name].to_numpy(dtype=object, na_value=None).tolist() for name in self.frame.columns}


def published_datasets(ctx: SiteContext) -> list[Dataset]:
    """Everything offered for download, in the order of the /data/ page."""
    threshold = ctx.threshold
    areas = ctx.family("areas")
    caseload = ctx.caseload
    change_families = [f"changes_{p}" for p in ("dibao", "tekun")]
    changes = pd.concat([ctx.family(f) for f in change_families], ignore_index=True)
    change_periods = {f.removeprefix("changes_"): ctx.package.periods(f) for f in change_families}
    datasets = [
        Dataset("caseload_monthly", statistics.CASELOAD_SCHEMA["title"], statistics.CASELOAD_SCHEMA, caseload,
                tuple(sorted(set(caseload["month"])))),
        Dataset("changes_monthly", statistics.CHANGES_SCHEMA["title"], statistics.CHANGES_SCHEMA,
                statistics.changes_monthly(changes, areas, change_periods, threshold),
                tuple(sorted({m for months in change_periods.values() for m in months}))),
    ]
    for family in SOURCE_DATASETS:
        assert family not in NEVER_PUBLISHED
        resources = ctx.package.family(family)
        if not resources:
            continue
        schema = {key: value for key, value in resources[0].schema.items() if key != "foreignKeys"}
        frame = plain_frame(ctx.family(family), schema)
        datasets.append(Dataset(family, FAMILIES[family][1], schema, _sort(frame, schema),
                                tuple(r.period for r in resources if r.period)))
    datasets.append(_policies(ctx))
    return datasets


def files(datasets: list[Dataset], package_meta: dict, about: dict | None = None) -> Iterator[tuple[str, bytes]]:
    """Every download file, then `data/datapackage.json` and `data/SHA256SUMS`;
    `about` replaces the descriptor's name, title and description (a release's)."""
    digests: dict[str, str] = {}  # sha256 of each file, for datapackage.json and SHA256SUMS alike
    resources = []
    writers = {"csv": to_csv, "xlsx": lambda d: to_xlsx(d, package_meta), "json": to_json, "parquet": to_parquet}
    for dataset in datasets:
        for extension, writer in writers.items():
            relative = f"{dataset.name}/{dataset.name}.{extension}"
            content = writer(dataset)
            digests[relative] = hashlib.sha256(content).hexdigest()
            resources.append(_resource(dataset, extension, relative, len(content), digests[relative]))
            yield f"data/{relative}", content
            del content
        dataset.__dict__.pop("columns", None)  # a province table's Python values: gigabytes, no longer needed
    descriptor = {
        "name": f"{package_meta.get('name', 'sunshine')}-open-data",
        "title": f"{package_meta.get('title', '')}（下载）",
        "description": "本站提供下载的全部数据文件。统计表由名册汇总，不含任何个人信息；名册本身不提供下载。",
        "licenses": package_meta.get("licenses") or [],
    }
    descriptor = {**descriptor, **(about or {}), "resources": resources}
    packaged = (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    digests["datapackage.json"] = hashlib.sha256(packaged).hexdigest()
    yield "data/datapackage.json", packaged
    sums = "".join(f"{digests[path]}  {path}\n" for path in sorted(digests))
    yield "data/SHA256SUMS", sums.encode("utf-8")


def render(datasets: list[Dataset], package_meta: dict) -> dict[str, bytes]:
    """All the files in memory (tests compare them)."""
    return dict(files(datasets, package_meta))


# --- values ----------------------------------------------------------------------


def plain_frame(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """The schema's columns as Python values: dates 'YYYY-MM-DD', NA None."""
    columns = {}
    for field in schema["fields"]:
        name, kind = field["name"], field.get("type", "string")
        values = frame[name] if name in frame else pd.Series([None] * len(frame), index=frame.index)
        columns[name] = pd.Series([_plain(v, kind) for v in values], index=frame.index, dtype="object")
    return pd.DataFrame(columns, index=frame.index).reset_index(drop=True)


def _plain(value: object, kind: str) -> object:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if kind == "date":
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if kind in ("integer", "year"):
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return bool(value)
    return str(value)


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet could run as a formula gets a leading '."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _text_columns(dataset: Dataset) -> set[str]:
    return {f["name"] for f in dataset.schema["fields"] if f.get("type", "string") == "string"}


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _csv_text_cell(value: object) -> str:
    """A cell of a text column: neutralised so a spreadsheet never runs it."""
    return neutralise(value) if isinstance(value, str) else _csv_text(value)


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _number(value)
    return str(value)


# --- writers ---------------------------------------------------------------------


def to_csv(dataset: Dataset) -> bytes:
    """UTF-8 with BOM (Excel on Chinese Windows reads it right), LF line ends."""
    text_columns = _text_columns(dataset)
    # Column by column, then rows by the C csv writer: a province table has millions of cells.
    columns = [xlsx.each_distinct(values, _csv_text_cell if name in text_columns else _csv_text)
               for name, values in dataset.columns.items()]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(dataset.frame.columns)
    writer.writerows(zip(*columns))
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def to_json(dataset: Dataset) -> bytes:
    """An array of records, one per line; numbers stay numbers, "C" a string."""
    # Each column encoded once, then one format string per record: what
    # json.dumps(record, ensure_ascii=False, separators=(",", ":")) gives, without a dict a row.
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    keys = [encode(name) for name in dataset.columns]
    encoded = [xlsx.each_distinct(values, lambda v: _json_value(v, encode)) for values in dataset.columns.values()]
    template = "{" + ",".join(key.replace("%", "%%") + ":%s" for key in keys) + "}"
    records = (template % row for row in zip(*encoded)) if keys else iter(["{}"] * len(dataset.frame))
    # Encoded in blocks of rows: a province table's text is never held twice in full.
    parts, first = [b"[\n"], True
    while block := list(itertools.islice(records, 50_000)):
        parts.append(("" if first else ",\n").encode("utf-8") + ",\n".join(block).encode("utf-8"))
        first = False
    parts.append(b"\n]\n")
    return b"".join(parts)


def _json_value(value: object, encode) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return float.__repr__(value)
    return encode(value)


def to_parquet(dataset: Dataset) -> bytes:
    """Typed columns; columns that may hold "C" are text (cast them yourself)."""
    suppressible = set(dataset.suppressible)
    arrays, fields = [], []
    for field in dataset.schema["fields"]:
        name, kind = field["name"], field.get("type", "string")
        values = dataset.columns[name]
        if name in suppressible:
            kind = "string"
            values = [None if v is None else _csv_text(v) for v in values]
        arrow_type = {"integer": pa.int64(), "year": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(),
                      "date": pa.date32()}.get(kind, pa.string())
        if kind == "date":
            values = [None if v is None else dt.date.fromisoformat(v) for v in values]
        arrays.append(pa.array(values, type=arrow_type))
        fields.append(pa.field(name, arrow_type))
    table = pa.Table.from_arrays(arrays, schema=pa.schema(fields))
    sink = io.BytesIO()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue()


def to_xlsx(dataset: Dataset, package_meta: dict) -> bytes:
    """Sheet 数据 (field names as header) and sheet 说明 (the data dictionary).

    Text is never turned into formulas; a text cell starting with = + - @ is
    written with Excel's quote prefix (the cell shows the text, as if typed
    with a leading ')."""
    names = list(dataset.columns)
    values = list(dataset.columns.values())
    rows = len(dataset.frame)
    parts = max(1, -(-rows // XLSX_ROWS))
    sheets = []
    for number in range(parts):
        # Excel holds 1,048,576 rows a sheet: a longer table continues on 数据2, 数据3 …
        part = slice(number * XLSX_ROWS, (number + 1) * XLSX_ROWS)
        sheets.append(xlsx.Sheet("数据" if number == 0 else f"数据{number + 1}", names, [column[part] for column in values]))
    sheets.append(_dictionary_sheet(dataset, package_meta, parts=parts))
    return xlsx.workbook(sheets, title=dataset.title, author=package_meta.get("sunshine", {}).get("publisher", ""),
                         created=FIXED_CREATED)


def _dictionary_sheet(dataset: Dataset, package_meta: dict, *, parts: int = 1) -> xlsx.Sheet:
    licenses = "、".join(item.get("title") or item.get("name", "") for item in package_meta.get("licenses") or [])
    lines = [("数据集", dataset.title), ("说明", dataset.schema.get("description", "")),
             ("发布单位", package_meta.get("sunshine", {}).get("publisher", "")), ("许可", licenses or "未注明")]
    if dataset.suppressible:
        lines.append(("“C”", dataset.schema["sunshine"]["suppressed_note"]))
    lines.append(("文本单元格", "以 = + - @ 开头的文本按文本保存，不会被当作公式执行。"))
    if parts > 1:
        names = "、".join(["数据", *(f"数据{n}" for n in range(2, parts + 1))])
        lines.append(("分表", f"共 {len(dataset.frame):,} 行，超过 Excel 每个工作表 {XLSX_ROWS + 1:,} 行的上限，"
                              f"依次放在 {names} 中，每表第一行是列名。CSV、JSON 和 Parquet 文件是一整张表。"))
    fields = [(field["name"], field.get("title", ""), TYPE_LABEL.get(field.get("type", "string"), ""),
               field.get("unit", ""), field.get("description", ""),
               "；".join(f"{c['value']} {c['label']}" for c in field.get("categories") or []))
              for field in dataset.schema["fields"]]
    table = [*(line + ("",) * 4 for line in lines), ("",) * 6, ("列名", "中文名称", "类型", "单位", "说明", "取值"), *fields]
    bold = {*range(len(lines)), len(lines) + 1}  # the labels and the field table's header
    styles = [[xlsx.STYLE_BOLD if (row in bold and (column == 0 or row == len(lines) + 1)) else xlsx.STYLE_PLAIN
               for row in range(len(table))] for column in range(6)]
    columns = [[row[column] or None for row in table] for column in range(6)]
    return xlsx.Sheet("说明", None, columns, styles)


# --- descriptor pieces -----------------------------------------------------------


def _resource(dataset: Dataset, extension: str, path: str, size: int, digest: str) -> dict:
    format_, mediatype, _ = FORMATS[extension]
    resource = {
        "name": dataset.name if extension == "csv" else f"{dataset.name}-{extension}",
        "title": f"{dataset.title}（{extension.upper()}）",
        "path": path, "format": format_, "mediatype": mediatype,
        "bytes": size, "hash": "sha256:" + digest,
    }
    if extension == "csv":
        resource["encoding"] = "utf-8-sig"
        resource["schema"] = dataset.schema
    return resource


def _sort(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    keys = [k for k in schema.get("primaryKey") or [] if k in frame]
    if not keys:
        keys = list(frame.columns)
    order = frame.astype(str).sort_values(keys, kind="stable").index
    return frame.loc[order].reset_index(drop=True)


def _policies(ctx: SiteContext) -> Dataset:
    schema_path = ctx.package.root / "datasets" / "schemas" / "policy_metadata.schema.json"
    if not schema_path.is_file():
        schema_path = Path(__file__).resolve().parent.parent / "datasets" / "schemas" / "policy_metadata.schema.json"
    properties = json.loads(schema_path.read_text(encoding="utf-8")).get("properties", {})
    labels = {"category": CATEGORY_LABEL, "status": STATUS_LABEL}
    fields = []
    for name in POLICY_COLUMNS:
        spec = properties.get(name, {})
        kind = "boolean" if spec.get("type") == "boolean" else "date" if name.startswith("date_") else "string"
        field = {"name": name, "type": kind, "title": spec.get("title", name), "description": spec.get("description", "")}
        if "enum" in spec:
            field["categories"] = [{"value": v, "label": labels.get(name, {}).get(v, v)} for v in spec["enum"]]
            field["constraints"] = {"enum": list(spec["enum"])}
        fields.append(field)
    fields[0]["constraints"] = {"required": True}
    schema = {"title": "政策文件目录", "description": "政策文件库中每份文件的目录信息（政府信息公开元数据），一份文件一行，不含正文。",
              "fields": fields, "missingValues": [""], "primaryKey": ["doc_id"]}
    frame = pd.DataFrame([{name: p.metadata.get(name) for name in POLICY_COLUMNS} for p in ctx.policies],
                         columns=list(POLICY_COLUMNS))
    return Dataset("policies", "政策文件目录", schema, _sort(plain_frame(frame, schema), schema))
