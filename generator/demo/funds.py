"""Fund tables derived from the simulated payments, so that they reconcile:
disbursement = roster sums (+ back pay), execution = cumulative disbursement,
allocations arrive before they are spent, and the October transfer of 低保
surplus to 临时救助 leaves the 低保 budget fully funded.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.demo.areas import COUNTY_CODE, Areas
from generator.demo.encode import money_text
from generator.demo.scales import MONTHS, YEAR, month_label
from generator.demo.simulate import PROGRAMS, Totals

WAN = 1_000_000  # 1 万元 in fen
SUBJECTS = {  # (urban, rural) expenditure subjects; 临时救助 has one
    "dibao": ("2081901", "2081902"),
    "tekun": ("2082101", "2082102"),
    "linshi": ("2082001", "2082001"),
}
# The execution report has one row per program, so it names the main subject
# (most recipients are rural).
EXECUTION_SUBJECT = {"dibao": "2081902", "tekun": "2082102", "linshi": "2082001"}
# (source level, 文号, date issued, is_advance, share of the year's allocation)
LINES = [
    ("central", "财社〔2024〕38号", "2024-11-08", True, 45),
    ("county", "阳财社〔2025〕3号", "2025-01-10", False, 15),
    ("provincial", "示财社〔2025〕15号", "2025-03-18", False, 12),
    ("prefectural", "范财社〔2025〕9号", "2025-04-22", False, 8),
    ("central", "财社〔2025〕67号", "2025-06-12", False, 12),
    ("provincial", "示财社〔2025〕48号", "2025-09-05", False, 8),
]
FUND_NAME = {"central": "中央财政困难群众救助补助资金", "provincial": "省级困难群众救助补助资金",
             "prefectural": "市级困难群众救助补助资金", "county": "县级困难群众救助资金"}
ADJUSTED_FROM = {"dibao": MONTHS[7], "tekun": MONTHS[7], "linshi": MONTHS[9]}  # after the rise / the transfer
TRANSFER = ("阳财社〔2025〕41号", "2025-10-15")

DISBURSEMENT_HEADER = ["month", "area_code", "assistance_type", "households_paid", "persons_paid", "amount_paid",
                       "back_pay", "payment_channel"]
EXECUTION_HEADER = ["fiscal_year", "period_end", "area_code", "assistance_type", "expenditure_subject",
                    "budget_initial", "budget_adjusted", "spent_to_date"]
ALLOCATION_HEADER = ["allocation_id", "fiscal_year", "fund_name", "source_level", "recipient_area_code",
                     "assistance_type", "doc_number", "date_issued", "is_advance", "expenditure_subject", "amount"]
TRANSFER_HEADER = ["transfer_id", "fiscal_year", "area_code", "from_use", "to_use", "amount", "basis_doc_number",
                   "date"]


def _wan_up(fen: float) -> int:
    return int(-(-fen // WAN) * WAN)


def _wan_down(fen: float) -> int:
    return int(fen // WAN * WAN)


def paid_total(t: Totals) -> int:
    return int(t.amount.sum() + t.back_pay.sum())


def disbursement_rows(areas: Areas, month: int, totals: dict[tuple[int, str], Totals]) -> list[list]:
    rows = []
    for town, code in enumerate(areas.township_codes):
        for program in PROGRAMS:
            t = totals[(month, program)]
            channel = "bank" if program == "linshi" or areas.township_kinds[town] == "street" else "one_card"
            rows.append([month_label(month), code, program, int(t.households[town]), int(t.persons[town]),
                         money_text(int(t.amount[town] + t.back_pay[town])), money_text(int(t.back_pay[town])),
                         channel])
    return rows


@dataclass(frozen=True)
class Budget:
    spent: dict[str, int]  # the year's payments per program, fen
    initial: dict[str, int]
    adjusted: dict[str, int]
    allocated: dict[str, int]
    transfer: int  # 低保 → 临时救助


def plan(totals: dict[tuple[int, str], Totals]) -> Budget:
    spent = {p: sum(paid_total(totals[(m, p)]) for m in MONTHS) for p in PROGRAMS}
    transfer = _wan_up(spent["linshi"] * 0.25)
    initial = {"dibao": _wan_down(spent["dibao"] * 0.96), "tekun": _wan_down(spent["tekun"] * 0.97),
               "linshi": _wan_down(spent["linshi"] * 0.80)}
    adjusted = {p: _wan_up(spent[p] * 1.01) for p in PROGRAMS}
    allocated = {
        "dibao": _wan_up(adjusted["dibao"] * 1.03) + transfer,  # the transfer comes out of a real surplus
        "tekun": _wan_up(adjusted["tekun"] * 1.02),
        "linshi": _wan_up(spent["linshi"] * 0.85),  # the transfer covers the rest
    }
    return Budget(spent, initial, adjusted, allocated, transfer)


def execution_rows(month: int, totals: dict[tuple[int, str], Totals], budget: Budget) -> list[list]:
    rows = []
    for program in PROGRAMS:
        spent = sum(paid_total(totals[(m, program)]) for m in MONTHS if m <= month)
        adjusted = budget.adjusted[program] if month >= ADJUSTED_FROM[program] else budget.initial[program]
        rows.append([YEAR, month_label(month), COUNTY_CODE, program, EXECUTION_SUBJECT[program],
                     money_text(budget.initial[program]), money_text(adjusted), money_text(spent)])
    return rows


def _urban_share(totals: dict[tuple[int, str], Totals], program: str) -> float:
    urban = sum(totals[(m, program)].urban_amount for m in MONTHS)
    whole = sum(int(totals[(m, program)].amount.sum()) for m in MONTHS)
    return urban / whole if whole else 0.0


def allocation_rows(totals: dict[tuple[int, str], Totals], budget: Budget) -> list[list]:
    rows = []
    for program in PROGRAMS:
        total = budget.allocated[program]
        share = _urban_share(totals, program)
        given = 0
        for n, (level, doc, issued, advance, percent) in enumerate(LINES, start=1):
            line = total - given if n == len(LINES) else total * percent // 100 // 10_000 * 10_000
            given += line
            urban = line * share // 10_000 * 10_000 if program != "linshi" else 0
            for part, amount, subject in (("urban", urban, SUBJECTS[program][0]),
                                          ("rural", line - urban, SUBJECTS[program][1])):
                if amount <= 0:
                    continue
                suffix = part if program != "linshi" else "all"
                rows.append([f"{YEAR}-{program}-{suffix}-{n}", YEAR, FUND_NAME[level], level, COUNTY_CODE, program,
                             doc, issued, "true" if advance else "false", subject, money_text(int(amount))])
    return rows


def transfer_rows(budget: Budget) -> list[list]:
    doc, day = TRANSFER
    return [[f"{YEAR}-dibao-linshi-1", YEAR, COUNTY_CODE, "dibao", "linshi", money_text(budget.transfer), doc, day]]
