"""PRIVACY GATE: find personal numbers in any text we publish.

What counts (domain research §6.1, §6.5): resident ID numbers (18 digits with
a valid ISO 7064 MOD 11-2 check digit, 15-digit legacy numbers with a valid
date, and masked fragments such as 3201**********1234, since fragments
recombine), mobile and landline numbers that are not an official number of
the project, and bank card numbers (16–19 digits passing Luhn).

One regular expression finds every candidate; the few candidates are then
checked in Python. Digits inside a longer run of letters and digits (a SHA-256
digest, an SVG path) and the decimals of a number are not candidates. Python's
`re` reads about 16 MB/s of roster text, too slow for a province (a gigabyte
of inputs, as much again of site), so RE2 (through Arrow, about 500 MB/s)
first tells whether a text holds any candidate at all and which lines do; only
those lines go through `re`. A finding never carries the number itself, only
its kind and line, so a report is safe in CI logs.

Row-level text (the cells of a named list) is also checked for unmasked names,
addresses below village level and sensitive terms (domain research §6.1 P4–P9).
"""

from __future__ import annotations

import gzip
import multiprocessing
import os
import re
import zipfile
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

_EDGE_BEFORE = r"(?<![0-9A-Za-z.])"  # after a ".", digits are a decimal fraction (SVG coordinates)
_EDGE_AFTER = r"(?![0-9A-Za-z]|\.[0-9])"  # nor the whole part of a decimal (an amount of 13395660000.00 yuan)
_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_CANDIDATES = re.compile(
    _EDGE_BEFORE + "(?:"
    rf"(?P<id18>[1-9][0-9]{{5}}(?:18|19|20)[0-9]{{2}}{_DATE}[0-9]{{3}}[0-9Xx])"
    rf"|(?P<id15>[1-9][0-9]{{5}}[0-9]{{2}}{_DATE}[0-9]{{3}})"
    r"|(?P<mobile_masked>1[3-9][0-9][*＊]{4}[0-9]{4})"  # before id_masked, which would also match it
    r"|(?P<id_masked>[0-9]{3,6}[*＊]{4,}[0-9]{0,4}[0-9Xx]?)"
    r"|(?P<mobile>1[3-9][0-9](?:[- ]?[0-9]{4}){2})"
    r"|(?P<landline>0[0-9]{2,3}[- ]?[0-9]{7,8})"
    r"|(?P<card>[0-9]{16,19})"
    ")" + _EDGE_AFTER
)
# The same candidates for RE2, which has no lookaround: the edges are consumed
# characters instead. Whatever `_CANDIDATES` finds in a line, this matches.
_ALTERNATIVES_RE2 = (
    r"[1-9][0-9]{14}|[1-9][0-9]{16}[0-9Xx]|[0-9]{16,19}"
    r"|1[3-9][0-9][*＊]{4}[0-9]{4}|[0-9]{3,6}[*＊]{4,}[0-9]{0,4}[0-9Xx]?"
    r"|1[3-9][0-9](?:[- ]?[0-9]{4}){2}|0[0-9]{2,3}[- ]?[0-9]{7,8}"
)
_CANDIDATES_RE2 = r"(?:^|[^0-9A-Za-z.])(?:" + _ALTERNATIVES_RE2 + r")(?:[^0-9A-Za-z.]|\.[^0-9]|\.?$)"
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
OFFICIAL_SHORT = frozenset({"110", "119", "120", "122", "12345", "12349", "12315", "12320"})


@dataclass(frozen=True, slots=True)
class Finding:
    """Personal information at a line of a text; the value itself is not kept."""
    code: str  # "id-number" | "phone-number" | "bank-card" | "name-not-masked" | "address-detail" | "sensitive-detail"
    line: int  # 1-based line of the text
    term: str | None = None  # the sensitive word found (vocabulary, never personal)


def scan_text(text: str, official_phones: Iterable[str] = ()) -> list[Finding]:
    """Every personal number in `text`. `official_phones`: the project's own
    numbers (service points, objection phones), in any punctuation."""
    allowed = allowed_numbers(official_phones)
    findings = []
    for number, line in _candidate_lines(text):
        findings += [Finding(code, number) for code in classify_all(line, allowed)]
    return findings


def allowed_numbers(official_phones: Iterable[str]) -> frozenset[str]:
    return frozenset({digits(p) for p in official_phones} | OFFICIAL_SHORT)


def classify_all(text: str, allowed: frozenset[str]) -> list[str]:
    """The codes of the personal numbers in a short text (a line, a cell)."""
    return [code for match in _CANDIDATES.finditer(text) if (code := _classify(match, allowed))]


