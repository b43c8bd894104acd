"""CAST: Table Schema cell types and constraints, exactly as frictionless 5.21 reads them.

Every function works on a column of *distinct* raw strings (the caller maps
results back to rows), in two tiers: a vectorised pyarrow path for ordinary
cells (plain digits, ISO dates, RE2-compatible patterns) and an exact pure-Python
path, with frictionless' own rules, for the rare cells the fast path cannot
decide (` 3`, `1_0`, `٣`, `NaN`, `1e3`, 16+ digit numbers, text with a line break).
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ARROW_TYPES = {
    "string": pa.large_string(),
    "integer": pa.int64(),
    "year": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
}
# frictionless' supported_constraints per type (unique is checked per table)
SUPPORTED = {
    "string": ("required", "minLength", "maxLength", "pattern", "enum"),
    "integer": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "number": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "date": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "year": ("required", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"),
    "boolean": ("required", "enum"),
}
BOUNDS = {
    "minimum": operator.ge,
    "maximum": operator.le,
    "exclusiveMinimum": operator.gt,
    "exclusiveMaximum": operator.lt,
}
_ARROW_BOUNDS = {
    "minimum": pc.greater_equal,
    "maximum": pc.less_equal,
    "exclusiveMinimum": pc.greater,
    "exclusiveMaximum": pc.less,
}
_INT64 = (-(2**63), 2**63 - 1)
_TRUE = ["true", "True", "TRUE", "1"]
_FALSE = ["false", "False", "FALSE", "0"]
# Fast-path shapes: whatever matches is read identically by pyarrow and Python.
_PLAIN_INTEGER = r"^-?[0-9]{1,18}$"
_PLAIN_NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"  # and at most 15 characters: float64 is then exact
_ISO_DATE = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
_YEAR = r"^[0-9]{4}$"


def kind(field: dict) -> str:
    return field.get("type", "string")


# --- exact readers (frictionless' value readers) -----------------------------------


def exact_reader(field: dict) -> Callable[[object], object | None]:
    """frictionless' value_reader for the field: a value, or None when unreadable."""
    k = kind(field)
    if k == "integer":
        strip_text = None if field.get("bareNumber", True) else re.compile(r"((^[^-\d]*)|(\D*$))")
        return lambda cell: _read_integer(cell, strip_text)
    if k == "number":
        return _number_reader(field)
    if k == "boolean":
        mapping = {v: True for v in field.get("trueValues", _TRUE)}
        mapping.update({v: False for v in field.get("falseValues", _FALSE)})
        return lambda cell: cell if isinstance(cell, bool) else (mapping.get(cell) if isinstance(cell, str) else None)
    if k == "date":
        return _date_reader(field.get("format", "default"))
    if k == "year":
        return _read_year
    return lambda cell: cell if isinstance(cell, str) else None


def _read_integer(cell: object, strip_text: re.Pattern | None) -> int | None:
    if isinstance(cell, str):
        cell = cell.strip()
        if strip_text:
            cell = strip_text.sub("", cell)
        try:
            return int(cell)
        except Exception:
            return None
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    if isinstance(cell, Decimal) and cell % 1 == 0:
        return int(cell)
    return None


def _number_reader(field: dict) -> Callable[[object], object | None]:
    primary, secondary = (float, Decimal) if field.get("floatNumber") else (Decimal, float)
    group, decimal_char = field.get("groupChar", ""), field.get("decimalChar", ".")
    strip_text = None if field.get("bareNumber", True) else re.compile(r"((^[^-\d]*)|(\D*$))")
    processed = any(k in field for k in ("groupChar", "decimalChar", "bareNumber"))

    def read(cell: object) -> object | None:
        if isinstance(cell, str):
            cell = cell.strip()
            if processed:
                if strip_text:
                    cell = strip_text.sub("", cell)
                cell = cell.replace(group, "")
                if decimal_char != "." and "." in cell:
                    return None
                cell = cell.replace(decimal_char, ".")
            try:
                value = primary(cell)
            except Exception:
                return None
            # frictionless crashes on a signalling NaN ("sNaN"); we call it unreadable
            return None if isinstance(value, Decimal) and value.is_snan() else value
        if isinstance(cell, primary):
            return cell
        if isinstance(cell, bool):
            return None
        if isinstance(cell, int):
            return cell
        if isinstance(cell, secondary):
            return primary(str(cell) if primary is Decimal else cell)
        return None

    return read


