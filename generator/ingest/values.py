"""Reading one raw cell: text, money, counts, months, dates and ID numbers as
clerks type them.

Each parser takes a cell as the reader gives it (str, int, float, bool, date,
datetime or None) and returns `(value, None)`, `(None, None)` for an empty
cell, or `(None, reason)` where `reason` says in Chinese what was expected,
never what the cell held.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from generator.privacy import id_check_digit

# \s covers the full-width space U+3000 and no-break spaces; zero-width ones are added.
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
_TIME_TAIL = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")
_MONEY = re.compile(r"-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?")  # thousands separated by commas, or none
_MONEY_SUFFIX = re.compile(r"(元(/月|/人|/户)?|rmb|cny)$", re.IGNORECASE)
_COUNT = re.compile(r"(\d+)(人|口|户)?")
_MONTH_PATTERNS = (
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2}日?)?"),
    re.compile(r"(\d{4})[-./](\d{1,2})([-./]\d{1,2})?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})?"),
)
_DATE_PATTERNS = (
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
FEN = Decimal("0.01")

Parsed = tuple[object, str | None]


_ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"  # not whitespace to str.strip


def is_empty(cell: object) -> bool:
    return cell is None or cell == "" or (isinstance(cell, str) and not cell.strip().strip(_ZERO_WIDTH).strip())


def plain(cell: object) -> str:
    """A text cell without any whitespace, characters otherwise untouched (for names)."""
    if cell is None:
        return ""
    return _SPACES.sub("", cell if isinstance(cell, str) else excel_text(cell))


def text(cell: object) -> str:
    """A cell as comparable text: full-width letters, digits and brackets made
    half-width (NFKC), every space removed."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", plain(cell) if not isinstance(cell, str) else cell))


def excel_text(cell: object) -> str:
    """A non-text cell as Excel shows it."""
    if isinstance(cell, bool):
        return "是" if cell else "否"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(sep=" ")
    if isinstance(cell, (dt.date, dt.time)):
        return cell.isoformat()
    return str(cell)


def money_fen(cell: object) -> Parsed:
    """An amount in fen (int): 1260, 1260.5, "1,260.00", "１２６０元", "¥1260.0 元"."""
    if is_empty(cell):
        return None, None
    expected = "应为金额数字（如 1260.00），单位为元"
    if isinstance(cell, bool):
        return None, expected
    if isinstance(cell, (int, float)):
        number = Decimal(repr(float(cell)))
    else:
        value = _MONEY_SUFFIX.sub("", text(cell).lstrip("¥"))
        if not _MONEY.fullmatch(value):
            return None, expected
        try:
            number = Decimal(value.replace(",", ""))
        except InvalidOperation:
            return None, expected
    return int((number.quantize(FEN, rounding=ROUND_HALF_UP) * 100).to_integral_value()), None


def count(cell: object) -> Parsed:
    """A whole number of persons: 3, 3.0, "３", "3人"."""
    if is_empty(cell):
        return None, None
    expected = "应为整数人数（如 3）"
    if isinstance(cell, bool):
        return None, expected
    if isinstance(cell, (int, float)):
        return (int(cell), None) if float(cell).is_integer() else (None, expected)
    match = _COUNT.fullmatch(text(cell))
    return (int(match.group(1)), None) if match else (None, expected)


def _date_text(cell: object) -> str:
    value = unicodedata.normalize("NFKC", cell).strip()
    return _SPACES.sub("", _TIME_TAIL.sub("", value))


def month(cell: object) -> Parsed:
    """"YYYY-MM" from "2025年3月", "2025.03", "2025-03", "202503", "2025/3", a date cell."""
    if is_empty(cell):
        return None, None
    expected = "应为年月，如 2025-03、2025年3月 或 202503"
    if isinstance(cell, (dt.date, dt.datetime)):
        return f"{cell.year:04d}-{cell.month:02d}", None
    if isinstance(cell, bool):
        return None, expected
    if isinstance(cell, float) and not cell.is_integer():
        # Excel stores a typed "2025.03" as the number 2025.03, and "2025.10" as 2025.1.
        whole, fraction = f"{cell:.2f}".split(".")
        if fraction.endswith("0") and fraction != "10":
            fraction = fraction[0]  # 2025.3 → March
        elif fraction == "10":
            return None, "Excel 把“2025.10”存成了数字 2025.1，无法区分 1 月和 10 月；请把该列设为文本，写成 2025-10"
        value = f"{whole}.{fraction}"
    else:
        value = _date_text(excel_text(cell) if not isinstance(cell, str) else cell)
    for pattern in _MONTH_PATTERNS:
        match = pattern.fullmatch(value)
        if match:
            year, number = int(match.group(1)), int(match.group(2))
            if 1900 <= year <= 2100 and 1 <= number <= 12:
                return f"{year:04d}-{number:02d}", None
    return None, expected


def date(cell: object) -> Parsed:
    """A day from "2025-03-15", "2025/3/15", "2025年3月15日", "20250315" or a date cell."""
    if is_empty(cell):
        return None, None
    expected = "应为日期，如 2025-03-15 或 2025年3月15日"
    if isinstance(cell, dt.datetime):
        return cell.date(), None
    if isinstance(cell, dt.date):
        return cell, None
    if isinstance(cell, bool):
        return None, expected
    value = _date_text(excel_text(cell) if not isinstance(cell, str) else cell)
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(value)
        if match:
            try:
                return dt.date(*(int(g) for g in match.groups())), None
            except ValueError:
                return None, expected
    return None, expected


def id_number(cell: object) -> Parsed:
    """A resident ID number: 18 characters with a valid check digit, or the 15-digit legacy form."""
    if is_empty(cell):
        return None, None
    if isinstance(cell, float) and abs(cell) >= 1e15:
        return None, "被 Excel 存成了数字，后几位已经丢失（身份证号列要设为文本格式后重新导出）"
    if isinstance(cell, bool) or isinstance(cell, (dt.date, dt.datetime)):
        return None, "不是身份证号"
    value = text(cell).upper()
    if len(value) == 15 and value.isdigit():
        return value, None
    if len(value) != 18 or not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return None, "位数或写法不对（应为 18 位，最后一位可以是数字或 X）"
    if id_check_digit(value[:17]) != value[17]:
        return None, "校验位不对（可能有一位填错）"
    return value, None


def birth_date(id_value: str) -> dt.date | None:
    """The birth date an ID number holds, when it is a real date."""
    digits = id_value[6:14] if len(id_value) == 18 else "19" + id_value[6:12]
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
