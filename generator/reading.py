"""READ: a resource's file as a table of strings, with its structural problems.

CSV is parsed by pyarrow when the file is well formed (the common case, fast)
and by Python's csv module otherwise, so that blank rows, ragged rows and row
numbers come out exactly as `frictionless validate` reports them: row numbers
count CSV records (a quoted line break stays inside its row), header = row 1.
Encodings are never guessed: only what the package declares is used.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import mmap
import os
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from generator.catalog import DATASETS_DIR, Resource
from generator.cells import pick
from generator.problems import Problem, problem, problems_at_rows

# Chinese reasons of `header-mismatch`, one per kind of label error that
# frictionless reports (the key). They name the expected field, never the text
# found in the file: a file without a header row would put personal data there.
LABEL_REASONS = {
    "incorrect-label": "第 {position} 列的列名应为「{name}」（{title}）",
    "blank-label": "第 {position} 列的列名为空，应为「{name}」（{title}）",
    "duplicate-label": "第 {position} 列的列名与前面的列重复，应为「{name}」（{title}）",
    "missing-label": "缺少第 {position} 列「{name}」（{title}）",
    "extra-label": "第 {position} 列是表结构中没有的多余列",
}

# pandas' "string" dtype holds large_string: using it from the start avoids copies.
TEXT = pa.large_string()

_UTF8 = {"utf-8", "utf-8-sig"}
_GB = {"gb18030", "gbk", "gb2312"}  # GBK and GB2312 are subsets of GB18030
_SNIFF_LINES = 100  # frictionless sniffs the CSV dialect from the first 100 lines
_SNIFF_DELIMITERS = ",\t;|"
_SAMPLE_ROWS = 100  # and detects the header row from the first 100 records

csv.field_size_limit(sys.maxsize // 2)  # a long cell is a finding, not a crash


@dataclass(frozen=True)
class RawTable:
    header: tuple[str, ...]  # header cells as in the file (BOM stripped); () when row 1 is empty
    cells: pd.DataFrame  # column i = header position i; "string" dtype; absent cell = ""
    rows: np.ndarray  # int64 spreadsheet row number of each data row (header = 1)
    # Cells each row really had, when some row was short or long (None: all
    # complete). A cell beyond its row's width counts as absent, not as "".
    widths: np.ndarray | None = None
    # Rows frictionless calls blank, computed once on reading (see `blank_mask`).
    blank: np.ndarray | None = None

    def with_blank(self, schema: dict) -> RawTable:
        return replace(self, blank=blank_mask(schema, self))


def read_table(resource: Resource, root: Path) -> tuple[RawTable | None, list[Problem]]:
    """Read `datasets/<resource.path>` under the project `root`."""
    path = root / DATASETS_DIR / resource.path
    where = {"dataset": resource.name, "file": resource.display_path}
    if not path.is_file():
        return None, [problem("file-missing", **where, path=resource.display_path)]
    fmt = (resource.format or "").lower()
    if fmt == "xlsx":
        return _read_xlsx(resource, path)
    if fmt != "csv":
        reason = f"不支持的文件格式「{fmt}」，只接受 csv 和 xlsx"
        return None, [problem("file-unreadable", **where, reason=reason)]
    source, problems = _utf8_source(resource, _map(path))
    if source is None:
        return None, problems
    return _read_csv(resource, source)


@dataclass(frozen=True)
class _Source:
    """UTF-8 file content from `start` on (after a BOM), mapped rather than copied."""

    data: bytes | mmap.mmap
    start: int = 0

    def __len__(self) -> int:
        return len(self.data) - self.start

    def head(self, size: int) -> bytes:
        return self.data[self.start : self.start + size]

    def has(self, needle: bytes) -> bool:
        return self.data.find(needle, self.start) != -1

    def buffer(self) -> pa.Buffer:
        return pa.py_buffer(self.data).slice(self.start)

    def all(self) -> bytes:
        return self.data[self.start :]


def _map(path: Path) -> bytes | mmap.mmap:
    """The file's bytes; a large file is memory-mapped (no copy, no page faults for a copy)."""
    with path.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size < 1 << 20:
            return handle.read()
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


# --- encodings -------------------------------------------------------------------


