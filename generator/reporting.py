"""Render a Report for people (text), programs (JSON) and CI (GitHub annotations).

None of the formats prints a cell value: messages are built from the code
catalogue and non-personal details only, so reports are safe in CI logs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable

from generator.problem_codes import CATALOGUE
from generator.problems import Problem, Report

ROWS_SHOWN = 40  # rows listed per group in text output; the rest are counted, never hidden silently

SEVERITY_LABEL = {"error": "错误", "warning": "警告"}


def summary(report: Report, *, strict: bool, checked: dict[str, int] | None = None) -> dict:
    by_code: dict[str, int] = defaultdict(int)
    for p in report:
        by_code[p.code] += 1
    result = {
        "publishable": report.publishable(strict=strict),
        "strict": strict,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "by_code": dict(sorted(by_code.items())),
    }
    if checked is not None:
        result.update(checked)
    return result


def to_json(report: Report, *, strict: bool, checked: dict[str, int] | None = None) -> str:
    data = {
        "problems": [p.as_dict() for p in report],
        "summary": summary(report, strict=strict, checked=checked),
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_github(report: Report) -> str:
    """GitHub workflow commands, one per problem (GitLab shows them as plain lines)."""
    lines = []
    for p in report:
        command = "error" if p.severity == "error" else "warning"
        props = []
        if p.file:
            props.append(f"file={_escape_property(p.file)}")
        if p.row is not None:
            props.append(f"line={p.row}")
        props.append(f"title={_escape_property(p.code + ' ' + CATALOGUE[p.code].title)}")
        where = f"列「{p.column}」：" if p.column else ""
        lines.append(f"::{command} {','.join(props)}::{_escape_data(where + p.message)}")
    return "\n".join(lines)


def to_text(report: Report, *, strict: bool, checked: dict[str, int] | None = None) -> str:
    """Grouped by code, then by file and column, with the row list."""
    out: list[str] = []
    groups: dict[str, list[Problem]] = defaultdict(list)
    for p in report:
        groups[p.code].append(p)
    order = sorted(groups, key=lambda c: (CATALOGUE[c].severity != "error", c))
    for code in order:
        entry = CATALOGUE[code]
        items = groups[code]
        out.append(f"【{SEVERITY_LABEL[entry.severity]}】{entry.title}（{code}），共 {len(items)} 处")
        for (file, column, message), rows in _by_place(items):
            place = file or "（项目）"
            if column:
                place += f"，列「{column}」"
            out.append(f"  · {place}：{message}")
            if rows:
                out.append(f"    行：{_row_list(rows)}")
        out.append(f"  怎么改：{entry.fix}")
        out.append("")
    out.append(verdict(report, strict=strict, checked=checked))
    return "\n".join(out)


def _by_place(items: Iterable[Problem]) -> list[tuple[tuple, list[int]]]:
    places: dict[tuple, list[int]] = defaultdict(list)
    for p in items:
        rows = places[(p.file, p.column, p.message)]
        if p.row is not None:
            rows.append(p.row)
    return sorted(places.items(), key=lambda kv: (kv[0][0] or "", kv[0][1] or "", kv[0][2]))


def _row_list(rows: list[int]) -> str:
    """'3、5–9、12' with ranges; long lists end with an explicit count."""
    rows = sorted(set(rows))
    spans: list[str] = []
    start = prev = rows[0]
    for row in rows[1:] + [None]:
        if row is not None and row == prev + 1:
            prev = row
            continue
        spans.append(str(start) if start == prev else f"{start}–{prev}")
        if row is not None:
            start = prev = row
    text = "、".join(spans[:ROWS_SHOWN])
    if len(spans) > ROWS_SHOWN:
        text += f" …… 等共 {len(rows)} 行（完整列表：sunshine validate --format json）"
    return text


def verdict(report: Report, *, strict: bool, checked: dict[str, int] | None) -> str:
    counted = ""
    if checked:
        counted = f"共检查 {checked.get('files', 0)} 个文件、{checked.get('rows', 0):,} 行。"
    tally = f"{len(report.errors)} 个错误，{len(report.warnings)} 个警告。"
    if report.publishable(strict=strict):
        if report.warnings:
            return f"{counted}{tally}可以发布（警告不阻止发布；加 --strict 时警告也会阻止）。"
        return f"{counted}没有发现问题，可以发布。"
    reason = "有错误" if report.errors else "严格模式（--strict）下有警告"
    return f"{counted}{tally}{reason}，不能发布。请按上面的说明修改后重新运行 sunshine validate。"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
