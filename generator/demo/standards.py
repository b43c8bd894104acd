"""Standards history 2021–2025 and the amounts the simulation pays each month.

Values are fictional but sized on published figures (domain.md §2.7, §4.3).
The July 2025 rise is announced on 15 August and applies from 1 July: July is
paid at the old rate, August at the new one plus July's back pay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from generator.demo.areas import COUNTY_CODE
from generator.demo.scales import MONTHS

DOC_PREFIX = "阳民发"

# (valid_from, announced_on, 文号, urban 元/人·月, rural value, rural unit)
DIBAO_VERSIONS = [
    (date(2021, 1, 1), date(2020, 12, 18), "〔2020〕35号", 700, 6000, "CNY_per_person_year"),
    (date(2021, 10, 1), date(2021, 9, 17), "〔2021〕28号", 720, 6360, "CNY_per_person_year"),
    (date(2022, 10, 1), date(2022, 9, 20), "〔2022〕31号", 745, 560, "CNY_per_person_month"),
    (date(2023, 7, 1), date(2023, 6, 21), "〔2023〕19号", 765, 580, "CNY_per_person_month"),
    (date(2024, 1, 1), date(2023, 12, 22), "〔2023〕42号", 780, 600, "CNY_per_person_month"),
    (date(2024, 10, 1), date(2024, 9, 26), "〔2024〕33号", 800, 620, "CNY_per_person_month"),
    (date(2025, 7, 1), date(2025, 8, 15), "〔2025〕12号", 830, 650, "CNY_per_person_month"),
]
# Care standards follow the local minimum wage: (valid_from, announced_on, 文号, wage 元/月)
CARE_VERSIONS = [
    (date(2021, 1, 1), date(2020, 12, 18), "〔2020〕35号", 1720),
    (date(2023, 7, 1), date(2023, 6, 21), "〔2023〕19号", 1800),
    (date(2024, 10, 1), date(2024, 9, 26), "〔2024〕33号", 1900),
]
CARE_SHARE = {"able": (1, 10), "partial": (1, 6), "full_loss": (1, 3)}
CARE_LABEL = {"able": "全自理", "partial": "半护理", "full_loss": "全护理"}
CARE_LEVELS = ("able", "partial", "full_loss")
DISPERSED_PERCENT = 80  # dispersed support gets 80 % of the centralized care rate
# (valid_from, announced_on, 文号, multiple of the monthly urban dibao standard)
LINSHI_CAP_VERSIONS = [
    (date(2021, 1, 1), date(2020, 12, 18), "〔2020〕36号", 4),
    (date(2023, 7, 1), date(2023, 6, 21), "〔2023〕20号", 6),
]

NOTE_NATIONAL = "虚构数值；量级参照国家统计局公布的 2024 年底全国平均低保标准（城市 798.1、农村 593.9 元/人·月）"
NOTE_CITIES = {
    "urban": "虚构数值；量级参照潍坊 2021 年（城市不低于 791 元/人·月）、济南 2020 年（城市 740 元/月）公布的低保标准",
    "rural": "虚构数值；量级参照潍坊 2021 年（农村不低于 595 元/人·月）、济南 2020 年（农村不低于 494 元/月）公布的低保标准",
}
NOTE_YEARLY = "虚构数值；参照东营 2019 年农村低保按“元/人·年”公布（5400 元/人·年）的做法，以年标准登记"
NOTE_TEKUN = "虚构数值；按国发〔2016〕14号“特困人员基本生活标准不低于当地低保标准的1.3倍”计算"
NOTE_CARE = "虚构数值；参照长沙、东营按当地最低工资的 1/10、1/6、1/3 测算照料护理标准的做法"
NOTE_LINSHI = "虚构数值；参照各地以“城市低保月标准 × 家庭人口 × 倍数”确定临时救助上限的做法"


def tekun_basic(dibao_value: int) -> int:
    """Strictly above 1.3 × the dibao standard, rounded up to the yuan (same unit)."""
    return dibao_value * 13 // 10 + 1


def care_value(wage: int, level: str, mode: str) -> int:
    num, den = CARE_SHARE[level]
    centralized = -(-wage * num // den)  # rounded up to the yuan
    return centralized if mode == "centralized" else -(-centralized * DISPERSED_PERCENT // 100)


@dataclass(frozen=True)
class Paid:
    """Standards the simulation pays in one month, in fen per person per month."""

    dibao_urban: int
    dibao_rural: int
    tekun_urban: int
    tekun_rural: int
    care: dict[tuple[str, str], int]  # (mode, level) -> fen
    linshi_multiple: int


def _in_force(versions: list[tuple], day: date) -> tuple:
    return [v for v in versions if v[0] <= day][-1]


PAYDAY = 28  # a version counts for a month's payment once announced by this day


def paid_for(month: int, *, announced_only: bool = True) -> Paid:
    """What a month pays. Retroactive versions are paid only once announced, so
    July 2025 pays the old rate; `announced_only=False` gives what was due."""
    day = date(month // 12, month % 12 + 1, 1)
    payday = day + timedelta(days=PAYDAY - 1)
    known = [v for v in DIBAO_VERSIONS if v[1] <= payday or not announced_only]
    _, _, _, urban, rural, unit = _in_force(known, day)
    rural_month = rural if unit == "CNY_per_person_month" else rural // 12
    wage = _in_force(CARE_VERSIONS, day)[3]
    return Paid(
        dibao_urban=urban * 100,
        dibao_rural=rural_month * 100,
        tekun_urban=tekun_basic(urban) * 100,
        tekun_rural=tekun_basic(rural_month) * 100,
        care={(m, lv): care_value(wage, lv, m) * 100 for m in ("centralized", "dispersed") for lv in CARE_LEVELS},
        linshi_multiple=_in_force(LINSHI_CAP_VERSIONS, day)[3],
    )


def paid_by_month() -> dict[int, Paid]:
    return {m: paid_for(m) for m in [MONTHS[0] - 1, *MONTHS]}


def due_by_month() -> dict[int, Paid]:
    return {m: paid_for(m, announced_only=False) for m in [MONTHS[0] - 1, *MONTHS]}


# --- the standards table ------------------------------------------------------------

HEADER = [
    "standard_id", "area_code", "assistance_type", "component", "urban_rural", "tekun_mode", "self_care",
    "tier_label_local", "value", "unit", "is_floor", "formula", "valid_from", "valid_to", "announced_on",
    "basis_doc_number", "source_note",
]


def _valid_to(versions: list[tuple], index: int) -> str:
    if index + 1 == len(versions):
        return ""
    return (versions[index + 1][0] - timedelta(days=1)).isoformat()


def _row(sid, atype, component, ur, mode, care, label, value, unit, floor, formula, versions, i, note) -> list:
    start, announced, doc = versions[i][:3]
    return [
        sid, COUNTY_CODE, atype, component, ur, mode, care, label, str(value), unit, "true" if floor else "false",
        formula, start.isoformat(), _valid_to(versions, i), announced.isoformat(), DOC_PREFIX + doc, note,
    ]


def _dibao_note(start: date, unit: str, urban_rural: str) -> str:
    if unit == "CNY_per_person_year":
        return NOTE_YEARLY
    return NOTE_NATIONAL if start >= date(2024, 1, 1) else NOTE_CITIES[urban_rural]


def standard_rows() -> list[list[str]]:
    rows = []
    for ur in ("urban", "rural"):
        for i, (start, _, _, urban, rural, rural_unit) in enumerate(DIBAO_VERSIONS):
            value, unit = (urban, "CNY_per_person_month") if ur == "urban" else (rural, rural_unit)
            sid = f"dibao-{ur}-{start:%Y-%m}"
            rows.append(_row(sid, "dibao", "dibao_standard", ur, "", "", "", value, unit, ur == "rural", "",
                             DIBAO_VERSIONS, i, _dibao_note(start, unit, ur)))
    for ur in ("urban", "rural"):
        for i, (start, _, _, urban, rural, rural_unit) in enumerate(DIBAO_VERSIONS):
            value, unit = (urban, "CNY_per_person_month") if ur == "urban" else (rural, rural_unit)
            sid = f"tekun-basic-{ur}-{start:%Y-%m}"
            rows.append(_row(sid, "tekun", "tekun_basic", ur, "", "", "", tekun_basic(value), unit, True,
                             "不低于当地低保标准的1.3倍", DIBAO_VERSIONS, i, NOTE_TEKUN))
    for mode in ("centralized", "dispersed"):
        for level in CARE_LEVELS:
            num, den = CARE_SHARE[level]
            for i, (start, _, _, wage) in enumerate(CARE_VERSIONS):
                formula = f"当地最低工资标准 {wage} 元 × {num}/{den}"
                if mode == "dispersed":
                    formula += f" × {DISPERSED_PERCENT}%"
                sid = f"tekun-care-{mode}-{level.replace('_', '-')}-{start:%Y-%m}"
                rows.append(_row(sid, "tekun", "tekun_care", "unified", mode, level, CARE_LABEL[level],
                                 care_value(wage, level, mode), "CNY_per_person_month", False, formula,
                                 CARE_VERSIONS, i, NOTE_CARE))
    for i, (start, _, _, multiple) in enumerate(LINSHI_CAP_VERSIONS):
        rows.append(_row(f"linshi-cap-{start:%Y-%m}", "linshi", "linshi_cap", "unified", "", "", "", multiple,
                         "multiple", False, f"城市低保月标准 × 家庭人口 × {multiple}", LINSHI_CAP_VERSIONS, i,
                         NOTE_LINSHI))
    return rows
