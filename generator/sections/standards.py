"""/standards/: 救助标准 — the standards in force, their history and where they come from.

Each standard is shown in the unit it was announced in (元/人·月, 元/人·年, 倍),
next to a derived 元/人·月 so urban and rural, 低保 and 特困 compare. Floors
("不低于") carry "≥"; a rise announced after it took effect is marked 追溯执行.
"""

from __future__ import annotations

import datetime as dt

import jinja2
import pandas as pd

from generator import charts
from generator.context import SiteContext
from generator.rules.standards import (
    COMPONENT_LABEL, MODE_LABEL, SELF_CARE_LABEL, TEKUN_TO_DIBAO_RATIO, UNIT_LABEL, URBAN_RURAL_LABEL, in_force,
)
from generator.templating import yuan

MONEY_UNITS = ("CNY_per_person_month", "CNY_per_person_year")
COMPONENT_ORDER = ["dibao_standard", "tekun_basic", "tekun_care", "linshi_cap"]
URBAN_RURAL_ORDER = {"urban": 0, "rural": 1, "unified": 2}
MODE_ORDER = {"centralized": 0, "dispersed": 1}
SELF_CARE_ORDER = {"able": 0, "partial": 1, "full_loss": 2}
# One history chart per group of standards that belong on the same axis.
CHART_GROUPS = [
    ("dibao", "低保标准", lambda f: f["component"] == "dibao_standard"),
    ("tekun-basic", "特困人员基本生活标准", lambda f: f["component"] == "tekun_basic"),
    ("tekun-care-centralized", "特困人员照料护理标准（集中供养）",
     lambda f: (f["component"] == "tekun_care") & (f["tekun_mode"] == "centralized")),
    ("tekun-care-dispersed", "特困人员照料护理标准（分散供养）",
     lambda f: (f["component"] == "tekun_care") & (f["tekun_mode"] == "dispersed")),
]
HISTORY_CSV = "standards/history.csv"


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str | bytes]:
    if ctx.family("standards").empty:
        return {"standards/index.md": "---\ntitle: 救助标准\n---\n\n# 救助标准\n\n数据包中暂无救助标准。\n"}
    versions = standard_versions(ctx.family("standards"), ctx)
    on = pd.Timestamp(ctx.as_of)
    current = in_force(versions, on)
    page = env.get_template("standards/index.md.j2").render(
        as_of=ctx.as_of,
        county=ctx.meta.get("county_name", ""),
        sections=_current_sections(current),
        ratio=TEKUN_TO_DIBAO_RATIO,
        ratio_rows=_ratio_rows(current),
        figures=[_history_figure(versions, key, title, select, ctx.as_of) for key, title, select in CHART_GROUPS
                 if select(versions).any()],
        retroactive=_retroactive_note(versions),
        history_csv="history.csv",
    )
    return {"standards/index.md": page, HISTORY_CSV: charts.csv_bytes(history_table(versions))}


def standard_versions(standards: pd.DataFrame, ctx: SiteContext) -> pd.DataFrame:
    """Every version with what readers see: labels, derived 元/人·月, 追溯 flag, basis link."""
    links = {p.metadata.get("doc_number"): p.doc_id for p in ctx.policies if p.metadata.get("doc_number")}
    money = standards["unit"].isin(MONEY_UNITS).fillna(False)
    yearly = (standards["unit"] == "CNY_per_person_year").fillna(False)
    monthly = standards["value"].astype("float64").where(~yearly, standards["value"].astype("float64") / 12)
    out = standards.assign(
        monthly=monthly.where(money),
        retroactive=(standards["announced_on"] > standards["valid_from"]).fillna(False).astype(bool),
        component_label=standards["component"].map(COMPONENT_LABEL).fillna(standards["component"]),
        category_label=[_category(r) for r in standards.to_dict("records")],
        basis_doc_id=standards["basis_doc_number"].map(links),
        _order=[_sort_key(r) for r in standards.to_dict("records")],
    )
    return out.sort_values(["_order", "valid_from"], kind="stable").reset_index(drop=True)


