"""/funds/: 资金使用 — budget → allocations → transfers → monthly disbursement.

Budget-scale money is shown in 万元 and payments per person in 元; every column
header names its unit and no column mixes them. Downloads keep exact 元.
"""

from __future__ import annotations

import jinja2
import pandas as pd

from generator import charts
from generator.context import SiteContext
from generator.layout import PROGRAM_LABEL

PROGRAMS = ["dibao", "tekun", "linshi"]
LEVELS = ["central", "provincial", "prefectural", "county"]
LEVEL_LABEL = {"central": "中央", "provincial": "省级", "prefectural": "市级", "county": "县级"}
OVERVIEW_MONEY = ("年初预算", "调整后预算", "已下达资金", "调入", "调出", "累计支出")


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str | bytes]:
    allocations = _family(ctx, "fund_allocations", ["fiscal_year", "assistance_type", "source_level", "amount",
                                                      "date_issued", "doc_number", "fund_name", "is_advance"])
    execution = _family(ctx, "fund_budget_execution", ["fiscal_year", "period_end", "assistance_type",
                                                        "budget_initial", "budget_adjusted", "spent_to_date"])
    paid = _family(ctx, "fund_disbursement_monthly", ["month", "assistance_type", "households_paid", "persons_paid",
                                                       "amount_paid"])
    transfers = _family(ctx, "fund_transfers", ["transfer_id", "fiscal_year", "from_use", "to_use", "amount",
                                                 "basis_doc_number", "date"])
    year = _latest_year(execution, allocations)
    allocations = allocations[allocations["fiscal_year"] == year]
    execution = execution[execution["fiscal_year"] == year]
    transfers = transfers[transfers["fiscal_year"] == year]
    paid = paid[paid["month"].str.startswith(f"{year}-").fillna(False)]

    overview = overview_table(execution, allocations, transfers)
    by_level = allocations_by_level(allocations)
    monthly = monthly_disbursement(paid)
    moves = transfer_table(transfers)
    page = env.get_template("funds/index.md.j2").render(
        year=year, county=ctx.meta.get("county_name", ""),
        period=overview["截至月份"].max() if not overview.empty else "",
        overview=_formatted(overview, OVERVIEW_MONEY),
        overview_headers=_headers(overview, OVERVIEW_MONEY),
        documents=_allocation_documents(allocations),
        transfers=moves.to_dict("records"),
        level_figure=_level_figure(by_level, year) if not by_level.empty else "",
        monthly_figure=_monthly_figure(monthly, year) if not monthly.empty else "",
        per_person=_per_person_rows(monthly),
        dibao_after=_dibao_after_transfers(overview),
    )
    return {
        "funds/index.md": page,
        "funds/overview.csv": charts.csv_bytes(_csv_frame(overview, OVERVIEW_MONEY)),
        "funds/allocations-by-level.csv": charts.csv_bytes(_csv_frame(by_level, tuple(LEVEL_LABEL.values()) + ("合计",))),
        "funds/monthly.csv": charts.csv_bytes(_csv_frame(monthly, ("发放金额",), extra={"人均发放": "人均发放（元/人）"})),
        "funds/transfers.csv": charts.csv_bytes(_csv_frame(moves, ("金额",))),
    }


def overview_table(execution: pd.DataFrame, allocations: pd.DataFrame, transfers: pd.DataFrame) -> pd.DataFrame:
    """Per assistance type, the latest budget-execution period: budget, funds issued, transfers, spending, rate (元)."""
    rows = []
    latest = execution.sort_values("period_end", kind="stable").groupby("assistance_type", sort=False).tail(1)
    for program in _programs(latest["assistance_type"]):
        r = latest[latest["assistance_type"] == program].iloc[0]
        issued = float(allocations.loc[allocations["assistance_type"] == program, "amount"].sum())
        incoming = float(transfers.loc[transfers["to_use"] == program, "amount"].sum())
        outgoing = float(transfers.loc[transfers["from_use"] == program, "amount"].sum())
        budget = float(r["budget_adjusted"])
        rows.append({
            "救助类别": PROGRAM_LABEL.get(program, program), "截至月份": r["period_end"],
            "年初预算": float(r["budget_initial"]), "调整后预算": budget, "已下达资金": issued,
            "调入": incoming, "调出": outgoing, "累计支出": float(r["spent_to_date"]),
            "执行率": f"{float(r['spent_to_date']) / budget:.1%}" if budget else "—",
        })
    return pd.DataFrame(rows, columns=["救助类别", "截至月份", "年初预算", "调整后预算", "已下达资金", "调入", "调出",
                                       "累计支出", "执行率"])