def _date_reader(fmt: str) -> Callable[[object], object | None]:
    def read(cell: object) -> object | None:
        if isinstance(cell, datetime):
            return cell.date() if cell.time() == datetime.min.time() else None
        if isinstance(cell, date):
            return cell
        if not isinstance(cell, str):
            return None
        try:
            if fmt == "any":
                from dateutil import parser  # frictionless' choice for format "any"

                return parser.parse(cell).date()
            return datetime.strptime(cell, "%Y-%m-%d" if fmt == "default" else fmt).date()
        except Exception:
            return None

    return read


def _read_year(cell: object) -> int | None:
    if not isinstance(cell, int):
        if not isinstance(cell, str) or len(cell) != 4:
            return None
        try:
            cell = int(cell)
        except Exception:
            return None
    return cell if 0 <= cell <= 9999 else None


# --- casting a column ---------------------------------------------------------------


@dataclass(frozen=True)
class Cast:
    typed: pa.Array  # typed value per input value; null where missing or unreadable
    type_error: np.ndarray  # bool per input value
    exact: dict[int, object]  # input index -> value read by the exact path (not missing, readable)
    exotic: bool  # some exact value is not held faithfully by `typed` (keys must use Python)


def cast(field: dict, values: pa.Array, missing: np.ndarray) -> Cast:
    """Read every non-missing value of `values` (strings) as the field's type."""
    k = kind(field)
    present = ~missing
    if k == "string":
        return Cast(with_nulls(values, missing), np.zeros(len(values), bool), {}, False)
    if k == "boolean":
        return _cast_boolean(field, values, present)
    fast = np.zeros(len(values), bool)
    if k == "integer" and "bareNumber" not in field:
        fast = _matches(values, _PLAIN_INTEGER) & present
    elif k == "number" and not _number_options(field):
        short = pc.less_equal(pc.utf8_length(values), 15).to_numpy(zero_copy_only=False)
        fast = _matches(values, _PLAIN_NUMBER) & short & present
    elif k == "year":
        fast = _matches(values, _YEAR) & present
    elif k == "date" and field.get("format", "default") == "default":
        fast = _valid_iso_dates(values) & present
    typed = _arrow_cast(values, fast, ARROW_TYPES[k])
    read = exact_reader(field)
    exact: dict[int, object] = {}
    type_error = np.zeros(len(values), bool)
    slow = np.flatnonzero(present & ~fast)
    for i, text in zip(slow.tolist(), pick(values, slow)):
        value = read(text)
        if value is None:
            type_error[i] = True
        else:
            exact[i] = value
    if not exact:
        return Cast(typed, type_error, exact, False)
    return _with_exact(k, typed, exact, type_error)


def _number_options(field: dict) -> bool:
    return any(k in field for k in ("bareNumber", "groupChar", "decimalChar", "floatNumber"))


def _cast_boolean(field: dict, values: pa.Array, present: np.ndarray) -> Cast:
    true = pc.is_in(values, value_set=pa.array(field.get("trueValues", _TRUE), values.type))
    false = pc.is_in(values, value_set=pa.array(field.get("falseValues", _FALSE), values.type))
    is_true = true.to_numpy(zero_copy_only=False)
    known = is_true | false.to_numpy(zero_copy_only=False)
    typed = pa.array(is_true, pa.bool_(), mask=~(known & present))
    return Cast(typed, present & ~known, {}, False)


def _with_exact(k: str, typed: pa.Array, exact: dict[int, object], type_error: np.ndarray) -> Cast:
    """Put the exact path's values into the typed array."""
    positions = np.fromiter(exact, dtype=np.int64, count=len(exact))
    items = list(exact.values())
    exotic = False
    if k in ("integer", "year"):
        fits = [_INT64[0] <= v <= _INT64[1] for v in items]
        exotic = not all(fits)
        items = [v if ok else None for v, ok in zip(items, fits)]
    elif k == "number":
        exotic = True  # Decimal beyond float64, NaN, Infinity: keys compare them in Python
        items = [float(v) for v in items]
    patch = pa.array(items, typed.type)
    mask = np.zeros(len(typed), bool)
    mask[positions] = True
    order = np.zeros(len(typed), np.int64)
    order[positions] = np.arange(len(positions))
    spread = patch.take(pa.array(order))
    return Cast(pc.if_else(pa.array(mask), spread, typed), type_error, exact, exotic)


def pick(values: pa.Array | pa.ChunkedArray, index: np.ndarray) -> list:
    """Python values at a few positions (Arrow's take would first join all chunks)."""
    if not isinstance(values, pa.ChunkedArray):
        return values.take(pa.array(index, pa.int64())).to_pylist()
    starts = np.cumsum([0] + [len(c) for c in values.chunks])
    chunk_of = np.searchsorted(starts, index, side="right") - 1
    result: list = [None] * len(index)
    for chunk in np.unique(chunk_of).tolist():
        where = np.flatnonzero(chunk_of == chunk)
        local = pa.array(index[where] - starts[chunk], pa.int64())
        for j, value in zip(where.tolist(), values.chunks[chunk].take(local).to_pylist()):
            result[j] = value
    return result