def _utf8_source(resource: Resource, data: bytes | mmap.mmap) -> tuple[_Source | None, list[Problem]]:
    """The file as UTF-8 without BOM, or encoding problems."""
    where = {"dataset": resource.name, "file": resource.display_path}
    declared = resource.encoding
    if not declared:
        return None, [problem("encoding-undeclared", **where)]
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        name = ""
    if name not in _UTF8 | _GB:
        return None, [problem("encoding-unsupported", **where, encoding=declared)]
    if name in _UTF8:
        # Validity is checked by the CSV reader (cheap) and located only on failure.
        return _Source(data, 3 if data[:3] == codecs.BOM_UTF8 else 0), []
    data = data[:]  # GB18030 is decoded in Python: it needs the bytes
    if data.isascii():
        return _Source(data), []
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:  # reading valid UTF-8 as GB18030 gives mojibake without any error
        return None, [problem("encoding-mismatch", **where, encoding=declared, reason="文件内容是 UTF-8 编码")]
    try:
        return _Source(data.decode("gb18030").encode("utf-8")), []
    except UnicodeDecodeError as error:
        return None, [_mismatch(resource, data, error)]


def _mismatch(resource: Resource, data: bytes, error: UnicodeDecodeError) -> Problem:
    line = data.count(b"\n", 0, error.start) + 1
    return problem(
        "encoding-mismatch",
        dataset=resource.name,
        file=resource.display_path,
        encoding=resource.encoding,
        reason=f"第 {line} 行有无法按该编码解读的字节",
    )


# --- CSV ---------------------------------------------------------------------------


def _read_csv(resource: Resource, data: _Source) -> tuple[RawTable | None, list[Problem]]:
    where = {"dataset": resource.name, "file": resource.display_path}
    if len(data) == 0:
        return None, [problem("file-unreadable", **where, reason="文件是空的")]
    dialect, sample = _head(data)
    start = header_index(sample)
    standard = dialect.delimiter == "," and not dialect.skipinitialspace
    if standard and start == 0 and sample[0] and _blank_is_missing(resource.schema):
        parsed = _parse_fast(data, len(sample[0]))
        if parsed is not None:
            table, widths = parsed
            header = tuple(table.column(i)[0].as_py() for i in range(table.num_columns))
            body = table.slice(1)
            cells = pd.DataFrame(
                {i: pd.Series(pd.arrays.ArrowStringArray(body.column(i))) for i in range(table.num_columns)},
                columns=pd.RangeIndex(table.num_columns),
            )
            rows = np.arange(2, body.num_rows + 2, dtype=np.int64)
            raw = RawTable(header, cells, rows, widths).with_blank(resource.schema)
            if widths is None:
                return raw, header_problems(resource, raw) + _blank_rows(resource, raw)
            return raw, _structure_problems(resource, raw, widths, table.num_columns)
    content = data.all()
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [_mismatch(resource, content, error)]
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        return None, [problem("file-unreadable", **where, reason=f"CSV 格式有误（{error}）")]
    return _from_records(resource, records, header_index(records[:_SAMPLE_ROWS]))


def _head(data: _Source) -> tuple[type[csv.Dialect] | csv.Dialect, list[list[str]]]:
    """The dialect frictionless sniffs from the first 100 lines, and the first 100 records."""
    size = 1 << 16
    while True:
        whole = size >= len(data)
        head = data.head(size).decode("utf-8", errors="ignore")
        lines = io.StringIO(head, newline="").readlines()
        if len(lines) > _SNIFF_LINES or whole:
            dialect = _sniff("".join(lines[:_SNIFF_LINES]))
            try:
                records = list(itertools.islice(csv.reader(io.StringIO(head, newline=""), dialect), _SAMPLE_ROWS + 1))
            except csv.Error:
                records = []
            if len(records) > _SAMPLE_ROWS or whole:
                return dialect, records[:_SAMPLE_ROWS]
        size *= 4


