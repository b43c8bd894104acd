"""PRIVACY GATE: find personal numbers in any text we publish.

What counts (domain research §6.1, §6.5): resident ID numbers (18 digits with
a valid ISO 7064 MOD 11-2 check digit, 15-digit legacy numbers with a valid
date, and masked fragments such as 3201**********1234, since fragments
recombine), mobile and landline numbers that are not an official number of
the project, and bank card numbers (16–19 digits passing Luhn).

One regular expression finds every candidate in one pass; the few candidates
are then checked in Python. Digits inside a longer run of letters and digits
(a SHA-256 digest, an SVG path) and the decimals of a number are not candidates. A finding never carries
the number itself, only its kind and line, so a report is safe in CI logs.
"""

from __future__ import annotations

import gzip
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

_EDGE_BEFORE = r"(?<![0-9A-Za-z.])"  # after a ".", digits are a decimal fraction (SVG coordinates)
_EDGE_AFTER = r"(?![0-9A-Za-z])"
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
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
OFFICIAL_SHORT = frozenset({"110", "119", "120", "122", "12345", "12349", "12315", "12320"})


@dataclass(frozen=True, slots=True)
class Finding:
    """A kind of personal number at a line of a text; the number is not kept."""
    code: str  # "id-number" | "phone-number" | "bank-card"
    line: int  # 1-based line of the text


def scan_text(text: str, official_phones: Iterable[str] = ()) -> list[Finding]:
    """Every personal number in `text`. `official_phones`: the project's own
    numbers (service points, objection phones), in any punctuation."""
    allowed = {digits(p) for p in official_phones} | OFFICIAL_SHORT
    findings = []
    for match in _CANDIDATES.finditer(text):
        code = _classify(match, allowed)
        if code:
            findings.append(Finding(code, text.count("\n", 0, match.start()) + 1))
    return findings


def _classify(match: re.Match, allowed: set[str]) -> str | None:
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


# --- files ---------------------------------------------------------------------------

TEXT_SUFFIXES = frozenset({".html", ".htm", ".md", ".csv", ".json", ".xml", ".txt", ".js", ".svg", ".css", ""})


@dataclass(frozen=True, slots=True)
class FileFinding:
    path: str  # relative to the scanned folder
    code: str
    line: int  # line of the file's text (for XLSX: of the sheet XML; Parquet: the row)


def scan_folder(folder: Path, official_phones: Iterable[str] = ()) -> list[FileFinding]:
    """Every personal number in every file under `folder` that holds text:
    pages, search index, sitemap (also gzipped), CSV, JSON, XLSX, Parquet."""
    official = list(official_phones)
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        relative = path.relative_to(folder).as_posix()
        for text in readable_texts(path):
            found += [FileFinding(relative, f.code, f.line) for f in scan_text(text, official)]
    return found


def readable_texts(path: Path) -> Iterator[str]:
    """The text a reader could get out of a file; nothing for fonts and images."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        yield path.read_bytes().decode("utf-8", errors="replace")
    elif suffix == ".gz":
        yield gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    elif suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            for name in book.namelist():
                if name.endswith(".xml"):
                    yield book.read(name).decode("utf-8", errors="replace")
    elif suffix == ".parquet":
        table = pq.read_table(path)
        for column in table.columns:  # one line per row, so a finding's line is its row
            yield "\n".join("" if v is None else str(v) for v in column.to_pylist())
