"""CHECK: a read table against its Table Schema, with frictionless' findings, vectorised.

Cells are checked once per distinct value (most columns of a roster repeat a
few values), then mapped back to rows. Semantics follow frictionless 5.21:
a type error hides the cell's constraint checks; a blank row reports only
`blank-row` (plus `missing-key` when the table has a primary key); keys and
foreign keys compare typed values, and a foreign key whose cells are all empty
is not checked. `generator/cells.py` holds the per-cell rules.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from generator import cells, tablekeys
from generator.catalog import Resource
from generator.problems import Problem, problems_at_rows
from generator.reading import RawTable, blank_mask, position_missing_values
from generator.tablekeys import CheckedField

_THREADED_ROWS = 20_000  # below this, handing columns to threads costs more than it saves
# pandas' nullable arrays, built from a values array and a null mask
_MASKED = {
    pa.int64(): (pd.arrays.IntegerArray, 0),
    pa.float64(): (pd.arrays.FloatingArray, 0.0),
    pa.bool_(): (pd.arrays.BooleanArray, False),
}
_CODES = {
    "required": "required-missing",
    "enum": "not-in-code-list",
    "pattern": "wrong-format",
    "minimum": "out-of-range",
    "maximum": "out-of-range",
    "exclusiveMinimum": "out-of-range",
    "exclusiveMaximum": "out-of-range",
    "minLength": "wrong-length",
    "maxLength": "wrong-length",
}
_EXPECTED_TYPE = {
    "integer": "整数（如 3），不带小数点、单位或空格",
    "number": "数字（如 1234.56），不带单位、千分位逗号或空格",
    "boolean": "是或否（填 true 或 false）",
    "year": "四位数的年份（如 2025）",
}


@dataclass(frozen=True)
class CheckedTable:
    resource: Resource
    # Columns = schema field names, typed (integer/year "Int64", number "Float64",
    # boolean "boolean", date datetime64[s], string "string"). Missing cells
    # and every cell with a problem are NA (foreign keys are checked before
    # that, on the values frictionless would use). Blank rows are dropped.
    frame: pd.DataFrame
    rows: np.ndarray  # spreadsheet row number of each frame row
    # The frame before invalid cells were blanked: foreign keys into this table
    # look values up here, as frictionless does.
    key_frame: pd.DataFrame | None = None


def check_table(
    resource: Resource, raw: RawTable, lookup: Callable[[str], CheckedTable | None]
) -> tuple[CheckedTable, list[Problem]]:
    """Check every cell, key and foreign key of `raw` against `resource.schema`."""
    schema = resource.schema
    fields = schema["fields"]
    count = raw.cells.shape[1]
    where = {"dataset": resource.name, "file": resource.display_path}
    blank = blank_mask(schema, raw)
    keep = ~blank
    missing_values = position_missing_values(schema, count)
    problems: list[Problem] = []
    checked: dict[str, CheckedField] = {}

    def check(position: int) -> tuple[CheckedField, list[Problem]]:
        return _check_column(fields[position], position, raw, missing_values[position], keep, where)

    # Arrow kernels release the GIL: two columns at a time use both cores, and
    # the primary key is checked while the last columns are still running.
    names = [field["name"] for field in fields[:count]]
    key = _names(schema.get("primaryKey"))
    with ThreadPoolExecutor(max_workers=2) if len(raw.rows) >= _THREADED_ROWS else _Inline() as pool:
        futures = [pool.submit(check, position) for position in range(len(names))]
        key_problems = None
        if key and all(name in names for name in key):
            states = {name: futures[names.index(name)].result()[0] for name in key}
            key_problems = pool.submit(_primary_key_problems, key, states, raw.rows, where)
        for name, future in zip(names, futures):
            checked[name], found = future.result()
            problems += found
        problems += key_problems.result() if key_problems else []

    problems += _unique_problems(checked, raw.rows, where)
    kept = _KeptRows(keep)
    frame = _frame(fields, {name: state.typed for name, state in checked.items()}, kept, len(raw.rows))
    rows = raw.rows[keep]
    table = CheckedTable(resource, frame, rows)
    for fk in schema.get("foreignKeys", []):
        problems += _foreign_key_problems(resource, fk, checked, table, lookup, keep, raw.rows, where)
    checked_frame = _without_invalid_cells(frame, fields, checked, kept, raw.rows, problems)
    return CheckedTable(resource, checked_frame, rows, key_frame=frame), problems


# Cells these problems point at are blanked before any domain rule sees the
# frame: a rule must never compute with, or quote, a value that failed its check.
_INVALID_CELL_CODES = frozenset({
    "wrong-type", "required-missing", "not-in-code-list", "wrong-format", "out-of-range", "wrong-length",
    "unknown-reference", "objection-phone-unofficial",
})


def _without_invalid_cells(
    frame: pd.DataFrame, fields: list[dict], checked: dict[str, CheckedField], kept: _KeptRows,
    rows: np.ndarray, problems: list[Problem],
) -> pd.DataFrame:
    bad: dict[str, list[int]] = {}
    for p in problems:
        if p.code in _INVALID_CELL_CODES and p.row is not None and p.column in checked:
            bad.setdefault(p.column, []).append(p.row)
    if not bad:
        return frame
    def hit(found: list[int]) -> np.ndarray:
        # rows ascend (spreadsheet order), so a binary search finds each problem's row
        wanted = np.asarray(found, dtype=np.int64)
        positions = np.minimum(np.searchsorted(rows, wanted), len(rows) - 1)
        mask = np.zeros(len(rows), dtype=bool)
        mask[positions[rows[positions] == wanted]] = True
        return mask

    # blanked in Arrow, before pandas: a string column gets a validity bitmap, not a copy
    blanked = {name: cells.with_nulls(checked[name].typed, hit(found)) for name, found in bad.items()}
    replaced = _frame([f for f in fields if f["name"] in blanked], blanked, kept, len(rows))
    return frame.assign(**{name: replaced[name] for name in blanked})


class _KeptRows:
    """Which rows stay in the frame (blank rows go). A few dropped rows are cut
    out by slicing, which shares the memory; many by a filter, which copies."""

    _MAX_RUNS = 1_000

    def __init__(self, keep: np.ndarray):
        self.count = int(keep.sum())
        self.runs: list[tuple[int, int]] | None = None
        self.mask: pa.Array | None = None
        if self.count == len(keep):
            return
        edges = np.flatnonzero(np.diff(np.concatenate(([False], keep, [False])).astype(np.int8)))
        if len(edges) // 2 <= self._MAX_RUNS:
            self.runs = [(int(a), int(b - a)) for a, b in zip(edges[::2], edges[1::2])]
        else:
            self.mask = pa.array(keep)

    def apply(self, array: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
        if self.mask is not None:
            return array.filter(self.mask)
        if self.runs is None:
            return array
        pieces = [array.slice(start, length) for start, length in self.runs]
        chunks = [c for piece in pieces for c in (piece.chunks if isinstance(piece, pa.ChunkedArray) else [piece])]
        return pa.chunked_array(chunks, array.type)


class _Inline:
    """The executor interface, run in the calling thread: small tables gain nothing from threads."""

    def __enter__(self) -> _Inline:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def submit(self, fn: Callable, *args: object) -> Future:
        future: Future = Future()
        future.set_result(fn(*args))
        return future


def _check_column(
    field: dict, position: int, raw: RawTable, missing: frozenset[str], keep: np.ndarray, where: dict
) -> tuple[CheckedField, list[Problem]]:
    column = tablekeys.distinct(raw.cells[position])
    missing_set = pa.array(sorted(missing), pa.large_string())
    is_missing = pc.is_in(column.values, value_set=missing_set).to_numpy(zero_copy_only=False)
    result = cells.cast(field, column.values, is_missing)
    failures = cells.constraint_failures(field, column.values, result, is_missing)
    if cells.kind(field) == "string":  # the raw strings are the values: no copy
        typed = cells.with_nulls(column.raw, column.spread(is_missing))
    else:
        typed = column.spread_arrow(result.typed)
    type_error = column.spread(result.type_error)
    per_row = {name: column.spread(mask) for name, mask in failures.items()}
    absent = _absent(raw, position, missing)
    if absent is not None:  # a cell the row did not have is missing, whatever its ""
        typed = cells.with_nulls(typed, absent)
        type_error = type_error & ~absent
        per_row = {name: mask & ~absent for name, mask in per_row.items()}
        if field.get("constraints", {}).get("required"):
            per_row["required"] = per_row.get("required", np.zeros(len(absent), bool)) | absent
    title = field.get("title") or field["name"]
    column_name = field["name"]
    problems = []
    if type_error.any():
        rows = raw.rows[type_error & keep]
        problems += problems_at_rows(
            "wrong-type", rows, **where, column=column_name, title=title, expected=_expected_type(field)
        )
    for name, mask in per_row.items():
        rows = raw.rows[mask & keep]
        if len(rows):
            details = _constraint_details(field, name)
            problems += problems_at_rows(_code(field, name), rows, **where, column=column_name, title=title, **details)
    none = column.spread(is_missing | result.type_error)
    if absent is not None:
        none = none | absent
    return CheckedField(field, column, result, typed, none), problems


def _code(field: dict, constraint: str) -> str:
    """A masked-name column that fails its pattern holds a name that is not
    masked: a privacy problem, reported as such."""
    if constraint == "pattern" and field["name"] == "name_masked":
        return "name-not-masked"
    return _CODES[constraint]


def _absent(raw: RawTable, position: int, missing: frozenset[str]) -> np.ndarray | None:
    if raw.widths is None or "" in missing:
        return None
    absent = raw.widths <= position
    return absent if absent.any() else None


# --- keys ----------------------------------------------------------------------------


def _names(schema_value: object) -> list[str]:
    if not schema_value:
        return []
    return [schema_value] if isinstance(schema_value, str) else list(schema_value)


def _unique_problems(checked: dict[str, CheckedField], rows: np.ndarray, where: dict) -> list[Problem]:
    problems = []
    for name, state in checked.items():
        if not state.field.get("constraints", {}).get("unique"):
            continue
        repeated, first = tablekeys.duplicates([state], ~state.none)
        for first_row, group in _by_first_row(rows[repeated], rows[first]):
            problems += problems_at_rows(
                "duplicate-value", group, **where, column=name, title=state.title, first_row=first_row
            )
    return problems


def _primary_key_problems(
    key: list[str], checked: dict[str, CheckedField], rows: np.ndarray, where: dict
) -> list[Problem]:
    """Called only when every key column is in the header (frictionless skips it otherwise)."""
    states = [checked[name] for name in key]
    none = np.logical_and.reduce([s.none for s in states])
    labels = "、".join(s.title for s in states)
    column = key[0] if len(key) == 1 else None
    problems = problems_at_rows("missing-key", rows[none], **where, column=column, fields=labels)
    repeated, first = tablekeys.duplicates(states, ~none)
    for first_row, group in _by_first_row(rows[repeated], rows[first]):
        problems += problems_at_rows(
            "duplicate-key", group, **where, column=column, fields=labels, first_row=first_row
        )
    return problems


def _by_first_row(repeated: np.ndarray, first: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """Group duplicate rows by the row they repeat (one message per group)."""
    if not len(repeated):
        return []
    order = np.argsort(first, kind="stable")
    firsts, starts = np.unique(first[order], return_index=True)
    groups = np.split(repeated[order], starts[1:])
    return [(int(f), g) for f, g in zip(firsts, groups)]


def _foreign_key_problems(
    resource: Resource,
    fk: dict,
    checked: dict[str, CheckedField],
    table: CheckedTable,
    lookup: Callable[[str], CheckedTable | None],
    keep: np.ndarray,
    rows: np.ndarray,
    where: dict,
) -> list[Problem]:
    names = _names(fk.get("fields"))
    reference = fk.get("reference", {})
    source_fields = _names(reference.get("fields"))
    if not names or not all(name in checked for name in names):
        return []
    source_name = reference.get("resource", "")
    source = table if source_name in ("", resource.name) else lookup(source_name)
    if source is None:
        return []  # the referenced table is missing: reported where it is read
    source_frame = source.key_frame if source.key_frame is not None else source.frame
    sources = [tablekeys.frame_column(source_frame, name) for name in source_fields]
    found, none = tablekeys.foreign_key_found([checked[name] for name in names], sources)
    bad = ~found & ~none & keep
    if not bad.any():
        return []
    if source_name == "service_points" and source_fields == ["phone"]:
        return problems_at_rows("objection-phone-unofficial", rows[bad], **where, column=names[0])
    titles = "、".join(checked[name].title for name in names)
    label = f"{source.resource.title}（{source.resource.name}）"
    return problems_at_rows("unknown-reference", rows[bad], **where, column=names[0], title=titles, target=label)


# --- frame and messages -----------------------------------------------------------------


def _frame(fields: list[dict], arrays: dict[str, pa.Array], kept: _KeptRows, length: int) -> pd.DataFrame:
    columns = {}
    for field in fields:
        name = field["name"]
        arrow_type = cells.ARROW_TYPES.get(cells.kind(field), pa.large_string())
        array = arrays[name] if name in arrays else pa.nulls(length, arrow_type)
        columns[name] = _series(kept.apply(array))
    return pd.DataFrame(columns, index=pd.RangeIndex(kept.count), copy=False)


def _series(array: pa.Array) -> pd.Series:
    if pa.types.is_large_string(array.type) or pa.types.is_null(array.type):
        return pd.Series(pd.arrays.ArrowStringArray(array.cast(pa.large_string())), copy=False)
    if pa.types.is_date32(array.type):
        return pd.Series(array.cast(pa.timestamp("s")).to_pandas(), copy=False)
    if array.type in _MASKED:  # built directly: faster than pandas' conversion from Arrow
        kind, filler = _MASKED[array.type]
        mask = array.is_null().to_numpy(zero_copy_only=False)
        return pd.Series(kind(pc.fill_null(array, filler).to_numpy(zero_copy_only=False), mask), copy=False)
    return pd.Series(array.to_pandas())


def _expected_type(field: dict) -> str:
    k = cells.kind(field)
    if k == "date":
        fmt = field.get("format", "default")
        return "日期，格式为 年-月-日（如 2025-03-01）" if fmt == "default" else f"日期，格式为 {fmt}"
    return _EXPECTED_TYPE.get(k, "文字")


def _constraint_details(field: dict, name: str) -> dict[str, str]:
    value = field.get("constraints", {}).get(name)
    unit = field.get("unit", "")
    if name == "enum":
        labels = {c.get("value"): c.get("label") for c in field.get("categories", []) if isinstance(c, dict)}
        shown = [f"{v}（{labels[v]}）" if labels.get(v) else str(v) for v in value]
        return {"allowed": "、".join(shown)}
    if name == "pattern":
        return {"expected": (field.get("description") or f"应符合格式 {value}").rstrip("。.")}
    if name in ("minLength", "maxLength"):
        return {"expected": f"至少 {value} 个字" if name == "minLength" else f"最多 {value} 个字"}
    words = {"minimum": "不小于", "maximum": "不大于", "exclusiveMinimum": "大于", "exclusiveMaximum": "小于"}
    if name in words:
        return {"expected": f"应{words[name]} {value}{(' ' + unit) if unit else ''}"}
    return {}
