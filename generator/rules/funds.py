"""Fund flows reconcile: rosters → monthly disbursement → budget execution →
allocations and transfers.

Frames here are whole families concatenated, each row carrying `origin_dataset`,
`origin_file` and `origin_row` so a problem points at the spreadsheet row to fix.
Tolerance: amounts agree to within 1 元 per compared cell, because source
systems round each household's payment to the fen and sum afterwards; counts
of households and persons must agree exactly.
"""

from __future__ import annotations

import pandas as pd

from generator.layout import PROGRAM_LABEL
from generator.problems import Problem, problem
from generator.rules import UNKNOWN_AREA, month_end, yuan

AMOUNT_TOLERANCE = 1.0


def check_disbursement(paid: pd.DataFrame, roster_totals: pd.DataFrame, area_names: dict[str, str],
                       rosters_read: set[tuple[str, str]]) -> list[Problem]:
    """Each township × program × month: paid households/persons = roster, and
    paid amount − back pay = roster amount. Rosters missing or unreadable
    (already reported) are skipped rather than reported again as mismatches."""
    if paid.empty:
        return []
    roster = (
        roster_totals.groupby(["month", "township_code", "program"], sort=True)[["households", "persons", "amount"]]
        .sum().reset_index().rename(columns={"township_code": "area_code", "program": "assistance_type"})
    )
    was_read = [(p, m) in rosters_read for p, m in zip(paid["assistance_type"], paid["month"])]
    paid = paid[pd.Series(was_read, index=paid.index, dtype=bool)]
    merged = paid.merge(
        roster, on=["month", "area_code", "assistance_type"], how="left"
    ).fillna({"households": 0, "persons": 0, "amount": 0.0})
    found = []
    for r in merged.itertuples(index=False):
        where = {"dataset": r.origin_dataset, "file": r.origin_file, "row": int(r.origin_row)}
        context = {"month": r.month, "area": area_names.get(r.area_code, UNKNOWN_AREA),
                   "program": PROGRAM_LABEL.get(r.assistance_type, r.assistance_type)}
        for column, measure, got, expected in (
            ("households_paid", "户数", r.households_paid, r.households),
            ("persons_paid", "人数", r.persons_paid, r.persons),
        ):
            if not pd.isna(got) and int(got) != int(expected):
                found.append(problem("disbursement-mismatch", column=column, measure=measure, paid=int(got),
                                     roster=int(expected), tolerance="0", **where, **context))
        if not pd.isna(r.amount_paid):
            net = float(r.amount_paid) - (0.0 if pd.isna(r.back_pay) else float(r.back_pay))
            if abs(net - float(r.amount)) > AMOUNT_TOLERANCE:
                found.append(problem("disbursement-mismatch", column="amount_paid", measure="金额（扣除补发）",
                                     paid=f"{yuan(round(net, 2))} 元", roster=f"{yuan(round(float(r.amount), 2))} 元",
                                     tolerance="1 元", **where, **context))
    found += _roster_without_payment(paid, roster, area_names)
    return found


def _roster_without_payment(paid: pd.DataFrame, roster: pd.DataFrame, area_names: dict[str, str]) -> list[Problem]:
    """A township that has a roster in a month of the disbursement files but no payment row."""
    months = set(paid["month"].dropna())
    keys = set(zip(paid["month"], paid["area_code"], paid["assistance_type"]))
    files = paid.drop_duplicates("month").set_index("month")[["origin_dataset", "origin_file"]]
    found = []
    for r in roster[roster["month"].isin(months)].itertuples(index=False):
        if (r.month, r.area_code, r.assistance_type) in keys:
            continue
        origin = files.loc[r.month]
        found.append(problem("disbursement-mismatch", dataset=origin["origin_dataset"], file=origin["origin_file"],
                             column="households_paid", measure="户数", paid=0, roster=int(r.households),
                             tolerance="0", month=r.month, area=area_names.get(r.area_code, UNKNOWN_AREA),
                             program=PROGRAM_LABEL.get(r.assistance_type, r.assistance_type)))
    return found