def history_table(versions: pd.DataFrame) -> pd.DataFrame:
    """The download: one row per version, units named in the headers."""
    return pd.DataFrame({
        "标准编号": versions["standard_id"],
        "地区代码": versions["area_code"],
        "标准项目": versions["component_label"],
        "类别": versions["category_label"],
        "本地档次名称": versions["tier_label_local"].fillna(""),
        "标准值": [_number(v) for v in versions["value"]],
        "单位": versions["unit"].map(UNIT_LABEL).fillna(versions["unit"]),
        "是否为下限（不低于）": versions["is_floor"].map({True: "是", False: "否"}).fillna(""),
        "折合每人每月（元）": ["" if pd.isna(v) else f"{v:.2f}" for v in versions["monthly"]],
        "施行日期": _dates(versions["valid_from"]),
        "截止日期": _dates(versions["valid_to"]),
        "公布日期": _dates(versions["announced_on"]),
        "追溯执行": versions["retroactive"].map({True: "是", False: "否"}),
        "依据文号": versions["basis_doc_number"].fillna(""),
        "计算方法": versions["formula"].fillna(""),
    })


def _current_sections(current: pd.DataFrame) -> list[dict]:
    sections = []
    for component in COMPONENT_ORDER + sorted(set(current["component"].dropna()) - set(COMPONENT_ORDER)):
        rows = current[current["component"] == component]
        if rows.empty:
            continue
        sections.append({
            "component": component,
            "title": COMPONENT_LABEL.get(component, component),
            "rows": [_display_row(r) for r in rows.to_dict("records")],
        })
    return sections


def _display_row(record: dict) -> dict:
    floor = "≥ " if record["is_floor"] is True else ""
    unit = UNIT_LABEL.get(record["unit"], record["unit"])
    monthly = record["monthly"]
    return {
        "category": record["category_label"] or "—",
        "tier": record["tier_label_local"] if isinstance(record["tier_label_local"], str) else "",
        "value": f"{floor}{yuan(record['value'])} {unit}",
        "monthly": "—" if pd.isna(monthly) else f"{floor}{yuan(round(monthly, 2))}",
        "valid_from": _date(record["valid_from"]),
        "announced_on": _date(record["announced_on"]),
        "retroactive": bool(record["retroactive"]),
        "doc_number": record["basis_doc_number"] if isinstance(record["basis_doc_number"], str) else "",
        "doc_id": record["basis_doc_id"] if isinstance(record["basis_doc_id"], str) else None,
        "formula": record["formula"] if isinstance(record["formula"], str) else "",
    }


def _ratio_rows(current: pd.DataFrame) -> list[dict]:
    """特困 basic standard next to 1.3 × 低保, per urban/rural, in 元/人·月."""
    rows = []
    for side in ("urban", "rural"):
        dibao = current[(current["component"] == "dibao_standard") & current["urban_rural"].isin([side, "unified"])]
        basic = current[(current["component"] == "tekun_basic") & current["urban_rural"].isin([side, "unified"])]
        if dibao.empty or basic.empty:
            continue
        d, t = float(dibao["monthly"].iloc[0]), float(basic["monthly"].iloc[0])
        rows.append({"side": URBAN_RURAL_LABEL[side], "dibao": yuan(round(d, 2)),
                     "floor": yuan(round(TEKUN_TO_DIBAO_RATIO * d, 2)), "tekun": yuan(round(t, 2)),
                     "ok": t + 0.005 >= TEKUN_TO_DIBAO_RATIO * d})
    return rows


