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

    # plain lists: iterating an Arrow-backed column cell by cell is slow
    codes, parents, levels = frame["code"].tolist(), frame["parent_code"].tolist(), frame["level"].tolist()
    level_of = dict(zip(codes, levels))
    parent_level = pd.Series([level_of.get(p) if isinstance(p, str) else None for p in parents],
                             index=frame.index, dtype=object)
    lengths = [CODE_LENGTH.get(PARENT_LEVEL.get(level, ""), 0) if isinstance(level, str) else 0 for level in levels]
    is_prefix = pd.Series(
        [isinstance(c, str) and isinstance(p, str) and n > 0 and c[:n] == p for c, p, n in zip(codes, parents, lengths)],
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
    codes = frame["code"].tolist()
    parent = dict(zip(codes, frame["parent_code"].tolist()))
    result = []
    for code in codes:
        seen = set()
        while isinstance(code, str) and code != root and code not in seen:
            seen.add(code)
            code = parent.get(code)
        result.append(isinstance(code, str) and code == root)
    return pd.Series(result, index=frame.index, dtype=bool)
