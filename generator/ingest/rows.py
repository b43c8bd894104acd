"""The rows below the header: households, and the rows that are not.

Skipped, each with its spreadsheet row and why: totals rows (合计/小计/总计),
the footer (制表人, 审核人, 联系电话, 填报日期 … and everything after it),
blank rows, and a header repeated on every printed page. The last grand
total row (合计/总计, not 小计) is kept aside to reconcile the sums against.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from generator.ingest.headers import Header, Vocabulary, normalize
from generator.ingest.values import is_empty, text

FOOTER_WORDS = (
    "制表人", "制表", "填表人", "填报人", "审核人", "审核", "复核人", "审批人", "负责人", "单位负责人", "分管领导",
    "经办人", "联系电话", "联系人", "填报日期", "制表日期", "填报单位", "报送日期", "注:", "说明:", "备注:",
)
_TOTAL = re.compile(r"^.{0,12}?(合计|小计|总计)[:]?$")

BLANK, FOOTER, TOTAL, SUBTOTAL, REPEATED_HEADER = "空行", "表尾", "合计行", "小计行", "重复的表头"


@dataclass(frozen=True)
class Skipped:
    row: int  # spreadsheet row
    reason: str


@dataclass(frozen=True)
class Body:
    records: pd.DataFrame  # column "row" (spreadsheet row) and one object column per recognised field
    skipped: tuple[Skipped, ...]
    total: dict[str, object] | None  # the grand total row's cells by field
    total_row: int | None
    rows_read: int  # every row below the header, up to the last non-empty one


def split_body(rows: list[list[object]], header: Header, words: Vocabulary) -> Body:
    end = len(rows)
    while end > header.data_start and all(is_empty(c) for c in rows[end - 1]):
        end -= 1  # Excel keeps formatted but empty rows at the end: not rows a person sees
    kept: list[int] = []
    skipped: list[Skipped] = []
    total: dict[str, object] | None = None
    total_row = None
    in_footer = False
    first_two = sorted(header.columns.items(), key=lambda item: item[1])[:2]
    for index in range(header.data_start, end):
        row = rows[index]
        number = index + 1
        kind = _kind(row, first_two, words, in_footer)
        if kind == FOOTER:
            in_footer = True
        if kind is None:
            kept.append(index)
            continue
        skipped.append(Skipped(number, kind))
        if kind == TOTAL:
            total = {field: _cell(row, column) for field, column in header.columns.items()}
            total_row = number
    columns = {"row": [i + 1 for i in kept]}
    for field, column in header.columns.items():
        columns[field] = [_cell(rows[i], column) for i in kept]
    records = pd.DataFrame({k: pd.Series(v, dtype=object if k != "row" else "int64") for k, v in columns.items()})
    return Body(records, tuple(skipped), total, total_row, end - header.data_start)


def _kind(row: list[object], first_two: list[tuple[str, int]], words: Vocabulary, in_footer: bool) -> str | None:
    first = next((c for c in row if not is_empty(c)), None)
    if first is None:
        return BLANK
    if in_footer or _is_footer(first):
        return FOOTER
    for cell in row:
        if isinstance(cell, str) and "计" in cell:
            match = _TOTAL.match(text(cell))
            if match:
                label = match.group(0)
                return SUBTOTAL if "小计" in label or "本页" in label else TOTAL
    if _repeats_header(row, first_two, words):
        return REPEATED_HEADER
    return None


def _is_footer(cell: object) -> bool:
    if not isinstance(cell, str):
        return False
    value = text(cell)
    return any(value.startswith(word) for word in FOOTER_WORDS)


def _repeats_header(row: list[object], first_two: list[tuple[str, int]], words: Vocabulary) -> bool:
    """The first two recognised columns hold header texts of their own field
    (two cells suffice, and keep this cheap on a million rows)."""
    for field, column in first_two:
        cell = _cell(row, column)
        if not isinstance(cell, str) or len(cell) > 30 or words.field_of(normalize(cell)) != field:
            return False
    return len(first_two) == 2


def _cell(row: list[object], column: int) -> object:
    return row[column] if column < len(row) else None