def _history_figure(versions: pd.DataFrame, key: str, title: str, select, as_of: dt.date) -> dict:
    rows = versions[select(versions) & versions["monthly"].notna()]
    series = rows["category_label"]
    points = pd.DataFrame({"日期": rows["valid_from"], "元/人·月": rows["monthly"].round(2), "类别": series})
    # carry each series' last value to the reference date, so the last step has a length
    ends = points.groupby("类别", sort=False).tail(1).assign(日期=pd.Timestamp(as_of))
    plotted = pd.concat([points, ends[ends["日期"] > points["日期"].max()]], ignore_index=True)
    svg = charts.line_chart(
        plotted, x="日期", y="元/人·月", series="类别", title=f"{title}的变化（折合每人每月）",
        x_title="施行日期", y_title="元/人·月", step=True, temporal=True, label=_takeaway(points, title),
    )
    table = pd.DataFrame({
        "类别": series, "施行日期": _dates(rows["valid_from"]), "截止日期": _dates(rows["valid_to"]).replace("", "—"),
        "标准": [f"{yuan(v)} {UNIT_LABEL.get(u, u)}" for v, u in zip(rows["value"], rows["unit"])],
        "折合每人每月（元）": [yuan(round(v, 2)) for v in rows["monthly"]],
        "公布日期": [_date(a) + ("（追溯执行）" if r else "") for a, r in zip(rows["announced_on"], rows["retroactive"])],
    })
    caption = _takeaway(points, title)
    return {
        "key": key, "title": title,
        "html": charts.figure(svg, caption=caption, table_html=charts.table_html(table, numeric=("折合每人每月（元）",)),
                              csv_href="history.csv", csv_label="下载全部标准的历史数据（CSV）"),
    }


def _takeaway(points: pd.DataFrame, title: str) -> str:
    parts = []
    for label, rows in points.groupby("类别", sort=False):
        first, last = rows.iloc[0], rows.iloc[-1]
        name = f"{label}" if label else title
        if len(rows) == 1:
            parts.append(f"{name}自{first['日期']:%Y年%-m月}起为每人每月 {yuan(first['元/人·月'])} 元")
        else:
            parts.append(f"{name}从{first['日期']:%Y年%-m月}的每人每月 {yuan(first['元/人·月'])} 元"
                         f"提高到{last['日期']:%Y年%-m月}的 {yuan(last['元/人·月'])} 元")
    return f"{title}：" + "；".join(parts) + "。"


def _retroactive_note(versions: pd.DataFrame) -> list[dict]:
    late = versions[versions["retroactive"]].drop_duplicates(["basis_doc_number", "valid_from", "announced_on"])
    return [{"doc_number": r["basis_doc_number"] or "", "valid_from": _date(r["valid_from"]),
             "announced_on": _date(r["announced_on"])} for r in late.to_dict("records")]


def _category(record: dict) -> str:
    parts = [URBAN_RURAL_LABEL.get(record["urban_rural"], "") if record["urban_rural"] != "unified" else ""]
    for column, labels in (("tekun_mode", MODE_LABEL), ("self_care", SELF_CARE_LABEL)):
        value = record.get(column)
        if isinstance(value, str):
            parts.append(labels.get(value, value))
    label = "、".join(p for p in parts if p)
    return label or URBAN_RURAL_LABEL.get(record["urban_rural"], "")


def _sort_key(record: dict) -> tuple:
    component = record["component"]
    return (
        COMPONENT_ORDER.index(component) if component in COMPONENT_ORDER else len(COMPONENT_ORDER),
        str(record["area_code"]),
        URBAN_RURAL_ORDER.get(record["urban_rural"], 9),
        MODE_ORDER.get(record["tekun_mode"], 9),
        SELF_CARE_ORDER.get(record["self_care"], 9),
    )


def _number(value: object) -> str:
    if pd.isna(value):
        return ""
    number = float(value)
    return f"{number:.0f}" if number.is_integer() else f"{number:.2f}"


def _date(value: object) -> str:
    return "" if pd.isna(value) else f"{pd.Timestamp(value):%Y-%m-%d}"


def _dates(values: pd.Series) -> pd.Series:
    return pd.Series([_date(v) for v in values], index=values.index, dtype=object)
