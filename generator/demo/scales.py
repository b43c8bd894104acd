"""How big each demo package is, and the months it covers."""

from __future__ import annotations

from dataclasses import dataclass

YEAR = 2025
MONTHS = [YEAR * 12 + m for m in range(12)]  # month number = year × 12 + (month − 1)
START_STATE = MONTHS[0] - 1  # 2024-12: the roster the simulation starts from


def month_label(number: int) -> str:
    return f"{number // 12}-{number % 12 + 1:02d}"


@dataclass(frozen=True)
class Scale:
    name: str
    title: str  # shown in the package title and description
    streets: int  # 街道, codes 001–099
    towns: int  # 镇, codes 100+
    xiang: int  # 乡, codes 200+
    villages_per_township: tuple[int, int]  # inclusive range
    dibao_households: int  # size of the 2024-12 starting roster
    tekun_persons: int
    linshi_cases: tuple[int, int]  # cases a month, inclusive range
    village_agents: int

    @property
    def townships(self) -> int:
        return self.streets + self.towns + self.xiang


SCALES = {
    "county": Scale("county", "县级规模", 2, 7, 3, (9, 13), 8_700, 560, (60, 120), 4),
    "city": Scale("city", "市级规模（测试）", 15, 65, 20, (12, 18), 86_000, 5_600, (600, 1_200), 20),
    # Test fixture: small enough to read every file by eye (tests/fixtures/portal_minimal).
    "tiny": Scale("tiny", "测试用最小规模", 1, 1, 0, (3, 3), 40, 6, (2, 4), 1),
    # Benchmark stand-in: one county root with every 9-digit township code used.
    "province": Scale("province", "省级规模（性能测试）", 99, 800, 100, (13, 17), 1_000_000, 65_000, (6_000, 12_000), 100),
}