def allocations_by_level(allocations: pd.DataFrame) -> pd.DataFrame:
    """Funds issued for the year, assistance type × source level (元)."""
    sums = allocations.groupby(["assistance_type", "source_level"])["amount"].sum()
    rows = []
    for program in _programs(allocations["assistance_type"]):
        row = {"救助类别": PROGRAM_LABEL.get(program, program)}
        for level in LEVELS:
            row[LEVEL_LABEL[level]] = float(sums.get((program, level), 0.0))
        row["合计"] = sum(row[LEVEL_LABEL[level]] for level in LEVELS)
        rows.append(row)
    return pd.DataFrame(rows, columns=["救助类别", *LEVEL_LABEL.values(), "合计"])


def monthly_disbursement(paid: pd.DataFrame) -> pd.DataFrame:
    """Month × type: households, persons, amount (元) and amount per person paid (元)."""
    sums = paid.groupby(["month", "assistance_type"], sort=True)[["households_paid", "persons_paid", "amount_paid"]].sum()
    sums = sums.reset_index()
    sums = sums.assign(_order=sums["assistance_type"].map({p: i for i, p in enumerate(PROGRAMS)}).fillna(len(PROGRAMS)))
    sums = sums.sort_values(["_order", "month"], kind="stable")
    persons = sums["persons_paid"].astype("float64")
    return pd.DataFrame({
        "月份": sums["month"].astype(str).to_numpy(),
        "救助类别": sums["assistance_type"].map(lambda p: PROGRAM_LABEL.get(p, p)).to_numpy(),
        "发放户数（户）": sums["households_paid"].astype("int64").to_numpy(),
        "发放人数（人）": sums["persons_paid"].astype("int64").to_numpy(),
        "发放金额": sums["amount_paid"].astype("float64").round(2).to_numpy(),
        "人均发放": (sums["amount_paid"].astype("float64") / persons.where(persons > 0)).round(2).to_numpy(),
    })


def transfer_table(transfers: pd.DataFrame) -> pd.DataFrame:
    ordered = transfers.sort_values(["date", "transfer_id"], kind="stable")
    return pd.DataFrame({
        "调剂日期": [f"{d:%Y-%m-%d}" if not pd.isna(d) else "" for d in ordered["date"]],
        "调出项目": ordered["from_use"].map(lambda p: PROGRAM_LABEL.get(p, p)).to_numpy(),
        "调入项目": ordered["to_use"].map(lambda p: PROGRAM_LABEL.get(p, p)).to_numpy(),
        "金额": ordered["amount"].astype("float64").to_numpy(),
        "依据文号": ordered["basis_doc_number"].fillna("").to_numpy(),
    })


def wan(value: float) -> str:
    """元 → '1,234.56'（万元）."""
    return f"{value / 10000:,.2f}"


def _level_figure(by_level: pd.DataFrame, year: int) -> str:
    long = by_level.melt(id_vars="救助类别", value_vars=list(LEVEL_LABEL.values()), var_name="资金来源", value_name="元")
    long = long.assign(万元=(long["元"] / 10000).round(2))
    total = by_level["合计"].sum()
    shares = {label: by_level[label].sum() for label in LEVEL_LABEL.values()}
    top = max(shares, key=shares.get)
    caption = (f"{year} 年共下达资金 {wan(total)} 万元，其中{top}资金 {wan(shares[top])} 万元，"
               f"占 {shares[top] / total:.0%}。" if total else f"{year} 年尚无资金下达记录。")
    svg = charts.bar_chart(long, x="资金来源", y="万元", series="救助类别", title=f"{year} 年资金来源（按下达层级）",
                           x_title="资金来源层级", y_title="下达金额（万元）", label=caption,
                           x_order=list(LEVEL_LABEL.values()))
    table = by_level.assign(**{c: by_level[c].map(wan) for c in [*LEVEL_LABEL.values(), "合计"]})
    table = table.rename(columns={c: f"{c}（万元）" for c in [*LEVEL_LABEL.values(), "合计"]})
    numeric = tuple(c for c in table.columns if c != "救助类别")
    return charts.figure(svg, caption=caption, table_html=charts.table_html(table, numeric=numeric),
                         csv_href="allocations-by-level.csv")


