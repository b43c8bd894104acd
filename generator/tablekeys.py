"""KEYS: columns as distinct values, and the table-level checks on them.

Primary keys, `unique` and foreign keys compare *typed* values, as frictionless
does (`7` equals `007` for an integer, `1.0` equals `1` for a number); empty and
unreadable cells are None. Everything here is vectorised; keys holding values
that float64/int64 cannot represent (`NaN`, 20-digit numbers) are compared
with frictionless' own Python values instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from generator import cells
from generator.reading import arrow_strings

_DISTINCT_SAMPLE = 20_000


class Column:
    """A column of raw strings as distinct values and, per row, the index of its value."""

    def __init__(self, raw: pa.ChunkedArray, encoded: bool) -> None:
        self.raw = raw  # the strings, one per row, chunked as read
        self.encoded = encoded  # False: `values` is `raw` itself
        self.values = raw
        self.codes: np.ndarray | None = None  # per row, the index of its value (when encoded)
        if encoded:
            self.values, self.codes = dictionary_codes(raw)

    def spread(self, per_value: np.ndarray) -> np.ndarray:
        if not self.encoded:
            return per_value
        if per_value.dtype == bool and not per_value.any():
            return np.zeros(len(self.raw), bool)  # the clean case: no gather over every row
        return per_value[self.codes]

    def spread_arrow(self, per_value: pa.Array) -> pa.Array:
        return per_value.take(pa.array(self.codes)) if self.encoded else per_value


def dictionary_codes(values: pa.ChunkedArray) -> tuple[pa.Array, np.ndarray]:
    """The distinct values (first seen first, null included) and each row's
    index into them, from one hashing pass."""
    encoded = pc.dictionary_encode(values, null_encoding="encode")
    if encoded.num_chunks == 0:
        return pa.array([], values.type), np.zeros(0, np.int64)
    dictionary = encoded.chunks[-1].dictionary
    if not all(c.dictionary.equals(dictionary) for c in encoded.chunks[:-1]):
        # Arrow gives every chunk the whole dictionary; should that change, take the slow, sure way
        distinct_values = pc.unique(values)
        return distinct_values, pc.index_in(values, value_set=distinct_values).to_numpy(zero_copy_only=False)
    return dictionary, np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in encoded.chunks])


def distinct(column: pd.Series) -> Column:
    raw = arrow_strings(column)  # chunked as read: combining would copy every string
    sample = raw.slice(0, _DISTINCT_SAMPLE)
    # mostly distinct values: encoding would cost more than it saves
    return Column(raw, encoded=len(raw) <= 64 or len(pc.unique(sample)) <= len(sample) // 4)


@dataclass
class CheckedField:
    field: dict
    column: Column
    result: cells.Cast  # per distinct value
    typed: pa.Array  # per row; null where missing or unreadable (or beyond int64/float64)
    none: np.ndarray  # per row: frictionless' value is None (missing, absent or unreadable)

    @property
    def title(self) -> str:
        return self.field.get("title") or self.field["name"]


# --- codes --------------------------------------------------------------------------


def key_codes(state: CheckedField) -> np.ndarray:
    """Per row an int64 code, equal for equal typed values; -1 for None."""
    if state.result.exotic:
        codes = _exact_codes(state)
    else:
        codes = state.column.spread(_factorize(state.result.typed))
    return np.where(state.none, -1, codes)


def _factorize(values: pa.Array) -> np.ndarray:
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()  # one dictionary for all rows
    if pa.types.is_floating(values.type):
        values = pc.add(values, 0.0)  # -0.0 and 0.0 are one value, as Decimals are
    indices = values.dictionary_encode().indices
    if indices.null_count:
        indices = pc.fill_null(indices, -1)
    return indices.to_numpy(zero_copy_only=False).astype(np.int64)


def _exact_codes(state: CheckedField) -> np.ndarray:
    """Codes from frictionless' own values (Decimal, big int); NaN equals nothing."""
    read = cells.exact_reader(state.field)
    readable = ~pc.is_null(state.result.typed).to_numpy(zero_copy_only=False)
    seen: dict[object, int] = {}
    per_value = np.full(len(state.column.values), -1, np.int64)
    nan = np.zeros(len(state.column.values), bool)
    for i, text in enumerate(state.column.values.to_pylist()):
        if not readable[i] and i not in state.result.exact:
            continue
        value = state.result.exact[i] if i in state.result.exact else read(text)
        if value != value:
            nan[i] = True
        else:
            per_value[i] = seen.setdefault(value, len(seen))
    codes = state.column.spread(per_value).copy()
    nan_rows = np.flatnonzero(state.column.spread(nan))
    codes[nan_rows] = len(seen) + np.arange(len(nan_rows))
    return codes


def combine(codes: list[np.ndarray]) -> np.ndarray:
    """One int64 code per row for a tuple of codes (negative codes are values too)."""
    combined = codes[0] - codes[0].min(initial=0)
    for part in codes[1:]:
        shifted = part - part.min(initial=0)
        width = int(shifted.max(initial=0)) + 1
        combined = np.unique(combined * width + shifted, return_inverse=True)[1].astype(np.int64)
    return combined


# --- duplicates ----------------------------------------------------------------------


