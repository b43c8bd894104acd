"""Dynamic management (动态管理): each change is consistent in itself, and the
changes of a month explain how the roster moved from last month to this one."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.layout import PROGRAM_LABEL
from generator.problems import Problem, problem, problems_at_rows
from generator.rules import UNKNOWN_AREA, flagged_rows

CHANGE_LABEL = {"new": "新增", "stop": "停保", "increase": "增发", "decrease": "减发", "standard_uplift": "提标"}


def check_changes(frame: pd.DataFrame, rows: np.ndarray, *, dataset: str, file: str) -> list[Problem]:
    kind = frame["change_type"]
    before = frame["amount_before"]
    after = frame["amount_after"]
    cases = [
        ("new", before.notna() | frame["household_size_before"].notna(), "新增不应填写变动前的人数和金额", "amount_before"),
        ("new", after.isna() | frame["household_size_after"].isna(), "新增要填写变动后的人数和金额", "amount_after"),
        ("stop", after.fillna(-1) != 0, "停保后的月金额应为 0", "amount_after"),
        ("stop", frame["stop_reason_public"].isna(), "停保要填写公开的停保原因分类", "stop_reason_public"),
        ("increase", ~(after > before).fillna(False), "增发后的金额应大于变动前", "amount_after"),
        ("decrease", ~(after < before).fillna(False), "减发后的金额应小于变动前", "amount_after"),
        ("standard_uplift", ~(after > before).fillna(False), "提标后的金额应大于变动前", "amount_after"),
    ]
    found = []
    for change, bad, reason, column in cases:
        mask = (kind == change).fillna(False) & bad.fillna(False)
        found += problems_at_rows("change-inconsistent", flagged_rows(rows, mask), dataset=dataset, file=file,
                                  column=column, change=CHANGE_LABEL[change], reason=reason)
    return found


def counts(frame: pd.DataFrame) -> pd.DataFrame:
    """New and stopped households per village in one changes file."""
    base = pd.DataFrame({
        "village_code": frame["village_code"],
        "new": (frame["change_type"] == "new").fillna(False).astype("int64"),
        "stop": (frame["change_type"] == "stop").fillna(False).astype("int64"),
    }).dropna(subset=["village_code"])
    return base.groupby("village_code", sort=True).sum().reset_index()


def reconcile(program: str, month: str, previous: pd.DataFrame, current: pd.DataFrame, change_counts: pd.DataFrame,
              area_names: dict[str, str], *, dataset: str, file: str) -> list[Problem]:
    """households(M−1) + new − stop = households(M), per village."""
    merged = (
        previous[["village_code", "households"]].rename(columns={"households": "before"})
        .merge(current[["village_code", "households"]].rename(columns={"households": "after"}), on="village_code", how="outer")
        .merge(change_counts, on="village_code", how="outer")
        .fillna(0)
    )
    wrong = merged[merged["before"] + merged["new"] - merged["stop"] != merged["after"]]
    return [
        problem("changes-do-not-reconcile", dataset=dataset, file=file, column="change_type",
                area=area_names.get(r.village_code, UNKNOWN_AREA), program=PROGRAM_LABEL[program],
                before=int(r.before), new=int(r.new), stop=int(r.stop), after=int(r.after))
        for r in wrong.sort_values("village_code").itertuples(index=False)
    ]