def _monthly_figure(monthly: pd.DataFrame, year: int) -> str:
    plotted = monthly.assign(万元=(monthly["发放金额"] / 10000).round(2))
    totals = monthly.groupby("救助类别", sort=False)["发放金额"].sum()
    caption = f"{year} 年已发放：" + "，".join(f"{name} {wan(v)} 万元" for name, v in totals.items()) + "。"
    svg = charts.line_chart(plotted, x="月份", y="万元", series="救助类别", title=f"{year} 年每月发放金额",
                            x_title="月份", y_title="发放金额（万元）", label=caption)
    table = pd.DataFrame({
        "月份": monthly["月份"], "救助类别": monthly["救助类别"],
        "发放户数（户）": monthly["发放户数（户）"].map(lambda v: f"{v:,}"),
        "发放人数（人）": monthly["发放人数（人）"].map(lambda v: f"{v:,}"),
        "发放金额（万元）": monthly["发放金额"].map(wan),
        "人均发放（元/人）": monthly["人均发放"].map(lambda v: "—" if pd.isna(v) else f"{v:,.2f}"),
    })
    numeric = ("发放户数（户）", "发放人数（人）", "发放金额（万元）", "人均发放（元/人）")
    return charts.figure(svg, caption=caption, table_html=charts.table_html(table, numeric=numeric), csv_href="monthly.csv")


def _per_person_rows(monthly: pd.DataFrame) -> list[dict]:
    """Latest month per type: persons paid and the amount per person (元)."""
    rows = []
    for name, rows_of in monthly.groupby("救助类别", sort=False):
        last = rows_of.iloc[-1]
        rows.append({"program": name, "month": last["月份"], "persons": f"{int(last['发放人数（人）']):,}",
                     "amount": wan(float(last["发放金额"])),
                     "per_person": "—" if pd.isna(last["人均发放"]) else f"{last['人均发放']:,.2f}"})
    return rows


def _dibao_after_transfers(overview: pd.DataFrame) -> dict | None:
    """低保 funds available after moving surplus out, against its adjusted budget (万元)."""
    dibao = overview[overview["救助类别"] == PROGRAM_LABEL["dibao"]]
    if dibao.empty or not dibao["调出"].iloc[0]:
        return None
    r = dibao.iloc[0]
    available = r["已下达资金"] + r["调入"] - r["调出"]
    return {"available": wan(available), "budget": wan(r["调整后预算"]), "covered": available + 1 >= r["调整后预算"]}


def _allocation_documents(allocations: pd.DataFrame) -> list[dict]:
    grouped = allocations.groupby(["date_issued", "doc_number", "fund_name", "source_level", "is_advance"],
                                  sort=True, dropna=False)
    rows = []
    for (issued, doc, fund, level, advance), part in grouped:
        sums = part.groupby("assistance_type")["amount"].sum()
        rows.append({
            "date": "" if pd.isna(issued) else f"{issued:%Y-%m-%d}", "doc_number": doc if isinstance(doc, str) else "—",
            "fund": fund if isinstance(fund, str) else "", "level": LEVEL_LABEL.get(level, level),
            "advance": "是" if advance is True else "否",
            **{p: wan(float(sums.get(p, 0.0))) for p in PROGRAMS},
            "total": wan(float(part["amount"].sum())),
        })
    return rows


def _formatted(frame: pd.DataFrame, money: tuple[str, ...]) -> list[list[str]]:
    return [[wan(r[c]) if c in money else str(r[c]) for c in frame.columns] for r in frame.to_dict("records")]


def _headers(frame: pd.DataFrame, money: tuple[str, ...]) -> list[str]:
    return [f"{c}（万元）" if c in money else c for c in frame.columns]


def _csv_frame(frame: pd.DataFrame, yuan_columns: tuple[str, ...], extra: dict[str, str] | None = None) -> pd.DataFrame:
    """Exact 元 with two decimals; the unit goes into the header."""
    out = frame.copy()
    for column in yuan_columns:
        out[column] = out[column].map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
    names = {c: f"{c}（元）" for c in yuan_columns}
    for column, header in (extra or {}).items():
        out[column] = out[column].map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
        names[column] = header
    return out.rename(columns=names)


def _family(ctx: SiteContext, name: str, columns: list[str]) -> pd.DataFrame:
    """The family, with the columns used here even when the package has no such files."""
    frame = ctx.family(name)
    missing = [c for c in columns if c not in frame.columns]
    return frame.assign(**{c: pd.Series(dtype=object) for c in missing}) if missing else frame


def _programs(values: pd.Series) -> list[str]:
    present = set(values.dropna())
    return [p for p in PROGRAMS if p in present] + sorted(present - set(PROGRAMS))


def _latest_year(execution: pd.DataFrame, allocations: pd.DataFrame) -> int:
    years = pd.concat([execution["fiscal_year"], allocations["fiscal_year"]]).dropna()
    return int(years.max()) if not years.empty else 0
