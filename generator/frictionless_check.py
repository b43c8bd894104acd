"""The reference: frictionless' own findings, to prove `tableschema` equal to it.

The only module of the project that imports frictionless (slow: about 40 s per
million rows). Tests and the benchmark compare findings as
`(resource name, row number, field name, frictionless error type)` tuples.
With `detailed=True` a constraint error also names its constraint
(`constraint-error:pattern`), which makes comparisons stricter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import frictionless
from frictionless import system

from generator.problems import Problem
from generator.reading import LABEL_REASONS

Finding = tuple[str, int | None, str | None, str]

_ROW_LEVEL = {"blank-row", "primary-key", "foreign-key"}
_CELL_TYPES = {
    "wrong-type": "type-error",
    "duplicate-value": "unique-error",
    "missing-cell": "missing-cell",
    "extra-cell": "extra-cell",
    "blank-row": "blank-row",
    "duplicate-key": "primary-key",
    "missing-key": "primary-key",
    "unknown-reference": "foreign-key",
    "objection-phone-unofficial": "foreign-key",
}
_CONSTRAINT_CODES = {
    "required-missing": ("required",),
    "not-in-code-list": ("enum",),
    "wrong-format": ("pattern",),
    "out-of-range": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"),
    "wrong-length": ("minLength", "maxLength"),
    "name-not-masked": ("pattern",),  # the pattern of a masked-name column, reported as a privacy problem
}
_CONSTRAINT_NOTE = re.compile(r'constraint "(\w+)"')


def frictionless_findings(
    package_path: Path, resource_names: list[str] | None = None, *, detailed: bool = False
) -> list[Finding]:
    """Every error frictionless reports for the named resources (all by default)."""
    findings: list[Finding] = []
    with system.use_context(trusted=True):
        package = frictionless.Package(str(package_path))
        names = resource_names if resource_names is not None else [r.name for r in package.resources]
        for name in names:
            report = package.get_resource(name).validate(limit_errors=10**9)
            for task in report.tasks:
                findings += [_finding(name, error, detailed) for error in task.errors]
            findings += [(name, None, None, error.type) for error in report.errors]
    return findings


def _finding(name: str, error: frictionless.Error, detailed: bool) -> Finding:
    kind = error.type
    if detailed and kind == "constraint-error":
        match = _CONSTRAINT_NOTE.search(error.note)
        kind = f"{kind}:{match.group(1)}" if match else kind
    row = getattr(error, "row_number", None)
    field = None if kind in _ROW_LEVEL else getattr(error, "field_name", None)
    return (name, row, field, kind)


def as_frictionless_findings(problems: Iterable[Problem], *, detailed: bool = False) -> list[Finding]:
    """Our problems in frictionless' terms (codes without an equivalent stay `sunshine:<code>`)."""
    findings: list[Finding] = []
    for p in problems:
        name = p.dataset or ""
        if p.code == "header-mismatch":
            kind = _label_kind(p.message)
            findings.append((name, None, "" if kind == "extra-label" else p.column, kind))
        elif p.code in _CONSTRAINT_CODES:
            kind = "constraint-error"
            if detailed:
                kind += ":" + _constraint_name(p)
            findings.append((name, p.row, p.column, kind))
        elif p.code in _CELL_TYPES:
            kind = _CELL_TYPES[p.code]
            field = None if kind in _ROW_LEVEL else ("" if kind == "extra-cell" else p.column)
            findings.append((name, p.row, field, kind))
        else:
            findings.append((name, p.row, p.column, f"sunshine:{p.code}"))
    return findings


def _label_kind(message: str) -> str:
    for kind, template in LABEL_REASONS.items():
        pattern = re.escape(template)
        pattern = re.sub(r"\\\{\w+\\\}", ".*?", pattern)
        if re.search(pattern, message):
            return kind
    return "header-error"


def _constraint_name(p: Problem) -> str:
    names = _CONSTRAINT_CODES[p.code]
    if len(names) == 1:
        return names[0]
    words = {"不小于": "minimum", "不大于": "maximum", "大于": "exclusiveMinimum", "小于": "exclusiveMaximum",
             "至少": "minLength", "最多": "maxLength"}
    for word, constraint in words.items():  # longest words first, so 不小于 wins over 小于
        if word in p.message:
            return constraint
    return names[0]
