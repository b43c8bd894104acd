"""Turn `sunshine validate --format json` into a GitLab Code Quality report
(shown in the merge request) and print the usual text report for the job log.

    .venv/bin/python .ci/codequality.py sunshine-validate.json gl-code-quality-report.json

Like every Sunshine report, neither output contains a cell value: both are made
from the problems' codes, places and catalogue messages.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from generator import reporting
from generator.problem_codes import CATALOGUE
from generator.problems import Problem, Report, Severity


def problems_from_json(data: dict) -> list[Problem]:
    return [
        Problem(**{**item, "severity": Severity(item["severity"])})
        for item in data["problems"]
    ]


def severity(problem: Problem, *, strict: bool) -> str:
    """GitLab's scale: errors block publishing; warnings block it only in strict mode."""
    if problem.severity is Severity.ERROR:
        return "blocker"
    return "critical" if strict else "minor"


def code_quality(problems: list[Problem], *, strict: bool) -> list[dict]:
    issues = []
    for p in problems:
        where = f"列「{p.column}」：" if p.column else ""
        key = "\0".join(str(v) for v in (p.code, p.file, p.row, p.column, p.message))
        location: dict = {"path": p.file or "datasets/datapackage.json", "lines": {"begin": p.row or 1}}
        issues.append({
            "description": f"{CATALOGUE[p.code].title}（{p.code}）：{where}{p.message}",
            "check_name": p.code,
            "fingerprint": hashlib.sha256(key.encode("utf-8")).hexdigest()[:32],
            "severity": severity(p, strict=strict),
            "location": location,
        })
    return issues


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("用法：codequality.py sunshine校验报告.json 输出.json", file=sys.stderr)
        return 2
    source, target = Path(argv[0]), Path(argv[1])
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
        problems = problems_from_json(data)
    except (OSError, ValueError, KeyError, TypeError) as error:
        target.write_text("[]\n", encoding="utf-8")
        print(f"读不了校验报告 {source}（sunshine validate 没有正常结束？）：{error}", file=sys.stderr)
        return 1
    summary = data.get("summary", {})
    strict = bool(summary.get("strict"))
    target.write_text(
        json.dumps(code_quality(problems, strict=strict), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    checked = {k: summary[k] for k in ("files", "rows") if k in summary} or None
    print(reporting.to_text(Report(problems), strict=strict, checked=checked))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