def _candidate_lines(text: str | bytes) -> Iterator[tuple[int, str]]:
    """(1-based number, line) of the lines that may hold a personal number.
    Bytes (UTF-8) are only decoded when RE2 finds a candidate in them."""
    if not text or not candidate_cells(_one_string(text)).size:
        return
    lines = (text.decode("utf-8", errors="replace") if isinstance(text, bytes) else text).split("\n")
    for index in candidate_cells(pa.array(lines, pa.large_string())):
        yield int(index) + 1, lines[index]


def _one_string(text: str | bytes) -> pa.Array:
    if isinstance(text, str):
        return pa.array([text], pa.large_string())
    offsets = pa.py_buffer(np.array([0, len(text)], dtype=np.int64).tobytes())
    return pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(text))


def candidate_cells(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Positions of the strings that may hold a personal number (RE2)."""
    found = pc.fill_null(pc.match_substring_regex(values, _CANDIDATES_RE2), False)
    return np.flatnonzero(found.to_numpy(zero_copy_only=False))


def _classify(match: re.Match, allowed: frozenset[str]) -> str | None:
    kind = match.lastgroup
    value = match.group()
    if kind == "id18":
        return "id-number" if id_check_digit(value[:17]) == value[17].upper() else _card(value)
    if kind in ("id15", "id_masked"):
        return "id-number"
    if kind in ("mobile", "mobile_masked", "landline"):
        return None if digits(value) in allowed else "phone-number"
    return _card(value)


def _card(value: str) -> str | None:
    return "bank-card" if 16 <= len(value) <= 19 and value.isdigit() and luhn_valid(value) else None


def id_check_digit(first17: str) -> str:
    """The 18th character of a resident ID number (GB 11643, ISO 7064 MOD 11-2)."""
    return _ID_CHECK[sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS)) % 11]


def luhn_valid(number: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(number)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def digits(text: str) -> str:
    return re.sub(r"[^0-9]", "", text)


# --- row-level text ------------------------------------------------------------------

MASKED_NAME = re.compile(r"[\u4e00-\u9fff]{1,2}某")
# Words that reveal health, disability, self-care level, a minor, religion or
# a criminal record (P5, P6, P8, P9): only counts at township level may show them.
SENSITIVE_TERMS = re.compile(
    "疾病|患病|重病|大病|慢性病|因病|癌|肿瘤|白血病|尿毒症|透析|结核|艾滋|肝炎|瘫痪|偏瘫|痴呆|精神|智力|智障"
    "|残疾|伤残|失能|自理|孤儿|未成年|儿童|事实无人抚养|留守|婴儿|幼儿|学生"
    "|宗教|信教|教职人员|服刑|刑满|在押|羁押|戒毒|吸毒|犯罪|罪犯|社区矫正|骗保"
)
# Below village level: a group, a house number, a building, a flat (P4).
ADDRESS_DETAIL = re.compile(
    r"[0-9０-９一二三四五六七八九十百]+(?:组|号|栋|幢|单元|室|楼|层|弄|巷)|门牌|小区|村民小组"
)


def row_level_findings(cell: str, *, name: bool) -> list[str]:
    """Codes for one row-level cell: `name` says the cell is a name."""
    codes = []
    if name and not MASKED_NAME.fullmatch(cell):
        codes.append("name-not-masked")
    if ADDRESS_DETAIL.search(cell):
        codes.append("address-detail")
    return codes


def sensitive_term(cell: str) -> str | None:
    found = SENSITIVE_TERMS.search(cell)
    return found.group() if found else None


_NAMED_LIST = re.compile(r"<thead>(.*?)</thead>\s*<tbody>(.*?)</tbody>", re.S)
_HEAD_CELL = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
# Columns of a named list whose cells come from official tables, not from a person's row.
_OFFICIAL_COLUMNS = frozenset({"序号", "村（社区）", "乡镇（街道）"})


def scan_named_lists(html: str) -> list[Finding]:
    """Unmasked names, detailed addresses and sensitive terms in the cells of
    every table on a page that has a 姓名 column (the named lists).

    A province's live lists hold a million rows: each table is first judged
    whole (its person cells pulled out by one regular expression, all names
    matched against the mask in one string, the other cells searched once);
    only a table that fails, or whose rows do not have the expected shape,
    is read cell by cell."""
    if "姓名</th>" not in html:
        return []
    findings = []
    for table in _NAMED_LIST.finditer(html):
        heads = [_text(h) for h in _HEAD_CELL.findall(table.group(1))]
        if "姓名" not in heads:
            continue
        body = table.group(2)
        if not _table_passes(body, heads):
            findings += _cell_findings(html, table.start(2), body, heads)
    return findings


def _table_passes(body: str, heads: list[str]) -> bool:
    personal = [h for h in heads if h not in _OFFICIAL_COLUMNS]
    shape = "<tr>" + "".join("<td>[^<]*</td>" if h in _OFFICIAL_COLUMNS else "<td>([^<]*)</td>" for h in heads) + "</tr>"
    rows = re.findall(shape, body)
    if len(rows) != body.count("<tr"):
        return False
    rows = [row if isinstance(row, tuple) else (row,) for row in rows]
    names = "\n".join(row[personal.index("姓名")] for row in rows)
    others = "\n".join("\t".join(row) for row in rows)
    return bool(_ALL_MASKED.fullmatch(names)) and not ADDRESS_DETAIL.search(others) \
        and not SENSITIVE_TERMS.search(others)


_ALL_MASKED = re.compile(r"(?:[\u4e00-\u9fff]{1,2}某(?:\n|$))*")


def _cell_findings(html: str, offset: int, body: str, heads: list[str]) -> list[Finding]:
    findings = []
    for row in _ROW.finditer(body):
        cells = [_text(c) for c in _CELL.findall(row.group(1))]
        codes: list[tuple[str, str | None]] = []
        for head, cell in zip(heads, cells):
            if head in _OFFICIAL_COLUMNS:
                continue
            codes += [(code, None) for code in row_level_findings(cell, name=head == "姓名")]
            if term := sensitive_term(cell):
                codes.append(("sensitive-detail", term))
        if codes:
            line = html.count("\n", 0, offset + row.start()) + 1
            findings += [Finding(code, line, term) for code, term in codes]
    return findings


def _text(cell: str) -> str:
    return re.sub(r"<[^>]+>", "", cell).strip() if "<" in cell else cell.strip()


# --- files ---------------------------------------------------------------------------

TEXT_SUFFIXES = frozenset({".html", ".htm", ".md", ".csv", ".json", ".xml", ".txt", ".js", ".svg", ".css", ".yml", ".yaml", ""})


@dataclass(frozen=True, slots=True)
class FileFinding:
    path: str  # relative to the scanned folder
    code: str
    line: int  # line of the file's text (for XLSX: of the sheet XML; Parquet: the row)
    term: str | None = None


def scan_folder(folder: Path, official_phones: Iterable[str] = ()) -> list[FileFinding]:
    """Every personal number in every file under `folder` that holds text:
    pages, search index, sitemap (also gzipped), CSV, JSON, XLSX, Parquet;
    and the cells of every named list on a page. A province's site is a
    gigabyte in 16,000 files: they are read by one process per core."""
    allowed = allowed_numbers(official_phones)
    paths = sorted(p for p in folder.rglob("*") if p.is_file())
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or len(paths) < 100 or "fork" not in multiprocessing.get_all_start_methods():
        return _scan_paths(folder, paths, allowed)
    shares = [paths[i::workers] for i in range(workers)]  # sorted paths: each share gets every kind of file
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        parts = list(pool.map(_scan_paths, [folder] * workers, shares, [allowed] * workers))
    return sorted((f for part in parts for f in part), key=lambda f: (f.path, f.line, f.code))


def _scan_paths(folder: Path, paths: list[Path], allowed: frozenset[str]) -> list[FileFinding]:
    found = []
    for path in paths:
        relative = path.relative_to(folder).as_posix()
        found += [FileFinding(relative, f.code, f.line, f.term) for f in scan_file(path, allowed)]
    return found


def scan_file(path: Path, allowed: frozenset[str]) -> list[Finding]:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return _scan_parquet(path, allowed)
    findings = []
    for text in readable_texts(path):
        findings += [Finding(code, number) for number, line in _candidate_lines(text)
                     for code in classify_all(line, allowed)]
        if suffix in (".html", ".htm") and "姓名</th>".encode() in text:
            findings += scan_named_lists(text.decode("utf-8", errors="replace"))
    return findings


def _scan_parquet(path: Path, allowed: frozenset[str]) -> list[Finding]:
    """Each column as text, one value per row: a finding's line is its row."""
    findings = []
    for column in pq.read_table(path).columns:
        values = pc.cast(column, pa.large_string())
        for index in candidate_cells(values):
            findings += [Finding(code, int(index) + 1) for code in classify_all(values[int(index)].as_py(), allowed)]
    return findings


def readable_texts(path: Path) -> Iterator[bytes]:
    """The UTF-8 text a reader could get out of a file; nothing for fonts and images."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        yield path.read_bytes()
    elif suffix == ".gz":
        yield gzip.decompress(path.read_bytes())
    elif suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            for name in book.namelist():
                if name.endswith(".xml"):
                    yield book.read(name)
