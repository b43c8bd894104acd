"""The area hierarchy: code length matches level, parents are prefixes, and
everything rolls up to the one county the package is about."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.problems import Problem, problems_at_rows
from generator.rules import flagged_rows

CODE_LENGTH = {"county": 6, "township": 9, "village": 12}
PARENT_LEVEL = {"township": "county", "village": "township"}
LEVEL_LABEL = {"county": "县级", "township": "乡镇（街道）", "village": "村（社区）"}


def check_areas(frame: pd.DataFrame, rows: np.ndarray, county_code: str | None, *, dataset: str, file: str) -> list[Problem]:
    where = {"dataset": dataset, "file": file}
    found: list[Problem] = []
    expected_length = frame["level"].map(CODE_LENGTH)
    wrong_length = frame["code"].str.len() != expected_length
    for level, label in LEVEL_LABEL.items():
        found += problems_at_rows("area-level-mismatch", flagged_rows(rows, wrong_length & (frame["level"] == level)),
                                  column="code", level=label, **where)

    level_of = dict(zip(frame["code"], frame["level"]))
    parent_level = frame["parent_code"].map(level_of)
    parent_length = frame["level"].map(PARENT_LEVEL).map(CODE_LENGTH)
    is_prefix = pd.Series(
        [isinstance(c, str) and isinstance(p, str) and isinstance(n, (int, float)) and not pd.isna(n) and c[: int(n)] == p
         for c, p, n in zip(frame["code"], frame["parent_code"], parent_length)],
        index=frame.index,
    )
    needs_parent = frame["level"].isin(list(PARENT_LEVEL))
    bad_parent = needs_parent & frame["parent_code"].notna() & (
        ~is_prefix | (parent_level != frame["level"].map(PARENT_LEVEL))
    )
    found += problems_at_rows("area-parent-mismatch", flagged_rows(rows, bad_parent), column="parent_code", **where)

    root = county_code or _only_county(frame)
    reaches = _reaches_root(frame, root)
    orphan = frame["code"].notna() & ~reaches
    found += problems_at_rows("area-orphan", flagged_rows(rows, orphan), column="parent_code",
                              county=root or "未指定", **where)
    return found


def _only_county(frame: pd.DataFrame) -> str | None:
    counties = frame.loc[frame["level"] == "county", "code"].dropna().unique()
    return str(counties[0]) if len(counties) == 1 else None


def _reaches_root(frame: pd.DataFrame, root: str | None) -> pd.Series:
    if root is None:
        return pd.Series(False, index=frame.index)
    parent = dict(zip(frame["code"], frame["parent_code"]))
    result = []
    for code in frame["code"]:
        seen = set()
        while isinstance(code, str) and code != root and code not in seen:
            seen.add(code)
            code = parent.get(code)
        result.append(isinstance(code, str) and code == root)
    return pd.Series(result, index=frame.index, dtype=bool)