def duplicates(states: list[CheckedField], consider: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row indices that repeat an earlier considered row's key, and that earlier row.

    frictionless names the latest earlier row; we name the first, which helps
    more when a row was pasted many times.
    """
    if len(states) == 1 and _plain_strings(states[0]):
        return _string_duplicates(states[0].typed, consider)
    codes = [key_codes(s) for s in states]
    return _code_duplicates(combine(codes) if len(codes) > 1 else codes[0], consider)


def _plain_strings(state: CheckedField) -> bool:
    return not state.column.encoded and pa.types.is_large_string(state.typed.type)


def _code_duplicates(codes: np.ndarray, consider: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    index = np.flatnonzero(consider)
    _, first, inverse = np.unique(codes[index], return_index=True, return_inverse=True)
    if len(first) == len(index):
        return index[:0], index[:0]
    first_index = index[first][inverse]
    repeated = first_index != index
    return index[repeated], first_index[repeated]


def _string_duplicates(strings: pa.Array, consider: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Duplicates among mostly distinct strings: hash candidates, then compare exactly."""
    index = np.flatnonzero(consider)
    subset = strings.filter(pa.array(consider)) if len(index) < len(strings) else strings
    hashes = _fixed_width_hashes(subset)
    if hashes is None:
        return _code_duplicates(_factorize(strings), consider)
    ordered = np.sort(hashes)  # SIMD sort: cheaper than any hash table here
    repeats = ordered[1:][ordered[1:] == ordered[:-1]]
    if not len(repeats):
        return index[:0], index[:0]  # the common case: every key differs
    candidates = np.flatnonzero(np.isin(hashes, repeats))
    seen: dict[str, int] = {}
    repeated, first = [], []
    texts = cells.pick(subset, candidates)
    for position, text in zip(candidates.tolist(), texts):
        row = int(index[position])
        earlier = seen.setdefault(text, row)
        if earlier != row:
            repeated.append(row)
            first.append(earlier)
    return np.array(repeated, np.int64), np.array(first, np.int64)


def _fixed_width_hashes(strings: pa.Array | pa.ChunkedArray) -> np.ndarray | None:
    """A 64-bit hash per string when all have the same byte length (codes, IDs)."""
    chunks = strings.chunks if isinstance(strings, pa.ChunkedArray) else [strings]
    if len(strings) == 0 or strings.null_count or not pa.types.is_large_string(strings.type):
        return None
    parts, width = [], None
    for chunk in (c for c in chunks if len(c)):
        offsets = np.frombuffer(chunk.buffers()[1], np.int64)[chunk.offset : chunk.offset + len(chunk) + 1]
        width = int(offsets[1] - offsets[0]) if width is None else width
        if width == 0 or width > 64 or not (np.diff(offsets) == width).all():
            return None
        data = np.frombuffer(chunk.buffers()[2], np.uint8)[offsets[0] : offsets[-1]]
        parts.append(_fnv(data.reshape(-1, width)))
    return np.concatenate(parts)


def _fnv(data: np.ndarray) -> np.ndarray:
    hashes = np.full(len(data), 14695981039346656037, np.uint64)
    for i in range(data.shape[1]):  # FNV-1a, one byte position at a time for all rows
        hashes ^= data[:, i]
        hashes *= np.uint64(1099511628211)
    return hashes


# --- foreign keys ------------------------------------------------------------------------


def foreign_key_found(targets: list[CheckedField], sources: list[pa.Array]) -> tuple[np.ndarray, np.ndarray]:
    """Per row: is the key tuple in the source's rows, and is it all None (not checked)."""
    if len(targets) == 1:  # decided per distinct value: rows need codes only if some fail
        state = targets[0]
        per_value, _ = _shared_codes(state.result.typed, sources[0])
        return ~state.column.spread(per_value == -2) | state.none, state.none
    source_none = np.logical_and.reduce([pc.is_null(s).to_numpy(zero_copy_only=False) for s in sources])
    target_codes, source_codes = [], []
    for state, source in zip(targets, sources):
        per_value, source_code = _shared_codes(state.result.typed, source)
        codes = state.column.spread(per_value)
        codes = np.where(state.none, -1, codes)
        target_codes.append(codes)
        source_codes.append(source_code)
    target_none = np.logical_and.reduce([c == -1 for c in target_codes])
    size = len(target_codes[0])
    both = combine([np.concatenate([t, s]) for t, s in zip(target_codes, source_codes)])
    return np.isin(both[:size], both[size:][~source_none]), target_none


def _shared_codes(target: pa.Array, source: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Codes in the source's value space: -1 None, -2 a target value the source lacks."""
    target, source = _comparable(target, source)
    if target.type != source.type:  # e.g. text against numbers: never equal
        t = np.where(pc.is_null(target).to_numpy(zero_copy_only=False), -1, -2)
        s = np.where(pc.is_null(source).to_numpy(zero_copy_only=False), -1, -3)
        return t.astype(np.int64), s.astype(np.int64)
    values = pc.unique(source.drop_null())
    t = pc.fill_null(pc.index_in(target, value_set=values), -2).to_numpy(zero_copy_only=False).astype(np.int64)
    t[pc.is_null(target).to_numpy(zero_copy_only=False)] = -1
    s = pc.fill_null(pc.index_in(source, value_set=values), -1).to_numpy(zero_copy_only=False).astype(np.int64)
    return t, s


def _comparable(target: pa.Array, source: pa.Array) -> tuple[pa.Array, pa.Array]:
    numeric = (pa.int64(), pa.float64())
    if target.type in numeric and source.type in numeric and target.type != source.type:
        return target.cast(pa.float64()), source.cast(pa.float64())  # Python: 1 == Decimal(1)
    if pa.types.is_floating(target.type):
        return pc.add(target, 0.0), pc.add(source, 0.0)  # -0.0 == 0.0
    return target, source


def frame_column(frame: pd.DataFrame, name: str) -> pa.Array:
    """A checked table's column as Arrow, in the types `cells.cast` produces."""
    if name not in frame.columns:
        return pa.nulls(len(frame), pa.large_string())
    series = frame[name]
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return pa.array(series).cast(pa.date32())
    array = pa.array(series.array)
    array = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
    return array.cast(pa.large_string()) if pa.types.is_string(array.type) else array
