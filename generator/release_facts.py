"""FACTS of a month, and what changed between two: the figures of a
release's notes, of its Atom entries and of `sunshine diff`.

Facts are plain JSON values (amounts as "123.45" strings), so a release
stores them in its `release.json` and later comparisons use the figures as
they were published, not as the data say today. Only aggregates: county
totals, counts of movements, standards, funds and policy titles; never a row
of a roster.
"""

from __future__ import annotations

import calendar
import datetime as dt
from decimal import Decimal

import pandas as pd

from generator.context import SiteContext
from generator.layout import PROGRAM_LABEL
from generator.rules.standards import (COMPONENT_LABEL, MODE_LABEL, SELF_CARE_LABEL, UNIT_LABEL, URBAN_RURAL_LABEL,
                                      in_force)

PROGRAMS = ("dibao", "tekun", "linshi")
MOVEMENT_LABEL = {"new": "新增", "stop": "停保", "increase": "增发", "decrease": "减发", "standard_uplift": "提标"}
UNIT_WORD = {"dibao": "户", "tekun": "人", "linshi": "户次"}  # what one roster row is


def month_end(month: str) -> dt.date:
    year, number = int(month[:4]), int(month[5:7])
    return dt.date(year, number, calendar.monthrange(year, number)[1])


def month_label(month: str) -> str:
    return f"{int(month[:4])}年{int(month[5:7])}月"


def month_facts(ctx: SiteContext, month: str) -> dict:
    """What the portal publishes about `month`, as of the end of that month."""
    end = pd.Timestamp(month_end(month))
    return {
        "month": month,
        "programs": _programs(ctx.roster_totals, month),
        "movements": _movements(ctx, month),
        "standards": _standards(ctx, end),
        "allocations": _allocations(ctx, month, end),
        "transfers": _transfers(ctx, month, end),
        "policies": {p.doc_id: p.metadata.get("title", p.doc_id) for p in ctx.policies},
        "notices": int((ctx.family("notices")["month"] == month).sum()) if "month" in ctx.family("notices") else 0,
    }


def _programs(totals: pd.DataFrame, month: str) -> dict:
    if totals.empty:
        return {}
    rows = totals[totals["month"] == month]
    out = {}
    for program in PROGRAMS:
        mine = rows[rows["program"] == program]
        if not mine.empty:
            out[program] = {"households": int(mine["households"].sum()), "persons": int(mine["persons"].sum()),
                            "amount": _money(mine["amount"].sum())}
    return out


def _movements(ctx: SiteContext, month: str) -> dict:
    out = {}
    for program in ("dibao", "tekun"):
        changes = ctx.family(f"changes_{program}")
        if changes.empty or month not in set(changes["month"].dropna()):
            continue
        counts = changes.loc[changes["month"] == month, "change_type"].value_counts()
        out[program] = {kind: int(counts.get(kind, 0)) for kind in MOVEMENT_LABEL}
    return out


def _standards(ctx: SiteContext, end: pd.Timestamp) -> dict:
    standards = ctx.family("standards")
    if standards.empty:
        return {}
    names = ctx.area_names()
    out = {}
    for record in in_force(standards, end).to_dict("records"):
        out[record["standard_id"]] = {
            "label": standard_label(record, names),
            "value": _plain_number(record["value"]),
            "unit": UNIT_LABEL.get(record["unit"], record["unit"]),
            "valid_from": record["valid_from"].strftime("%Y-%m-%d"),
            "basis": _text(record.get("basis_doc_number")),
        }
    return out


def standard_label(record: dict, names: dict[str, str]) -> str:
    """阳光县城市低保标准, 阳光县特困人员照料护理标准（集中供养，全护理）…"""
    side = "" if record["urban_rural"] == "unified" else URBAN_RURAL_LABEL.get(record["urban_rural"], "")
    details = [MODE_LABEL.get(record.get("tekun_mode") or "", ""), _short_care(record.get("self_care"))]
    details = [d for d in details if d]
    suffix = f"（{'，'.join(details)}）" if details else ""
    return f"{names.get(record['area_code'], record['area_code'])}{side}{COMPONENT_LABEL.get(record['component'], record['component'])}{suffix}"


def _short_care(value: object) -> str:
    label = SELF_CARE_LABEL.get(value or "", "")
    return label[label.find("（") + 1:-1] if "（" in label else label


def _allocations(ctx: SiteContext, month: str, end: pd.Timestamp) -> dict:
    frame = ctx.family("fund_allocations")
    if frame.empty:
        return {}
    rows = frame[(frame["fiscal_year"] == int(month[:4])) & (frame["date_issued"] <= end)]
    return {r["allocation_id"]: {"name": r["fund_name"], "amount": _money(r["amount"]), "doc": _text(r["doc_number"]),
                                 "date": r["date_issued"].strftime("%Y-%m-%d")} for r in rows.to_dict("records")}


def _transfers(ctx: SiteContext, month: str, end: pd.Timestamp) -> dict:
    frame = ctx.family("fund_transfers")
    if frame.empty:
        return {}
    rows = frame[(frame["fiscal_year"] == int(month[:4])) & (frame["date"] <= end)]
    return {r["transfer_id"]: {"from": PROGRAM_LABEL.get(r["from_use"], r["from_use"]),
                               "to": PROGRAM_LABEL.get(r["to_use"], r["to_use"]), "amount": _money(r["amount"]),
                               "doc": _text(r["basis_doc_number"]), "date": r["date"].strftime("%Y-%m-%d")}
            for r in rows.to_dict("records")}


# --- comparison ------------------------------------------------------------------------