def with_nulls(values: pa.Array | pa.ChunkedArray, mask: np.ndarray) -> pa.Array | pa.ChunkedArray:
    """`values` with nulls where `mask`: a new validity bitmap over the same data, no copy."""
    if not mask.any() or pa.types.is_null(values.type):
        return values
    chunked = isinstance(values, pa.ChunkedArray)
    chunks, start = [], 0
    for chunk in values.chunks if chunked else [values]:
        valid = np.ones(chunk.offset + len(chunk), bool)
        valid[chunk.offset :] = ~mask[start : start + len(chunk)]
        if chunk.null_count:
            valid[chunk.offset :] &= chunk.is_valid().to_numpy(zero_copy_only=False)
        bitmap = pa.py_buffer(np.packbits(valid, bitorder="little"))
        nulls = int(len(chunk) - valid[chunk.offset :].sum())
        chunks.append(pa.Array.from_buffers(chunk.type, len(chunk), [bitmap, *chunk.buffers()[1:]], nulls, chunk.offset))
        start += len(chunk)
    return pa.chunked_array(chunks, values.type) if chunked else chunks[0]


def _matches(values: pa.Array, pattern: str) -> np.ndarray:
    return pc.match_substring_regex(values, pattern).to_numpy(zero_copy_only=False)


def _arrow_cast(values: pa.Array, fast: np.ndarray, to: pa.DataType) -> pa.Array:
    """Cast the fast cells; every other cell becomes null."""
    if not fast.any():
        return pa.nulls(len(values), to)
    if fast.all():
        return pc.cast(values, to)
    sample = values.filter(pa.array(fast))[0]
    filled = pc.if_else(pa.array(fast), values, sample)
    return with_nulls(pc.cast(filled, to), ~fast)


def _valid_iso_dates(values: pa.Array) -> np.ndarray:
    """YYYY-MM-DD that is a real calendar day in years 1-9999."""
    shaped = _matches(values, _ISO_DATE)
    if not shaped.any():
        return shaped
    text = pc.if_else(pa.array(shaped), values, "2000-01-01")

    def part(start: int, stop: int) -> np.ndarray:
        piece = pc.utf8_slice_codeunits(text, start, stop)
        return pc.cast(piece, pa.int64()).to_numpy(zero_copy_only=False)

    year, month, day = part(0, 4), part(5, 7), part(8, 10)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[month] + ((month == 2) & leap)
    return shaped & (year >= 1) & (day <= days)


# --- constraints ----------------------------------------------------------------------


def prepared_constraints(field: dict) -> dict[str, object]:
    """Constraint values as frictionless compares them (bounds and enum read as the type)."""
    read = exact_reader(field)
    result: dict[str, object] = {}
    for name in SUPPORTED.get(kind(field), ()):
        value = field.get("constraints", {}).get(name)
        if value is None:
            continue
        if name in BOUNDS:
            value = read(value)
            if value is None:
                continue  # frictionless itself fails on such a schema
        elif name == "pattern":
            value = re.compile(f"^{value}$")
        elif name == "enum":
            value = [read(v) for v in value]
        result[name] = value
    return result


def check_exact(name: str, constraint: object, value: object) -> bool:
    """frictionless' check_<name> for one readable, non-missing value (pattern: see below)."""
    if name in BOUNDS:
        return value == value and bool(BOUNDS[name](value, constraint))
    if name == "enum":
        return value in constraint
    if name == "minLength":
        return len(value) >= constraint
    if name == "maxLength":
        return len(value) <= constraint
    return True


def constraint_failures(field: dict, values: pa.Array, result: Cast, missing: np.ndarray) -> dict[str, np.ndarray]:
    """Constraint name -> bool mask (per input value) of the cells that break it."""
    k = kind(field)
    prepared = prepared_constraints(field)
    checkable = ~missing & ~result.type_error
    exact_mask = np.zeros(len(values), bool)
    exact_mask[list(result.exact)] = True
    fast = checkable & ~exact_mask
    failures: dict[str, np.ndarray] = {}
    for name, constraint in prepared.items():
        if name == "required":
            if constraint:
                failures[name] = missing.copy()
            continue
        if name == "pattern":
            failed = _pattern_failures(field["constraints"]["pattern"], constraint, values, checkable)
        else:
            failed = np.zeros(len(values), bool)
            vector = _vector_check(k, name, constraint, result.typed, values) if fast.any() else None
            slow = exact_mask & checkable
            if vector is None:
                slow = checkable  # no exact vector form: every readable cell in Python
            else:
                failed |= fast & ~vector
            if slow.any():
                read = exact_reader(field)
                index = np.flatnonzero(slow)
                for i, text in zip(index.tolist(), pick(values, index)):
                    value = result.exact[i] if i in result.exact else read(text)
                    failed[i] = not check_exact(name, constraint, value)
        if failed.any():
            failures[name] = failed
    return failures


