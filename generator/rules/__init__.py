"""Domain rules that a Table Schema cannot express.

Each module checks one family of data and returns problems; none of them
reads files or mutates the frames it is given. The frames come from
`generator.tableschema.check_table` (typed columns, invalid cells as NA).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.reading import arrow_strings
from generator.tablekeys import dictionary_codes


# Shown instead of an area code that is not in `areas`: never echo a cell.
UNKNOWN_AREA = "未登记的区划"


def flagged_rows(rows: np.ndarray, mask: pd.Series) -> np.ndarray:
    """Spreadsheet rows where `mask` is true (NA counts as false)."""
    return rows[np.flatnonzero(mask.fillna(False).to_numpy(dtype=bool))]


def month_start(month: str) -> pd.Timestamp:
    return pd.Timestamp(f"{month}-01")


def month_end(month: str) -> pd.Timestamp:
    return month_start(month) + pd.offsets.MonthEnd(0)


def yuan(value: float) -> str:  # the one money format of the project
    """Money for messages: '1,079' or '1,079.50'."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def value_codes(column: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """The distinct values of a column (NA included) and, per row, the index of its value."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":
        values, codes = dictionary_codes(arrow_strings(column))  # Arrow's hashing: 3× pandas' on a million rows
        return codes.astype(np.int64), pd.Series(pd.arrays.ArrowStringArray(values), copy=False)
    codes, values = pd.factorize(column, use_na_sentinel=False)
    return codes.astype(np.int64), pd.Series(values, dtype=column.dtype)