def _sniff(sample: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        dialect = csv.Sniffer().sniff(sample, _SNIFF_DELIMITERS)
    except csv.Error:
        return csv.excel
    dialect.quotechar = '"'  # frictionless overrides a sniffed single quote
    dialect.doublequote = True
    dialect.escapechar = None
    return dialect


def header_index(sample: list[list[str]]) -> int:
    """Which record frictionless takes as the header (0 = the first).

    frictionless picks the first of the first 100 records whose width is within
    10 % of their average width: a header much shorter or longer than the data
    is taken for a comment, and a data row becomes the header.
    """
    widths = [len(cells) for cells in sample]
    if not widths:
        return 0
    width = round(sum(widths) / len(widths))
    drift = max(round(width * 0.1), 1)
    for index, found in enumerate(widths):
        if width - drift <= found <= width + drift:
            return index
    return 0


_SET_ASIDE_ROWS = 10_000  # beyond this many rows of another width the exact slow path is as fast


def _parse_fast(data: _Source, width: int) -> tuple[pa.Table, np.ndarray | None] | None:
    """pyarrow's parse (header row included) and, when some rows differ in
    width, the number of cells of every data row; None when the file needs the
    exact slow reader.

    pyarrow cannot keep a row whose width differs from the header's. In a file
    without quotes a line is a row, so such rows are set aside during the one
    parse, found again in the file by their text, and put back in place.
    """
    quoted = data.has(b'"')
    locatable = not quoted and not data.has(b"\r")
    set_aside: list[str] = []

    def handle(row: pacsv.InvalidRow) -> str:
        if not locatable or len(set_aside) >= _SET_ASIDE_ROWS:
            return "error"
        set_aside.append(row.text)
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.BufferReader(data.buffer()),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True),
            parse_options=pacsv.ParseOptions(
                newlines_in_values=quoted, ignore_empty_lines=False, invalid_row_handler=handle
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": TEXT for i in range(width)}, strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, ValueError):
        return None  # bad quoting, bad UTF-8 or odd rows that cannot be placed: the exact path decides
    if not set_aside:
        return table, None
    lines = _line_numbers(data, set_aside)
    return None if lines is None else _put_back(table, lines, width)


def _line_numbers(data: _Source, texts: list[str]) -> dict[int, str] | None:
    """Each set-aside row's line (0 = header) with its text, or None when the
    file does not hold exactly as many such lines as pyarrow set aside."""
    starts: dict[int, str] = {}
    for text, count in Counter(texts).items():
        encoded = text.encode("utf-8")
        needle = b"\n" + encoded + b"\n"
        found, at = [], data.data.find(needle, data.start)
        while at != -1 and len(found) <= count:
            found.append(at + 1 - data.start)
            at = data.data.find(needle, at + 1)
        if data.data[len(data.data) - len(encoded) - 1 :] == b"\n" + encoded:  # last line, no line end
            found.append(len(data) - len(encoded))
        if len(found) != count:
            return None
        starts.update(dict.fromkeys(found, text))
    lines, previous, seen = {}, 0, 0
    for start in sorted(starts):
        seen += _newlines(data, previous, start)
        lines[seen] = starts[start]
        previous = start
    return lines


def _newlines(data: _Source, start: int, end: int) -> int:
    """Line ends between two offsets, counted a few megabytes at a time (a
    slice of a mapped file is a copy; bytes.count is far faster than numpy)."""
    step = 1 << 23
    begin, stop = data.start + start, data.start + end
    return sum(data.data[at : min(at + step, stop)].count(b"\n") for at in range(begin, stop, step))


def _put_back(table: pa.Table, lines: dict[int, str], width: int) -> tuple[pa.Table, np.ndarray]:
    """The parsed rows with the set-aside ones in their places, cut or padded to
    the header's width; and how many cells each data row really had."""
    records = [next(csv.reader([text]), []) for text in lines.values()]
    fitted = [(record + [""] * width)[:width] for record in records]
    patch = pa.table({name: pa.array([r[i] for r in fitted], TEXT) for i, name in enumerate(table.column_names)})
    pieces, taken = [], 0
    for k, line in enumerate(lines):
        before = line - k  # parsed rows that come before this line
        pieces += [table.slice(taken, before - taken), patch.slice(k, 1)]
        taken = before
    pieces.append(table.slice(taken))
    whole = pa.concat_tables(pieces)
    widths = np.full(whole.num_rows - 1, width, dtype=np.int64)
    widths[np.fromiter(lines, dtype=np.int64, count=len(lines)) - 1] = [len(r) for r in records]
    return whole, widths


def _from_records(
    resource: Resource, records: list[list[str]], start: int = 0
) -> tuple[RawTable | None, list[Problem]]:
    """Rows from Python's csv module; records before the header row are skipped."""
    where = {"dataset": resource.name, "file": resource.display_path}
    if not records:
        return None, [problem("file-unreadable", **where, reason="文件是空的")]
    header = tuple(records[start])
    # an empty header row means "no header" to frictionless: columns follow the schema
    count = len(header) if header else len(resource.schema["fields"])
    body = records[start + 1 :]
    widths = np.fromiter((len(r) for r in body), dtype=np.int64, count=len(body))
    columns = {
        i: _string_series([r[i] if i < len(r) else "" for r in body]) for i in range(count)
    }
    cells = pd.DataFrame(columns, columns=pd.RangeIndex(count))
    rows = np.arange(start + 2, start + len(body) + 2, dtype=np.int64)
    raw = RawTable(header, cells, rows, None if (widths == count).all() else widths).with_blank(resource.schema)
    return raw, _structure_problems(resource, raw, widths, count, start)


def _structure_problems(resource: Resource, raw: RawTable, widths: np.ndarray, count: int,
                        start: int = 0) -> list[Problem]:
    """Header, blank-row, extra-cell and missing-cell problems, as frictionless reports them."""
    where = {"dataset": resource.name, "file": resource.display_path}
    header, rows = raw.header, raw.rows
    problems = header_problems(resource, raw, start + 1)
    blank = blank_mask(resource.schema, raw)
    problems += problems_at_rows("blank-row", rows[blank], **where, column=None)
    fields = resource.schema["fields"]
    names = position_names(fields, header, count)
    for i in np.flatnonzero(~blank & (widths != count)):
        row, width = int(rows[i]), int(widths[i])
        problems += [problem("extra-cell", **where, row=row) for _ in range(count, width)]
        for position in range(width, count):
            title = _field_title(fields, position)
            problems.append(problem("missing-cell", **where, row=row, column=names[position], field=title))
    return problems


# --- XLSX --------------------------------------------------------------------------


def _read_xlsx(resource: Resource, path: Path) -> tuple[RawTable | None, list[Problem]]:
    import openpyxl  # only xlsx needs it

    where = {"dataset": resource.name, "file": resource.display_path}
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        reason = f"无法作为 Excel 文件打开（{type(error).__name__}）"
        return None, [problem("file-unreadable", **where, reason=reason)]
    try:
        records = [[_excel_text(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    while records and not any(records[-1]):
        records.pop()  # Excel keeps formatted but empty rows at the end
    if not records:
        return None, [problem("file-unreadable", **where, reason="第一个工作表是空的")]
    header = _trim(records[0])
    count = len(header)
    body = [_trim(r) for r in records[1:]]
    columns = {i: _string_series([r[i] if i < len(r) else "" for r in body]) for i in range(count)}
    rows = np.arange(2, len(body) + 2, dtype=np.int64)
    raw = RawTable(tuple(header), pd.DataFrame(columns, columns=pd.RangeIndex(count)), rows).with_blank(resource.schema)
    problems = header_problems(resource, raw)
    blank = blank_mask(resource.schema, raw)
    problems += problems_at_rows("blank-row", rows[blank], **where, column=None)
    for i, record in enumerate(body):
        if not blank[i]:  # a sheet has no short rows, only cells right of the header
            problems += [problem("extra-cell", **where, row=int(rows[i])) for _ in range(count, len(record))]
    return raw, problems


def _trim(record: list[str]) -> list[str]:
    end = len(record)
    while end and record[end - 1] == "":
        end -= 1
    return record[:end]


def _excel_text(value: object) -> str:
    """A cell as a person sees it in Excel."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


# --- structure ---------------------------------------------------------------------


def header_problems(resource: Resource, raw: RawTable, header_row: int = 1) -> list[Problem]:
    """Label errors as frictionless finds them: labels stripped, paired by position."""
    fields = resource.schema["fields"]
    labels = [h.strip() for h in raw.header]
    if not labels:
        return []
    found: list[tuple[str, int]] = []
    found += [("extra-label", n) for n in range(len(fields) + 1, len(labels) + 1)]
    found += [("missing-label", n) for n in range(len(labels) + 1, len(fields) + 1)]
    for n, (field, label) in enumerate(zip(fields, labels), start=1):
        if not label:
            found.append(("blank-label", n))
        elif label in labels[: n - 1]:
            found.append(("duplicate-label", n))
        elif label != field["name"]:
            found.append(("incorrect-label", n))
    problems = []
    for kind, n in found:
        field = fields[n - 1] if n <= len(fields) else {}
        reason = LABEL_REASONS[kind].format(
            position=n, name=field.get("name", ""), title=field.get("title") or field.get("name", "")
        )
        if header_row != 1:
            skipped = f"前 {header_row - 1} 行的列数与数据相差太多，被当作说明跳过，第 {header_row} 行被当作表头"
            reason = f"{skipped}；{reason}"
        problems.append(
            problem(
                "header-mismatch",
                dataset=resource.name,
                file=resource.display_path,
                row=header_row,
                column=field.get("name"),
                reason=reason,
            )
        )
    return problems


def position_names(fields: list[dict], header: tuple[str, ...], count: int) -> list[str]:
    """Column name at each position: the schema field, else the (stripped) header label.

    frictionless names a column the schema lacks after its label, adding 2, 3 …
    to repeats.
    """
    names = [fields[i]["name"] if i < len(fields) else header[i].strip() for i in range(count)]
    used: set[str] = set()
    for i, name in enumerate(names):
        unique, suffix = name, 2
        while unique in used:
            unique, suffix = f"{name}{suffix}", suffix + 1
        names[i] = unique
        used.add(unique)
    return names


def position_missing_values(schema: dict, count: int) -> list[frozenset[str]]:
    """missingValues of the field at each header position (extra positions: [""])."""
    fields = schema["fields"]
    default = schema.get("missingValues", [""])
    result = []
    for i in range(count):
        values = fields[i].get("missingValues", default) if i < len(fields) else [""]
        result.append(frozenset(v["value"] if isinstance(v, dict) else v for v in values))
    return result


def blank_mask(schema: dict, raw: RawTable) -> np.ndarray:
    """Rows whose every cell is absent or a missing value (frictionless' blank row)."""
    if raw.blank is not None:
        return raw.blank
    candidates = np.arange(len(raw.rows))  # rows that may still be blank
    for i, missing in enumerate(position_missing_values(schema, raw.cells.shape[1])):
        values = arrow_strings(raw.cells[i])
        if len(candidates) * 64 < len(raw.rows):  # few rows left: look at just those cells
            column = np.fromiter((v in missing for v in pick(values, candidates)), bool, len(candidates))
        else:
            if missing == {""}:
                is_missing = pc.equal(values, "")
            else:
                is_missing = pc.is_in(values, value_set=pa.array(sorted(missing), TEXT))
            column = is_missing.to_numpy(zero_copy_only=False)[candidates]
        if raw.widths is not None:
            column = column | (raw.widths[candidates] <= i)
        candidates = candidates[column]
        if not len(candidates):
            break
    blank = np.zeros(len(raw.rows), dtype=bool)
    blank[candidates] = True
    return blank


def _blank_rows(resource: Resource, raw: RawTable) -> list[Problem]:
    blank = blank_mask(resource.schema, raw)
    return problems_at_rows(
        "blank-row", raw.rows[blank], dataset=resource.name, file=resource.display_path, column=None
    )


def _blank_is_missing(schema: dict) -> bool:
    """pyarrow reads an empty line as "" cells; that is exact only if "" is missing."""
    fields = schema["fields"]
    return all("" in m for m in position_missing_values(schema, len(fields)))


def arrow_strings(column: pd.Series) -> pa.ChunkedArray:
    """The Arrow strings behind a "string" column (no copy)."""
    values = pa.array(column.array)
    values = values if isinstance(values, pa.ChunkedArray) else pa.chunked_array([values])
    return values if values.type == TEXT else values.cast(TEXT)


def _string_series(values: list[str]) -> pd.Series:
    return pd.Series(pd.arrays.ArrowStringArray(pa.array(values, TEXT)))


def _field_title(fields: list[dict], position: int) -> str:
    if position < len(fields):
        return fields[position].get("title") or fields[position]["name"]
    return f"第 {position + 1} 列"