def _vector_check(k: str, name: str, constraint: object, typed: pa.Array, values: pa.Array) -> np.ndarray | None:
    """Passing mask for fast cells, or None when only Python is exact."""
    if name in ("minLength", "maxLength"):
        length = pc.utf8_length(values).to_numpy(zero_copy_only=False)
        return length >= constraint if name == "minLength" else length <= constraint
    if name == "enum":
        allowed = _enum_values(k, constraint)
        if allowed is None:
            return None
        source = values if k == "string" else typed
        return pc.is_in(source, value_set=allowed).to_numpy(zero_copy_only=False)
    if name in BOUNDS:
        bound = _arrow_bound(k, constraint)
        if bound is None:
            return None
        passed = _ARROW_BOUNDS[name](typed, bound)
        return pc.fill_null(passed, True).to_numpy(zero_copy_only=False)
    return None


def _enum_values(k: str, constraint: list) -> pa.Array | None:
    if k == "string":
        return pa.array([v for v in constraint if isinstance(v, str)], pa.large_string())
    if k in ("integer", "year"):
        ints = [v for v in constraint if v is not None]
        if all(type(v) is int and _INT64[0] <= v <= _INT64[1] for v in ints):
            return pa.array(ints, pa.int64())
        return None
    if k == "date":
        return pa.array([v for v in constraint if isinstance(v, date)], pa.date32())
    if k == "boolean":
        return pa.array([v for v in constraint if isinstance(v, bool)], pa.bool_())
    return None  # numbers: Decimal equality, in Python


def _arrow_bound(k: str, bound: object) -> pa.Scalar | None:
    if k in ("integer", "year") and type(bound) is int and _INT64[0] <= bound <= _INT64[1]:
        return pa.scalar(bound, pa.int64())
    if k == "date" and isinstance(bound, date):
        return pa.scalar(bound, pa.date32())
    if k == "number" and isinstance(bound, (int, Decimal)) and not isinstance(bound, bool):
        exact = Decimal(bound)
        digits = exact.normalize().as_tuple().digits
        # both sides have at most 15 significant digits: float64 keeps their order
        if exact.is_finite() and len(digits) <= 15 and (exact == 0 or -300 < exact.adjusted() < 300):
            return pa.scalar(float(exact), pa.float64())
    return None


def _pattern_failures(source: str, compiled: re.Pattern, values: pa.Array, checkable: np.ndarray) -> np.ndarray:
    plan = _re2_plan(source)
    if plan is None:
        python = checkable
        failed = np.zeros(len(values), bool)
    else:
        hit = pc.match_substring_regex(values, f"^(?:^{source}$)").to_numpy(zero_copy_only=False)
        failed = checkable & ~hit
        # Python's $ also matches before a final line break, RE2's does not: Python
        # accepts a superset, so only RE2's rejects can differ.
        python = failed & _contains(values, failed, "\n")
        if plan == "ascii":  # \d \w \b are Unicode-aware in Python only
            python |= checkable & ~pc.string_is_ascii(values).to_numpy(zero_copy_only=False)
    if python.any():
        index = np.flatnonzero(python)
        for i, text in zip(index.tolist(), pick(values, index)):
            failed[i] = not compiled.match(text)
    return failed


def _contains(values: pa.Array, where: np.ndarray, text: str) -> np.ndarray:
    """`text in value` for the values at `where` (few), False elsewhere."""
    found = np.zeros(len(values), bool)
    index = np.flatnonzero(where)
    if len(index):
        found[index] = [text in value for value in pick(values, index)]
    return found


_SAFE_ESCAPES = set(".-\\*+?()[]{}|^$/")


@functools.lru_cache(maxsize=256)
def _re2_plan(pattern: str) -> str | None:
    """"all" / "ascii" when RE2 reads the pattern as Python does, else None."""
    plan = "all"
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            escaped = pattern[i + 1 : i + 2]
            if escaped in ("d", "w", "b", "D", "W", "B"):
                plan = "ascii"
            elif escaped not in _SAFE_ESCAPES:
                return None
            i += 2
            continue
        if pattern.startswith(("[:", "{,"), i) or (pattern.startswith("(?", i) and not pattern.startswith("(?:", i)):
            return None
        i += 1
    try:
        pc.match_substring_regex(pa.array([""]), f"^(?:^{pattern}$)")
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return plan
