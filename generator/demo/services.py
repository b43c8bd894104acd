"""Service windows, staffing and the monthly publicity notices.

Phone numbers are fictional landlines (0999-555xxxx) and the national 12349
hotline; no mobile number appears anywhere. Every notice's objection phone is
a registered service point, which is what the privacy scanner allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from generator.demo.areas import COUNTY_CODE, COUNTY_NAME, Areas
from generator.demo.scales import Scale

BUREAU = f"{COUNTY_NAME}民政局"
COUNTY_WINDOW_PHONE = "0999-5550001"
COUNTY_WINDOW_ADDRESS = f"{COUNTY_NAME}人民路 88 号政务服务中心二楼社会救助窗口"
HOURS = "工作日 8:30—12:00，14:30—17:30"
UPDATED_ON = "2025-01-02"
ALL_SERVICES = "dibao,tekun,linshi"
BASIS = {"dibao": "民发〔2021〕57号", "tekun": "民发〔2021〕43号", "linshi": "国发〔2014〕47号"}

SERVICE_HEADER = ["point_id", "window_type", "area_code", "name", "address", "hours", "phone", "services",
                  "first_contact_duty", "updated_on"]
STAFFING_HEADER = ["township_code", "as_of", "registered_population", "aides_required", "aides_actual"]
NOTICE_HEADER = ["list_id", "month", "assistance_type", "stage", "area_code", "publisher", "notice_start",
                 "notice_end", "objection_phone", "objection_address", "basis_doc_number"]


def office(areas: Areas, town: int) -> str:
    name = areas.township_names[town]
    return f"{name}办事处" if areas.township_kinds[town] == "street" else f"{name}人民政府"


def township_phone(town: int) -> str:
    return f"0999-555{1000 + town:04d}"


def township_address(areas: Areas, town: int) -> str:
    return f"{COUNTY_NAME}{office(areas, town)}便民服务中心一楼社会救助窗口"


def service_point_rows(rng: np.random.Generator, areas: Areas, scale: Scale) -> list[list[str]]:
    rows = [
        ["county-window", "county_window", COUNTY_CODE, f"{COUNTY_NAME}社会救助一门受理窗口", COUNTY_WINDOW_ADDRESS,
         HOURS, COUNTY_WINDOW_PHONE, ALL_SERVICES, "true", UPDATED_ON],
        ["hotline-12349", "hotline", COUNTY_CODE, f"{COUNTY_NAME}民政服务热线", "", "24 小时", "12349",
         ALL_SERVICES, "true", UPDATED_ON],
        ["complaint", "complaint", COUNTY_CODE, f"{BUREAU}社会救助投诉举报电话", f"{COUNTY_NAME}人民路 90 号{BUREAU}",
         "工作日 8:30—17:30", "0999-5550002", ALL_SERVICES, "true", UPDATED_ON],
        ["petition", "petition_address", COUNTY_CODE, f"{COUNTY_NAME}信访局（社会救助信访通讯地址）",
         f"{COUNTY_NAME}人民路 100 号{COUNTY_NAME}信访局", HOURS, "0999-5550003", ALL_SERVICES, "true", UPDATED_ON],
    ]
    for town, code in enumerate(areas.township_codes):
        rows.append([f"township-{code}", "township_window", code, f"{areas.township_names[town]}社会救助窗口",
                     township_address(areas, town), HOURS, township_phone(town), ALL_SERVICES, "true", UPDATED_ON])
    agents = np.sort(rng.choice(areas.n_villages, size=scale.village_agents, replace=False))
    for j, village in enumerate(agents):
        town = int(areas.village_township[village])
        name = areas.village_names[village]
        # One agent has not yet published the first-contact commitment: a realistic gap.
        rows.append([f"agent-{areas.village_codes[village]}", "village_agent", areas.village_codes[village],
                     f"{name}社会救助代办点", f"{COUNTY_NAME}{areas.township_names[town]}{name}党群服务中心",
                     "工作日 9:00—11:30，15:00—17:00", f"0999-555{2000 + j:04d}", "dibao,linshi",
                     "false" if j == 0 else "true", UPDATED_ON])
    return rows


def aides_required(population: int) -> int:
    """< 20,000 → 1; 20,000–49,999 → 2; ≥ 50,000 → 3 (exact bounds take the higher tier)."""
    return 1 if population < 20_000 else 2 if population < 50_000 else 3


def staffing_rows(rng: np.random.Generator, areas: Areas, persons: np.ndarray) -> list[list]:
    """Population sized from the 低保 caseload (2–6 % of residents), with one
    township at exactly 20,000 and one at exactly 50,000 to show the bounds."""
    population = (persons / rng.uniform(0.02, 0.06, len(persons))).astype(np.int64)
    outside = (population < 8_000) | (population > 65_000)
    population = np.where(outside, rng.integers(8_000, 65_001, len(persons)), population)
    at_20k = int(np.argmin(np.abs(population - 20_000)))
    far = np.abs(population - 50_000).astype(np.float64)
    far[at_20k] = np.inf
    at_50k = int(np.argmin(far))
    population[at_20k], population[at_50k] = 20_000, 50_000
    required = np.array([aides_required(int(p)) for p in population])
    actual = required + (rng.random(len(required)) < 0.2)
    # One township falls short of the rule: a warning the portal must show.
    short = [t for t in range(len(required)) if required[t] >= 2 and t not in (at_20k, at_50k)]
    if short:
        actual[short[len(short) // 2]] = required[short[len(short) // 2]] - 1
    return [[areas.township_codes[t], "2025-06-30", int(population[t]), int(required[t]), int(actual[t])]
            for t in range(len(required))]


@dataclass(frozen=True)
class MonthActivity:
    """Which townships had what in one month (bool arrays by township)."""

    dibao: np.ndarray
    tekun: np.ndarray
    dibao_new: np.ndarray
    tekun_new: np.ndarray
    linshi: np.ndarray


def _window(first_day: date, start_range: tuple[int, int], rng: np.random.Generator) -> tuple[str, str]:
    start = first_day + timedelta(days=int(rng.integers(start_range[0], start_range[1] + 1)) - 1)
    end = start + timedelta(days=int(rng.integers(7, 11)) - 1)  # 7–10 days, both ends included
    return start.isoformat(), end.isoformat()


def notice_rows(rng: np.random.Generator, areas: Areas, month: int, label: str, activity: MonthActivity) -> list[list]:
    first = date(month // 12, month % 12 + 1, 1)
    rows = []
    for town, code in enumerate(areas.township_codes):
        local = (office(areas, town), township_phone(town), township_address(areas, town))
        county = (BUREAU, COUNTY_WINDOW_PHONE, COUNTY_WINDOW_ADDRESS)
        plan = [
            ("dibao", "preliminary_notice", "preliminary", activity.dibao_new, (1, 5), local),
            ("dibao", "confirmed_publication", "confirmed", activity.dibao, (15, 19), county),
            ("tekun", "preliminary_notice", "preliminary", activity.tekun_new, (1, 5), local),
            ("tekun", "confirmed_publication", "confirmed", activity.tekun, (15, 19), county),
            ("linshi", "linshi_notice", "notice", activity.linshi, (22, 25), local),
        ]
        for program, stage, short, present, days, (publisher, phone, address) in plan:
            if not present[town]:
                continue
            start, end = _window(first, days, rng)
            rows.append([f"{program}-{label}-{code}-{short}", label, program, stage, code, publisher, start, end,
                         phone, address, BASIS[program]])
    return rows
