"""Published statistics: monthly caseload and monthly changes by area.

Pure pandas. County and township rows are exact totals; village rows go
through small-cell suppression (research/domain.md §7):

* primary: a village row with 1 to k−1 households (k = `small_cell_threshold`,
  default 5) shows "C" for households, persons, amount and average, so no
  published village count is in 1..k−1 and no amount comes from fewer than k
  households. Zero is shown as 0.
* secondary, across the hierarchy: the township total minus its shown
  villages is the sum of its hidden ones. So a township (per month and type)
  never has exactly one hidden village, and never hidden villages that could
  only all hold one household each (a sum equal to their number). Until
  neither holds, the smallest other non-empty village is hidden too, or an
  empty one when none is left.
* across time and tables: the caseload of one month is published without a
  year-to-date figure, and changes (new, stopped …) only per township and
  county, where they are exact: a village's change count beside its caseload
  in two months would recover a hidden cell by subtraction.

The one case left is a township whose every village holds exactly one
household: its exact total then tells that, as it tells the number of a
township with a single village. Township figures are public by design.

Suppressed cells hold the string "C"; every other measure is a Python int or
float (or None where undefined, e.g. the average of zero persons). The result
frames have object columns so that CSV, JSON, XLSX and Parquet writers all
see the same values.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

SUPPRESSED = "C"
PROGRAMS = ("dibao", "tekun", "linshi")
CHANGE_TYPES = ("new", "stop", "increase", "decrease", "standard_uplift")
LEVELS = ("county", "township", "village")

CASELOAD_COLUMNS = ["month", "area_code", "geo_level", "area_name", "assistance_type",
                    "households", "persons", "amount", "avg_per_person"]
CHANGES_COLUMNS = ["month", "area_code", "geo_level", "area_name", "assistance_type", "change_type", "households"]


def caseload_monthly(totals: pd.DataFrame, areas: pd.DataFrame, periods: dict[str, list[str]],
                     threshold: int = 5) -> pd.DataFrame:
    """Households, persons and amount per area × program × month.

    `totals`: per village × program × month (columns village_code, program,
    month, households, persons, amount); `areas`: the checked areas table;
    `periods`: the months each program has a roster for. Villages without
    cases in a month get a row of zeros.
    """
    grid = _grid(periods, _villages(areas), ["assistance_type", "month", "village_code"])
    measures = totals.rename(columns={"program": "assistance_type"})[
        ["assistance_type", "month", "village_code", "households", "persons", "amount"]]
    village = grid.merge(measures, on=["assistance_type", "month", "village_code"], how="left")
    village = village.fillna({"households": 0, "persons": 0, "amount": 0.0})
    village = village.assign(amount=village["amount"].astype("float64").round(2))
    rows = _roll_up(village, areas, ["month", "assistance_type"], ["households", "persons", "amount"])
    rows = rows.assign(avg_per_person=[_average(a, p) for a, p in zip(rows["amount"], rows["persons"])])
    published = _suppress(rows, ["month", "assistance_type"], ["households", "persons", "amount", "avg_per_person"],
                          threshold)
    return _sorted(published, ["month", "assistance_type"])[CASELOAD_COLUMNS]


def changes_monthly(changes: pd.DataFrame, areas: pd.DataFrame, periods: dict[str, list[str]],
                    threshold: int = 5) -> pd.DataFrame:
    """Number of household changes per township and county × program ×
    month × change type: exact, and never per village (see module doc).

    `changes`: the checked change rows of all programs (month,
    assistance_type, village_code, change_type); `periods`: the months each
    program has a changes file for. Every area gets a row for every change
    type, zero where nothing changed. `threshold` is accepted for symmetry
    with `caseload_monthly`; nothing here is suppressed.
    """
    grid = _grid(periods, _villages(areas), ["assistance_type", "month", "change_type", "village_code"], CHANGE_TYPES)
    if changes.empty:
        counted = pd.DataFrame(columns=["assistance_type", "month", "change_type", "village_code", "households"])
    else:
        counted = (changes.astype({c: "object" for c in ["assistance_type", "month", "change_type", "village_code"]})
                   .groupby(["assistance_type", "month", "change_type", "village_code"]).size()
                   .rename("households").reset_index())
    village = grid.merge(counted, on=["assistance_type", "month", "change_type", "village_code"], how="left")
    village = village.fillna({"households": 0})
    group = ["month", "assistance_type", "change_type"]
    rows = _roll_up(village, areas, group, ["households"])
    published = rows[rows["geo_level"] != "village"].astype({"households": object})
    published = published.assign(_order=published["change_type"].map({c: i for i, c in enumerate(CHANGE_TYPES)}))
    return _sorted(published, ["month", "assistance_type", "_order"])[CHANGES_COLUMNS]


def check_suppression(frame: pd.DataFrame, threshold: int = 5) -> list[str]:
    """What a reviewer would object to in a published frame: village counts
    in 1..k−1, or village amounts shown for fewer than k households.
    Returns readable findings; empty when the frame is safe."""
    findings = []
    village = frame[frame["geo_level"] == "village"]
    for column in ("households", "persons"):
        if column not in village:
            continue
        shown = village[column][village[column] != SUPPRESSED].astype("int64")
        small = shown[(shown >= 1) & (shown < threshold)]
        findings += [f"{column} = {value} in row {index}" for index, value in small.items()]
    for column in ("amount", "avg_per_person"):
        if column not in village:
            continue
        households = village["households"]
        shown = village[(village[column] != SUPPRESSED) & (households != SUPPRESSED)]
        few = shown[(shown["households"].astype("int64") < threshold) & (shown["households"].astype("int64") > 0)]
        findings += [f"{column} from {h} households in row {i}" for i, h in few["households"].items()]
        hidden_count = village[(households == SUPPRESSED) & (village[column] != SUPPRESSED)]
        findings += [f"{column} shown beside a suppressed count in row {i}" for i in hidden_count.index]
    return findings


# --- steps -----------------------------------------------------------------------


def _grid(periods: dict[str, list[str]], villages: pd.DataFrame, columns: list[str], *middle: Sequence[str]) -> pd.DataFrame:
    """Every programme × its months (× each of `middle`) × village, in that order,
    as plain Python strings (object columns: dict lookups on them are fast)."""
    parts = [pd.MultiIndex.from_product([[program], periods[program], *middle, villages["code"].tolist()])
             .to_frame(index=False, name=columns) for program in PROGRAMS if periods.get(program)]
    if not parts:
        return pd.DataFrame({column: pd.Series([], dtype=object) for column in columns})
    return pd.concat(parts, ignore_index=True).astype(object)


def _villages(areas: pd.DataFrame) -> pd.DataFrame:
    village = areas[areas["level"] == "village"]
    return pd.DataFrame({"code": village["code"].astype(str).tolist()}).sort_values("code", ignore_index=True)


def _roll_up(village: pd.DataFrame, areas: pd.DataFrame, group: list[str], measures: list[str]) -> pd.DataFrame:
    """Village rows plus exact township and county totals, each with its name."""
    parent = dict(zip(areas["code"].astype(str), areas["parent_code"].astype(object)))
    names = dict(zip(areas["code"].astype(str), areas["name"].astype(str)))
    village = village.assign(township_code=village["village_code"].map(parent))
    township = village.groupby([*group, "township_code"], as_index=False)[measures].sum()
    township = township.assign(county_code=township["township_code"].map(parent))
    county = township.groupby([*group, "county_code"], as_index=False)[measures].sum()
    parts = [
        county.rename(columns={"county_code": "area_code"}).assign(geo_level="county"),
        township.drop(columns="county_code").rename(columns={"township_code": "area_code"}).assign(geo_level="township"),
        village.rename(columns={"village_code": "area_code"}).drop(columns="township_code").assign(geo_level="village"),
    ]
    rows = pd.concat(parts, ignore_index=True)
    rows = rows.assign(area_name=rows["area_code"].map(names).fillna(""))
    for column in measures:
        kind = "float64" if column == "amount" else "int64"
        rows[column] = rows[column].astype(kind)
    if "amount" in measures:
        rows = rows.assign(amount=rows["amount"].round(2))
    return rows


def _average(amount: float, persons: int) -> float | None:
    return round(float(amount) / int(persons), 2) if persons else None


def _suppress(rows: pd.DataFrame, group: list[str], measures: list[str], threshold: int) -> pd.DataFrame:
    """Object columns with "C" in suppressed village cells (see module doc)."""
    households = rows["households"]
    village = rows["geo_level"] == "village"
    primary = village & (households >= 1) & (households < threshold)
    hide = primary | _complementary(rows[village], primary[village], group).reindex(rows.index, fill_value=False)
    published = rows.copy()
    for column in measures:
        values = rows[column].astype(object).where(rows[column].notna(), None)  # Python numbers, None for NaN
        published[column] = values.where(~hide, SUPPRESSED)
    return published


def _complementary(village: pd.DataFrame, hidden: pd.Series, group: list[str]) -> pd.Series:
    """The villages to hide beside the primary ones, per township and `group`
    (see module doc). A hidden complement is preferably the smallest non-empty
    village, so that a reader cannot assume a hidden cell is a zero; a zero is
    hidden only when every other village is empty."""
    households = village["households"].tolist()
    codes = village["area_code"].tolist()
    keys = list(zip(*(village[c].tolist() for c in group), (code[:9] for code in codes)))
    members: dict[tuple, list[int]] = {}
    for position, key in enumerate(keys):
        members.setdefault(key, []).append(position)
    hidden_at = hidden.to_numpy()
    chosen = []
    for positions in members.values():
        hide = [p for p in positions if hidden_at[p]]
        if not hide:
            continue
        # smallest non-empty first, then empty ones; ties by area code
        pool = sorted((p for p in positions if not hidden_at[p]),
                      key=lambda p: (households[p] == 0, households[p], codes[p]))
        while pool and _recoverable([households[p] for p in hide]):
            hide.append(pool.pop(0))
            chosen.append(hide[-1])
    result = pd.Series(False, index=village.index)
    result.iloc[chosen] = True
    return result


def _recoverable(hidden: list[int]) -> bool:
    """Whether the sum of these hidden counts (known from the township total)
    gives each of them away: a single cell, or cells that can only be ones."""
    return len(hidden) == 1 or (min(hidden) >= 1 and sum(hidden) <= len(hidden))


def _sorted(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    order = rows.assign(_level=rows["geo_level"].map({level: i for i, level in enumerate(LEVELS)}))
    return order.sort_values([*keys, "_level", "area_code"], kind="stable", ignore_index=True)


# --- published Table Schemas -------------------------------------------------------

_C_NOTE = ("村（社区）一级户数为 1–4 的行，户数、人数、金额和人均金额都显示为“C”（小数保护）；"
           "同一乡镇只有一个村被保护、或被保护的村用乡镇合计相减就能算出时，再保护该乡镇户数最小的其他村"
           "（所以“C”也可能是 5 户以上或 0 户）。"
           "乡镇（街道）和县级的数字是未经处理的真实合计，所以村级数字相加不等于乡镇合计。"
           "“C”在表结构中登记为缺失值（missingValues）。")
_PROGRAM_CODES = [
    {"value": "dibao", "label": "最低生活保障（低保）"},
    {"value": "tekun", "label": "特困人员救助供养"},
    {"value": "linshi", "label": "临时救助"},
]
_LEVEL_CODES = [
    {"value": "county", "label": "县（市、区）"},
    {"value": "township", "label": "乡镇（街道）"},
    {"value": "village", "label": "村（社区）"},
]
_CHANGE_CODES = [
    {"value": "new", "label": "新增"},
    {"value": "stop", "label": "停保/终止"},
    {"value": "increase", "label": "增发"},
    {"value": "decrease", "label": "减发"},
    {"value": "standard_uplift", "label": "提标（标准调整带来的普调）"},
]


def _code_field(name: str, title: str, description: str, codes: list[dict]) -> dict:
    return {"name": name, "type": "string", "title": title, "description": description, "categories": codes,
            "constraints": {"required": True, "enum": [c["value"] for c in codes]}}


_KEY_FIELDS = [
    {"name": "month", "type": "string", "title": "月份", "description": "统计月份，格式为 年-月，如 2025-03。",
     "constraints": {"required": True, "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"}},
    {"name": "area_code", "type": "string", "title": "区划代码",
     "description": "统计用区划代码：县级 6 位，乡镇（街道）9 位，村（社区）12 位。",
     "constraints": {"required": True, "pattern": "^[0-9]{6}([0-9]{3}([0-9]{3})?)?$"}},
    _code_field("geo_level", "层级", "本行是县级合计、乡镇（街道）合计还是村（社区）。", _LEVEL_CODES),
    {"name": "area_name", "type": "string", "title": "地区名称", "description": "区划的规范名称。"},
    _code_field("assistance_type", "救助类别", "低保、特困供养或临时救助。", _PROGRAM_CODES),
]

CASELOAD_SCHEMA = {
    "title": "保障对象月度统计",
    "description": "每月各县、乡镇（街道）、村（社区）的低保、特困供养和临时救助户数、人数和发放金额，由名册汇总而成，不含任何个人信息。" + _C_NOTE,
    "fields": [
        *_KEY_FIELDS,
        {"name": "households", "type": "integer", "title": "户数", "unit": "户",
         "description": "当月在册户数；特困供养按人计，临时救助按救助次数计。可能为“C”。",
         "constraints": {"minimum": 0}},
        {"name": "persons", "type": "integer", "title": "人数", "unit": "人",
         "description": "当月在册保障人数；临时救助为救助涉及的家庭人口数。可能为“C”。", "constraints": {"minimum": 0}},
        {"name": "amount", "type": "number", "title": "发放金额", "unit": "元",
         "description": "当月名册上的发放金额合计。单位：元，最多两位小数。可能为“C”。", "constraints": {"minimum": 0}},
        {"name": "avg_per_person", "type": "number", "title": "人均月救助金额", "unit": "元/人·月",
         "description": "发放金额 ÷ 人数，保留两位小数；人数为 0 时留空。可能为“C”。", "constraints": {"minimum": 0}},
    ],
    "missingValues": ["", SUPPRESSED],
    "primaryKey": ["month", "area_code", "assistance_type"],
    "sunshine": {"suppressed_value": SUPPRESSED, "suppressed_note": _C_NOTE,
                 "suppressible": ["households", "persons", "amount", "avg_per_person"]},
}

CHANGES_SCHEMA = {
    "title": "动态管理变动月度统计",
    "description": ("每月各县、乡镇（街道）低保和特困供养的新增、停保、增发、减发和提标户数，由变动记录汇总而成，都是真实数字。"
                    "不按村（社区）发布：村级变动户数和两个月的村级户数放在一起，可以推算出被保护的“C”。"),
    "fields": [
        *_KEY_FIELDS,
        _code_field("change_type", "变动类型", "新增、停保、增发、减发或提标普调。", _CHANGE_CODES),
        {"name": "households", "type": "integer", "title": "变动户数", "unit": "户",
         "description": "当月发生该类变动的户数（特困供养按人计）。", "constraints": {"minimum": 0}},
    ],
    "primaryKey": ["month", "area_code", "assistance_type", "change_type"],
}
