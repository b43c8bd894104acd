"""Publicity notices: the notice period, and that every roster month has its
公布 so the public sees the objection channel."""

from __future__ import annotations

import numpy as np
import pandas as pd

from generator.layout import PROGRAM_LABEL
from generator.problems import Problem, problem, problems_at_rows
from generator.rules import UNKNOWN_AREA, flagged_rows

# Minimum notice periods by stage, in calendar days including both ends. The
# 公布 after a decision has no legal minimum (57号 is silent on its duration).
MIN_DAYS = {
    "preliminary_notice": 7,  # 民发〔2021〕57号 Art. 19; 特困人员认定办法 Art. 15
    "termination_notice": 7,  # 特困人员认定办法 Art. 26
    "linshi_notice": 7,  # 暂行办法 Art. 48 "经审核、公示后"; 7 days as in 浙江条例
    "renotice": 3,  # a re-notice after an objection (重庆条例 Art. 18(3))
}
PUBLICATION_STAGE = {"dibao": "confirmed_publication", "tekun": "confirmed_publication", "linshi": "linshi_notice"}


def check_notices(frame: pd.DataFrame, rows: np.ndarray, *, dataset: str, file: str) -> list[Problem]:
    where = {"dataset": dataset, "file": file}
    reversed_dates = frame["notice_end"] < frame["notice_start"]
    found = problems_at_rows("notice-dates-invalid", flagged_rows(rows, reversed_dates), column="notice_end", **where)
    days = (frame["notice_end"] - frame["notice_start"]).dt.days + 1
    minimum = frame["stage"].map(MIN_DAYS).astype("Float64")
    too_short = ((days >= 1) & (days < minimum)).fillna(False)
    for row, length, least in zip(flagged_rows(rows, too_short), days[too_short], minimum[too_short]):
        found.append(problem("notice-too-short", row=int(row), column="notice_end", days=int(length),
                             minimum=int(least), **where))
    return found


def check_roster_notices(roster_totals: pd.DataFrame, notices: pd.DataFrame, area_names: dict[str, str],
                         files: dict[tuple[str, str], tuple[str, str]]) -> list[Problem]:
    """Every township with roster rows in a month has the stage's notice.

    `files` maps (program, month) to (dataset, file) of the roster, for locating.
    """
    if roster_totals.empty:
        return []
    published = set()
    if not notices.empty:
        for r in notices[["month", "assistance_type", "stage", "area_code"]].dropna().itertuples(index=False):
            published.add((r.month, r.assistance_type, r.stage, r.area_code))
    found = []
    needed = roster_totals[["month", "program", "township_code"]].drop_duplicates()
    for r in needed.sort_values(["month", "program", "township_code"]).itertuples(index=False):
        stage = PUBLICATION_STAGE[r.program]
        county = r.township_code[:6]
        if (r.month, r.program, stage, r.township_code) in published or (r.month, r.program, stage, county) in published:
            continue
        dataset, file = files[(r.program, r.month)]
        found.append(problem("roster-without-notice", dataset=dataset, file=file, column="village_code",
                             month=r.month, area=area_names.get(r.township_code, UNKNOWN_AREA),
                             program=PROGRAM_LABEL[r.program]))
    return found
