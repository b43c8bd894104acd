"""Finding the header of a raw roster and which column holds which field.

Exports put title rows above the header ("阳光县2025年3月城乡低保名册",
"单位：元") and often a header of two rows, e.g. "户主" merged over "姓名" and
"身份证号". Every row near the top is tried as a one-row header and every pair
of rows as a two-row one; the candidate that recognises the most fields wins,
a single row on a tie (so the first data row is never taken for a header).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.ingest.fields import FIELDS, variants_for
from generator.ingest.values import plain
from generator.problems import Problem, problem

HEADERS_FILE = "ingest_headers.yml"
SCAN_ROWS = 30  # the header is looked for in this many rows from the top
MIN_FIELDS = 2
_BRACKETED = re.compile(r"\([^()]*\)")
_MARKS = re.compile(r"[*:：※#]")


def normalize(label: object) -> str:
    """Header text made comparable: half-width brackets, no spaces, no asterisks or colons."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", plain(label))).lower()


def _unbracketed(label: str) -> str:
    return _BRACKETED.sub("", label)


@dataclass(frozen=True)
class Vocabulary:
    """Normalised header text → field, exact first, then with bracketed parts removed
    (so "金额（元）" finds 金额 and "村（居）" finds 村)."""

    exact: dict[str, str]
    loose: dict[str, str]
    variants: dict[str, tuple[str, ...]]  # as written, for messages

    def field_of(self, label: str) -> str | None:
        if not label:
            return None
        return self.exact.get(label) or self.loose.get(_unbracketed(label))


def vocabulary(program: str, extra: dict[str, tuple[str, ...]]) -> Vocabulary:
    variants = variants_for(program, extra)
    exact: dict[str, str] = {}
    loose: dict[str, str] = {}
    # The project's own variants win over built-in ones of another field.
    for source in (extra, variants):
        for field, texts in source.items():
            for label in texts:
                exact.setdefault(normalize(label), field)
                loose.setdefault(_unbracketed(normalize(label)), field)
    return Vocabulary(exact, loose, variants)


def load_project_headers(root: Path) -> tuple[dict[str, tuple[str, ...]], list[Problem]]:
    """`ingest_headers.yml`: {canonical_field: [variant, …]}; absent is fine."""
    path = root / HEADERS_FILE
    if not path.is_file():
        return {}, []

    def invalid(reason: str) -> tuple[dict, list[Problem]]:
        return {}, [problem("ingest-headers-file-invalid", file=HEADERS_FILE, reason=reason)]

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        return invalid(f"不是合法的 UTF-8 YAML（{type(error).__name__}）")
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return invalid("最外层应为“字段名: [列名, …]”")
    unknown = sorted(str(k) for k in data if k not in FIELDS)
    if unknown:
        return invalid(f"没有这些字段：{'、'.join(unknown)}；可用的字段：{'、'.join(FIELDS)}")
    extra = {}
    for field, texts in data.items():
        texts = [texts] if isinstance(texts, str) else texts
        if not isinstance(texts, list) or not all(isinstance(t, str) and t.strip() for t in texts):
            return invalid(f"字段 {field} 下应是列名的列表")
        extra[field] = tuple(texts)
    return extra, []


@dataclass(frozen=True)
class Header:
    top: int  # index of the first header row in the grid
    depth: int  # 1 or 2 rows
    columns: dict[str, int]  # field → column index
    labels: tuple[str, ...]  # header text of each column, as the file shows it
    duplicates: tuple[tuple[str, int, int], ...]  # (field, first column, repeated column)
    unknown: tuple[str, ...]  # header texts of columns that were not recognised

    @property
    def data_start(self) -> int:
        return self.top + self.depth

    def label(self, field: str) -> str | None:
        column = self.columns.get(field)
        return self.labels[column] if column is not None else None


def find_header(rows: list[list[object]], words: Vocabulary) -> Header | None:
    """The candidate that recognises most fields; on a tie the one that ends
    highest (a data row is never taken for a header), then a two-row header
    whose top row labels the columns ("户主" over "姓名" and "身份证号") rather
    than a title or a note such as "单位：元", then the lower start."""
    scan = range(min(SCAN_ROWS, len(rows)))
    singles = [_read_header(rows, top, 1, words) for top in scan]
    pairs = [_read_header(rows, top, 2, words) for top in scan if top + 2 <= len(rows)]
    best, best_score = None, None
    for header in singles + pairs:
        top_is_header = header.depth == 2 and _labels_above(rows[header.top], header)
        score = (len(header.columns), -header.data_start, top_is_header, header.top)
        if len(header.columns) >= MIN_FIELDS and (best_score is None or score > best_score):
            best, best_score = header, score
    return best


def _labels_above(row: list[object], header: Header) -> bool:
    """Does `row` label the columns below it, like "户主" over "姓名" and "身份证号"?
    Text above at least half of the recognised columns, not one title or note
    (a title merged across the sheet has the same text everywhere)."""
    above = [plain(_cell(row, column)) for column in header.columns.values()]
    filled = [text for text in above if text]
    return len(filled) * 2 >= len(above) and len(set(filled)) >= 2


def _read_header(rows: list[list[object]], top: int, depth: int, words: Vocabulary) -> Header:
    width = max(len(rows[top + i]) for i in range(depth))
    columns: dict[str, int] = {}
    labels: list[str] = []
    duplicates = []
    unknown = []
    for column in range(width):
        parts = [plain(_cell(rows[top + i], column)) for i in range(depth)]
        parts = [p for i, p in enumerate(parts) if p and p not in parts[:i]]
        labels.append(" / ".join(parts))
        field = _match(parts, words)
        if field is None:
            if parts:
                unknown.append(labels[-1])
        elif field in columns:
            duplicates.append((field, columns[field], column))
        else:
            columns[field] = column
    return Header(top, depth, columns, tuple(labels), tuple(duplicates), tuple(unknown))


def _match(parts: list[str], words: Vocabulary) -> str | None:
    """Top and bottom text together ("户主" + "姓名"), else the bottom, else the top."""
    candidates = ["".join(parts)] + parts[::-1] if len(parts) > 1 else parts
    for candidate in candidates:
        field = words.field_of(normalize(candidate))
        if field:
            return field
    return None


def _cell(row: list[object], column: int) -> object:
    return row[column] if column < len(row) else None
