"""Reconciliation: every raw row accounted for, the sums, and the raw file's own
合计 row compared with them. Only counts, sums, row numbers and header texts
are ever shown, never a cell of a person."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from generator.ingest import values
from generator.ingest.headers import Header
from generator.ingest.households import Households
from generator.ingest.rows import Body
from generator.problems import Problem, problem
from generator.rules import yuan

CHANGE_LABEL = {"new": "新增", "stop": "停保", "increase": "增发", "decrease": "减发", "standard_uplift": "提标"}
_HOUSEHOLDS = re.compile(r"(?:共)?(\d+)户")


@dataclass(frozen=True)
class Totals:
    households: int
    persons: int
    amount_fen: int


def compare_total(body: Body, header: Header, found: Households, file: str, program: str
                  ) -> tuple[list[Problem], list[str]]:
    """The raw 合计 row against the sums of the household rows: problems, and what was compared."""
    if body.total is None:
        return [], []
    checks = []
    persons, _ = values.count(body.total.get("household_size")) if program != "tekun" else (None, None)
    if persons is not None:
        checks.append(("household_size", "人数", persons, found.persons))
    amount, _ = values.money_fen(body.total.get("amount"))
    if amount is not None:
        checks.append(("amount", "金额（元）", amount, found.amount_fen))
    for name in ("name", "id_number"):
        match = _HOUSEHOLDS.fullmatch(values.text(body.total.get(name)))
        if match:
            checks.append((name, "户数", int(match.group(1)), found.households))
    problems = []
    for field, what, declared, computed in checks:
        if declared != computed:
            show = (lambda v: yuan(v / 100)) if field == "amount" else str
            problems.append(problem("ingest-total-mismatch", file=file, row=body.total_row,
                                    column=header.label(field), what=what, declared=show(declared),
                                    computed=show(computed)))
    return problems, [what for _, what, _, _ in checks]


def describe(*, file: str, source: str, header: Header, body: Body, found: Households, written: int,
             compared: list[str], changes: pd.DataFrame | None, changes_basis: str, program_title: str,
             month: str) -> list[str]:
    header_rows = f"第 {header.top + 1} 行" if header.depth == 1 else f"第 {header.top + 1}–{header.top + 2} 行"
    lines = [f"读取：{file}（{source}），表头在{header_rows}。"]
    parts = [f"写入名册 {written:,} 行"]
    if len(found.stops):
        parts.append(f"停保记录 {len(found.stops):,} 行")
    if found.excluded:
        parts.append(f"不公开 {len(found.excluded):,} 行")
    parts.append(f"跳过 {len(body.skipped):,} 行")
    lines.append(f"行数：表头以下共 {body.rows_read:,} 行 = " + " + ".join(parts) + "。")
    for skipped in sorted(body.skipped + found.excluded, key=lambda s: s.row):
        lines.append(f"  第 {skipped.row} 行：{skipped.reason}")
    lines.append(f"{month} {program_title}：{found.households:,} 户，{found.persons:,} 人，金额 {yuan(found.amount_fen / 100)} 元"
                 + (f"（其中公开名册 {written:,} 户）" if written != found.households else "") + "。")
    if body.total is not None and compared:
        lines.append(f"合计行（第 {body.total_row} 行）的{'、'.join(compared)}与各行相加一致。")
    elif body.total is not None:
        lines.append(f"合计行（第 {body.total_row} 行）没有可以核对的户数、人数或金额。")
    elif any(s.reason == "小计行" for s in body.skipped):
        lines.append("名册只有小计行、没有总的合计行，未与合计核对。")
    else:
        lines.append("名册没有合计行，未与合计核对。")
    if changes is None:
        lines.append(changes_basis)
    else:
        counts = changes["change_type"].value_counts()
        listed = "，".join(f"{label} {int(counts.get(kind, 0)):,} 户" for kind, label in CHANGE_LABEL.items())
        lines.append(f"本月变动（{changes_basis}）：{listed}。")
    if header.unknown:
        lines.append("未导入的列：" + "、".join(header.unknown) + "。")
    dropped = [header.label(f) for f in ("phone", "bank_account", "address", "remarks", "category")
               if header.label(f)]
    if dropped:
        lines.append("已读取但不公开的列：" + "、".join(dropped) + "。")
    return lines
