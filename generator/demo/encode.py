"""Turning numpy columns into CSV text, vectorised, and writing the files.

All CSV output: UTF-8 without BOM, "\\n" line ends, a plain header, and quotes
only where a value needs them. Large tables go through pyarrow with quoting
switched off (it refuses values that would need quotes, so nothing breaks
silently); small reference tables go through the csv module.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from generator.demo.scales import month_label

HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
REF_BITS = 48  # 12 hex characters


# Refs must never look like a phone or ID number to the privacy scanner
# (e.g. "a13812345678" holds a mobile-number pattern), so long digit runs are redrawn.
MAX_DIGIT_RUN = 6


def _nibbles(refs: np.ndarray) -> np.ndarray:
    shifts = np.arange(REF_BITS - 4, -1, -4, dtype=np.uint64)
    return ((refs[:, None] >> shifts) & np.uint64(15)).astype(np.intp)


NIBBLE_BIT = {bit: int(f"{1 << bit:x}" * (REF_BITS // 4), 16) for bit in range(4)}  # e.g. 0x888…8


def _long_digit_run(refs: np.ndarray) -> np.ndarray:
    """True where more than MAX_DIGIT_RUN hex characters in a row are 0–9.

    Bit arithmetic on all 12 nibbles at once: a nibble is a letter (a–f) when
    its top bit is set together with one of the two middle bits."""
    top = refs & np.uint64(NIBBLE_BIT[3])
    middle = ((refs & np.uint64(NIBBLE_BIT[2])) << np.uint64(1)) | ((refs & np.uint64(NIBBLE_BIT[1])) << np.uint64(2))
    digits = ~(top & middle) & np.uint64(NIBBLE_BIT[3])  # top bit of every digit nibble
    run = digits
    for step in range(1, MAX_DIGIT_RUN + 1):
        run = run & (digits >> np.uint64(4 * step))
    return run != 0


def unique_refs(rng: np.random.Generator, count: int) -> np.ndarray:
    """`count` distinct random 48-bit numbers (uint64) without long digit runs in hex."""
    refs = rng.integers(0, 2**REF_BITS, size=count, dtype=np.uint64)
    while True:
        redo = _long_digit_run(refs)
        _, first = np.unique(refs, return_index=True)
        duplicate = np.ones(count, dtype=bool)
        duplicate[first] = False
        redo |= duplicate
        if not redo.any():
            return refs
        refs = refs.copy()
        refs[redo] = rng.integers(0, 2**REF_BITS, size=int(redo.sum()), dtype=np.uint64)


def hex_refs(refs: np.ndarray) -> pa.Array:
    """12 lowercase hex characters per number."""
    data = HEX[_nibbles(refs)].tobytes()
    offsets = np.arange(0, 12 * len(refs) + 1, 12, dtype=np.int32)
    return pa.StringArray.from_buffers(len(refs), pa.py_buffer(offsets.tobytes()), pa.py_buffer(data))


def money(fen: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    """Fen as "1234.56" strings; `missing` marks empty cells."""
    fen = np.asarray(fen, dtype=np.int64)
    yuan = pa.array(fen // 100).cast(pa.string())
    cents = pc.utf8_lpad(pa.array(fen % 100).cast(pa.string()), width=2, padding="0")
    text = pc.binary_join_element_wise(yuan, cents, ".")
    if missing is None:
        return text
    return pc.if_else(pa.array(missing), pa.scalar(None, pa.string()), text)


def money_text(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def labels(values: list[str], index: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    """values[index] as a string column; `missing` marks empty cells."""
    taken = pa.array(values, pa.string()).take(pa.array(np.asarray(index, dtype=np.int64)))
    if missing is None:
        return taken
    return pc.if_else(pa.array(missing), pa.scalar(None, pa.string()), taken)


def integers(values: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(values, dtype=np.int64), mask=missing)


def month_labels(numbers: np.ndarray) -> pa.Array:
    """Month numbers (year × 12 + month − 1) as "YYYY-MM"."""
    low = int(numbers.min()) if len(numbers) else 0
    high = int(numbers.max()) if len(numbers) else 0
    table = [month_label(m) for m in range(low, high + 1)]
    return labels(table, numbers - low)


def constant(value: str, count: int) -> pa.Array:
    return labels([value], np.zeros(count, dtype=np.int64))


def write_arrow(path: Path, columns: dict[str, pa.Array]) -> int:
    """Write a large table; returns the number of data rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table(columns)
    with path.open("wb") as handle:
        handle.write((",".join(columns) + "\n").encode("utf-8"))
        pa_csv.write_csv(table, handle, pa_csv.WriteOptions(include_header=False, quoting_style="none"))
    return table.num_rows


def write_rows(path: Path, header: list[str], rows: list[list]) -> int:
    """Write a small table with quotes only where needed; returns the row count."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(header)
        writer.writerows([["" if v is None else v for v in row] for row in rows])
    return len(rows)
