"""Reading a raw roster file into a grid of cells with spreadsheet row numbers.

Excel files (.xlsx and legacy .xls) are read with python-calamine (Rust;
about six times faster than openpyxl, and it reads .xls too). Merged cells
hold their value only in the top-left cell there; the value is filled across
the whole merged range, as a person sees it. CSV is UTF-8 (with or without
BOM), else GB18030, which also decodes GBK and GB2312 files.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from generator.problems import Problem, problem

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls"}
SUFFIXES = EXCEL_SUFFIXES | {".csv"}


@dataclass(frozen=True)
class Grid:
    rows: list[list[object]]  # rows[i] is spreadsheet row i + 1
    source: str  # how it was read, for the summary: "Excel 工作表「…」", "CSV（GB18030）"

    def row_number(self, index: int) -> int:
        return index + 1


def read_grid(path: Path, display: str) -> tuple[Grid | None, list[Problem]]:
    suffix = path.suffix.lower()

    def unreadable(reason: str) -> tuple[None, list[Problem]]:
        return None, [problem("ingest-file-unreadable", file=display, reason=reason)]

    if not path.is_file():
        return unreadable("文件不存在")
    if suffix not in SUFFIXES:
        return unreadable(f"不支持「{suffix or '无扩展名'}」文件，只能导入 .xlsx、.xls 和 .csv")
    if suffix == ".csv":
        return _read_csv(path, unreadable)
    return _read_excel(path, unreadable)


def _read_excel(path: Path, unreadable) -> tuple[Grid | None, list[Problem]]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own kinds for damaged or encrypted files
        return unreadable(f"无法作为 Excel 文件打开（{type(error).__name__}）")
    try:
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=False)
            if any(any(_filled(c) for c in row) for row in rows):
                return Grid(_fill_merged(rows, sheet.merged_cell_ranges or []), f"Excel 工作表「{name}」"), []
    except Exception as error:
        return unreadable(f"工作表无法读取（{type(error).__name__}）")
    finally:
        book.close()
    return unreadable("所有工作表都是空的")


def _filled(cell: object) -> bool:
    return cell is not None and cell != ""


def _fill_merged(rows: list[list[object]], ranges: list) -> list[list[object]]:
    """Each merged range's top-left value in every cell of the range (new lists, input untouched)."""
    if not ranges:
        return rows
    filled = list(rows)
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows):
            continue
        value = rows[top][left] if left < len(rows[top]) else None
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = list(filled[r])
            row.extend([""] * (right + 1 - len(row)))
            for c in range(left, right + 1):
                row[c] = value
            filled[r] = row
    return filled


def _read_csv(path: Path, unreadable) -> tuple[Grid | None, list[Problem]]:
    data = path.read_bytes()
    if not data.strip():
        return unreadable("文件是空的")
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[3:].decode("utf-8", errors="strict"), "UTF-8"
    else:
        try:
            text, encoding = data.decode("utf-8"), "UTF-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("gb18030"), "GB18030"
            except UnicodeDecodeError:
                return unreadable("既不是 UTF-8 也不是 GB18030（GBK）编码")
    head = text[:65536]
    delimiter = max(",\t;", key=head.count)  # the most frequent wins; comma on a tie
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter))
    except csv.Error as error:
        return unreadable(f"CSV 格式有误（{error}）")
    return Grid([list(r) for r in rows], f"CSV（{encoding}）"), []