def changes(before: dict | None, after: dict, *, correction: bool = False) -> list[str]:
    """What `after` says that `before` did not, in plain Chinese with the figures.

    `before` is the previous release (or month), None for the first one;
    with `correction`, both are the same month and the lines say what the
    corrected figures were."""
    lines = _program_lines(before, after, correction) + _movement_lines(after, correction)
    lines += _standard_lines(before, after) + _fund_lines(before, after) + _policy_lines(before, after)
    if not correction and after.get("notices"):
        lines.append(f"本月发布公示 {after['notices']} 项（名单只在公示期内在网上公布）。")
    if not lines:
        return ["更正没有改变公开的统计数字。" if correction else "与上一次发布相比，公开的数字没有变化。"]
    return lines


def _program_lines(before: dict | None, after: dict, correction: bool) -> list[str]:
    lines = []
    earlier = (before or {}).get("programs", {})
    for program, now in after.get("programs", {}).items():
        unit = UNIT_WORD[program]
        people = "" if unit == "人" else f"、{now['persons']:,} 人"
        text = f"{PROGRAM_LABEL[program]}：{now['households']:,} {unit}{people}，发放 {yuan(now['amount'])} 元"
        was = earlier.get(program)
        if was and correction:
            if was != now:
                was_people = "" if unit == "人" else f"、{was['persons']:,} 人"
                lines.append(f"{text}（更正前 {was['households']:,} {unit}{was_people}、{yuan(was['amount'])} 元）。")
            continue
        if was:
            persons = "" if unit == "人" else f"、{_delta(now['persons'] - was['persons'], '人')}"
            text += (f"；比{month_label(before['month'])}{_delta(now['households'] - was['households'], unit)}{persons}，"
                     f"金额{_delta_money(Decimal(now['amount']) - Decimal(was['amount']))}")
        lines.append(text + "。")
    return lines


def _movement_lines(after: dict, correction: bool) -> list[str]:
    if correction:
        return []
    lines = []
    period = after.get("movements_period", "本月")  # `sunshine diff --since` sums several months
    for program, counts in after.get("movements", {}).items():
        parts = [f"{MOVEMENT_LABEL[kind]} {count:,} {UNIT_WORD[program]}" for kind, count in counts.items() if count]
        if parts:
            lines.append(f"{PROGRAM_LABEL[program]}{period}变动：{'，'.join(parts)}。")
    return lines


def _standard_lines(before: dict | None, after: dict) -> list[str]:
    if before is None:
        return []
    earlier = {s["label"]: s for s in before.get("standards", {}).values()}
    lines = []
    for key, now in sorted(after.get("standards", {}).items(), key=lambda item: item[1]["label"]):
        if key in before.get("standards", {}):
            continue
        was = earlier.get(now["label"])
        change = f"由 {was['value']} 调整为 {now['value']}" if was else f"新定为 {now['value']}"
        basis = f"，依据{now['basis']}" if now["basis"] else ""
        lines.append(f"救助标准调整：{now['label']}{change} {now['unit']}，{day_label(now['valid_from'])}起执行{basis}。")
    return lines


def _fund_lines(before: dict | None, after: dict) -> list[str]:
    if before is None:  # the first release: the year so far in one line, not every allocation
        funds = after.get("allocations", {})
        total = sum((Decimal(f["amount"]) for f in funds.values()), Decimal(0))
        return [f"{after['month'][:4]}年截至{month_label(after['month'])}底已下达资金 {len(funds)} 笔，共 {total:,.2f} 元。"] if funds else []
    lines = []
    earlier = (before or {}).get("allocations", {})
    for key, fund in sorted(after.get("allocations", {}).items(), key=lambda item: (item[1]["date"], item[0])):
        if key not in earlier:
            doc = f"（{fund['doc']}，{day_label(fund['date'])}）" if fund["doc"] else f"（{day_label(fund['date'])}）"
            lines.append(f"新下达资金：{fund['name']} {yuan(fund['amount'])} 元{doc}。")
    earlier = (before or {}).get("transfers", {})
    for key, move in sorted(after.get("transfers", {}).items(), key=lambda item: (item[1]["date"], item[0])):
        if key not in earlier:
            lines.append(f"资金调剂：{move['from']}资金调剂 {yuan(move['amount'])} 元用于{move['to']}（{day_label(move['date'])}）。")
    return lines


def _policy_lines(before: dict | None, after: dict) -> list[str]:
    if before is None:
        count = len(after.get("policies", {}))
        return [f"政策文件库收录文件 {count} 份。"] if count else []
    return [f"新增政策文件：{title}。" for _, title in new_policies(before, after)]


def new_policies(before: dict | None, after: dict) -> list[tuple[str, str]]:
    """(doc_id, title) of the policies first published with `after`."""
    earlier = (before or {}).get("policies", {})
    return [(doc_id, title) for doc_id, title in sorted(after.get("policies", {}).items()) if doc_id not in earlier]


# --- values ----------------------------------------------------------------------------


def yuan(amount: str) -> str:
    """"1234567.80" -> "1,234,567.80"."""
    return f"{Decimal(amount):,.2f}"


def _money(value: object) -> str:
    return f"{Decimal(str(round(float(value), 2))):.2f}"


def _plain_number(value: object) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() else f"{number:g}"


def _delta(count: int, unit: str) -> str:
    if count == 0:
        return f"{unit}数不变" if unit != "人" else "人数不变"
    return f"{'增加' if count > 0 else '减少'} {abs(count):,} {unit}"


def _delta_money(amount: Decimal) -> str:
    if amount == 0:
        return "不变"
    return f"{'增加' if amount > 0 else '减少'} {abs(amount):,.2f} 元"


def day_label(iso: str) -> str:
    """"2026-02-05" -> "2026年2月5日"."""
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def _text(value: object) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)