def check_execution(execution: pd.DataFrame, paid: pd.DataFrame, allocations: pd.DataFrame,
                    transfers: pd.DataFrame) -> list[Problem]:
    found = []
    for r in execution.dropna(subset=["period_end", "assistance_type", "fiscal_year"]).itertuples(index=False):
        where = {"dataset": r.origin_dataset, "file": r.origin_file, "row": int(r.origin_row), "column": "spent_to_date"}
        label = PROGRAM_LABEL.get(r.assistance_type, r.assistance_type)
        if pd.isna(r.spent_to_date):
            continue
        spent = float(r.spent_to_date)
        year_paid = paid[
            (paid["assistance_type"] == r.assistance_type)
            & paid["area_code"].str.startswith(r.area_code).fillna(False)
            & (paid["month"] >= f"{int(r.fiscal_year)}-01") & (paid["month"] <= r.period_end)
        ]
        if not year_paid.empty and year_paid["month"].max() == r.period_end:
            total = float(year_paid["amount_paid"].sum())
            if abs(total - spent) > AMOUNT_TOLERANCE:
                found.append(problem("execution-disbursement-mismatch", period=r.period_end, program=label,
                                     spent=yuan(spent), paid=yuan(round(total, 2)), **where))
        available = funds_available(allocations, transfers, r.assistance_type, int(r.fiscal_year),
                                    month_end(r.period_end), area=r.area_code)
        if spent > available + AMOUNT_TOLERANCE:
            found.append(problem("budget-overspent", period=r.period_end, program=label, spent=yuan(spent),
                                 available=yuan(round(available, 2)), **where))
    return found


def funds_available(allocations: pd.DataFrame, transfers: pd.DataFrame, program: str, year: int,
                    by: pd.Timestamp | None = None, area: str | None = None) -> float:
    """Allocations issued for the year (by a date, if given) plus transfers in,
    minus transfers out; for one recipient area when `area` is given."""
    issued = allocations[(allocations["assistance_type"] == program) & (allocations["fiscal_year"] == year)]
    moved = transfers[transfers["fiscal_year"] == year]
    if area is not None:
        issued = issued[issued["recipient_area_code"] == area]
        moved = moved[moved["area_code"] == area]
    if by is not None:
        issued = issued[issued["date_issued"] <= by]
        moved = moved[moved["date"] <= by]
    incoming = moved.loc[moved["to_use"] == program, "amount"].sum()
    outgoing = moved.loc[moved["from_use"] == program, "amount"].sum()
    return float(issued["amount"].sum() + incoming - outgoing)


def check_transfers(transfers: pd.DataFrame, allocations: pd.DataFrame, execution: pd.DataFrame) -> list[Problem]:
    """Moving 低保 surplus elsewhere must leave the 低保 budget fully funded (seed 000)."""
    found = []
    out_of_dibao = transfers[transfers["from_use"] == "dibao"].dropna(subset=["fiscal_year"])
    for year, rows in out_of_dibao.groupby("fiscal_year"):
        budget_rows = execution[(execution["assistance_type"] == "dibao") & (execution["fiscal_year"] == year)]
        if budget_rows.empty:
            continue
        budget = float(budget_rows.sort_values("period_end")["budget_adjusted"].iloc[-1])
        available = funds_available(allocations, transfers, "dibao", int(year))
        if available + AMOUNT_TOLERANCE < budget:
            last = rows.sort_values("origin_row").iloc[-1]
            found.append(problem("transfer-unfunds-dibao", dataset=last["origin_dataset"], file=last["origin_file"],
                                 row=int(last["origin_row"]), column="amount", year=int(year),
                                 out=yuan(float(rows["amount"].sum())), available=yuan(round(available, 2)),
                                 budget=yuan(budget)))
    return found
