"""Free text of a raw roster mapped onto the schemas' code lists.

Only the code is ever written; the text itself (a 救助事由 narrative, a 停保原因,
a 保障类别 that may name a disability or an illness) is dropped. Rules are
keyword tests in order, the first that matches wins; `None` means the text
could not be placed (an empty cell is also `None`).
"""

from __future__ import annotations

from generator.ingest.values import text

Rules = tuple[tuple[str, tuple[str, ...]], ...]

URBAN_RURAL: Rules = (
    ("rural", ("农村", "乡村", "农业")),  # before "城": "非农业" is tested first below
    ("urban", ("城市", "城镇", "城区", "居民", "城")),
    ("rural", ("农",)),
)
DIBAO_METHOD: Rules = (
    ("gap", ("补差",)),
    ("tier", ("分档", "档", "定额", "全额")),
)
TEKUN_MODE: Rules = (
    ("centralized", ("集中",)),
    ("dispersed", ("分散",)),
)
LINSHI_KIND: Rules = (
    ("jinan", ("急难",)),
    ("zhichu", ("支出",)),
)
APPROVAL_LEVEL: Rules = (
    ("county", ("县", "区民政", "市民政")),
    ("township", ("乡", "镇", "街道")),
)
# 救助事由 → reason_coarse; anything else that is not empty is "other".
REASON: Rules = (
    ("disaster", ("灾", "火灾", "洪", "涝", "旱", "地震", "台风", "泥石流", "冰雹")),
    ("accident", ("意外", "事故", "车祸", "溺水", "伤")),
    ("sudden_illness", ("病", "医", "住院", "手术", "治疗")),
    ("essential_expense", ("学", "教育", "丧", "葬", "生活必需", "取暖", "房", "支出")),
)
# 停保原因 → stop_reason_public; sensitive reasons (服刑, 戒毒 …) fall to "other".
STOP_REASON: Rules = (
    ("deceased_or_missing", ("死亡", "去世", "病故", "亡", "失踪")),
    ("moved", ("迁", "搬", "户籍转出", "转出")),
    ("voluntary", ("自愿", "主动", "本人申请", "申请退出", "放弃")),
    ("no_longer_eligible", ("收入", "超标", "不符合", "不再符合", "财产", "就业", "条件")),
)

LABELS = {
    "urban_rural": "城市、城镇、农村（或户籍性质：非农业、农业）",
    "dibao_method": "补差、分档（如“一档”“二档”）",
    "tekun_mode": "集中供养、分散供养",
    "linshi_kind": "急难型、支出型",
    "approval_level": "县级、乡镇（街道）",
}
RULES = {
    "urban_rural": URBAN_RURAL,
    "dibao_method": DIBAO_METHOD,
    "tekun_mode": TEKUN_MODE,
    "linshi_kind": LINSHI_KIND,
    "approval_level": APPROVAL_LEVEL,
}


def code(rules: Rules, cell: object) -> str | None:
    value = text(cell)
    if not value:
        return None
    if rules is URBAN_RURAL and value.startswith("非农"):
        return "urban"
    for result, words in rules:
        if any(word in value for word in words):
            return result
    return None


def reason(cell: object) -> str | None:
    """救助事由 as a coarse code; never the narrative."""
    if not text(cell):
        return None
    return code(REASON, cell) or "other"


def stop_reason(cell: object) -> str | None:
    if not text(cell):
        return None
    return code(STOP_REASON, cell) or "other"
