"""`sunshine ingest`: a month's raw roster in, anonymized publishable files out.

The recipe (`ingest`): open the project → refuse a month already ingested
(unless --replace) → read the raw file, find its header, parse every row →
mask names, code places, make references → check the new roster with the
project's own schema and roster rules → compute the month's changes against
last month → check the whole staged package as `sunshine validate` would →
only then write (roster, changes, private state, datapackage.json last).
Any problem on the way: nothing is written, and every problem found is
reported at once, in Chinese, with the raw file's row and header text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from generator.catalog import Package
from generator.ingest import changes as change_rules
from generator.ingest.fields import PROGRAM_TITLE
from generator.ingest.headers import SCAN_ROWS, Header, find_header, load_project_headers, vocabulary
from generator.ingest.households import Households, build, column_problems
from generator.ingest.project import Project, open_project
from generator.ingest.reading import read_grid
from generator.ingest.refs import load_secret, state_key
from generator.ingest.roster import REF_COLUMN, csv_bytes, publish
from generator.ingest.rows import Body, split_body
from generator.ingest.state import read_state, state_bytes, state_path
from generator.ingest.summary import compare_total, describe
from generator.ingest.verifying import RawPlace, Staging, package_problems, roster_problems
from generator.ingest.writing import Plan, commit, updated_descriptor
from generator.ingest.values import month as parse_month
from generator.ingest.values import text
from generator.layout import STANDARD_SCHEMAS, Entry
from generator.problems import Problem, Severity, problem
from generator.reading import read_table

PROGRAMS = ("dibao", "tekun", "linshi")
_TITLE_MONTH = re.compile(r"(\d{4})年(\d{1,2})月")


@dataclass
class Outcome:
    ok: bool
    problems: list[Problem] = field(default_factory=list)  # errors (ok is False) or new warnings
    lines: list[str] = field(default_factory=list)  # the reconciliation summary
    notes: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)


def ingest(raw_file: Path, *, program: str, month: str, root: Path, previous: Path | None = None,
           replace: bool = False, progress: Callable[[str], None] | None = None) -> Outcome:
    say = progress or (lambda _message: None)
    project, problems = open_project(root)
    if project is None:
        return Outcome(False, problems)
    replaced, problems = _replacement(project.package, program, month, replace)
    extra, header_problems = load_project_headers(root)
    if problems or header_problems:
        return Outcome(False, problems + header_problems)
    words = vocabulary(program, extra)
    secret, new_secret = load_secret(root)

    say(f"读取 {raw_file.name}")
    current = read_roster(raw_file, program, month, project, words, say)
    prior = None
    if previous is not None:
        say(f"读取上月名册 {previous.name}")
        prior = read_roster(previous, program, change_rules.previous_month(month), project, words, say)
    problems = current.problems + (prior.problems if prior else [])
    if current.households is None or (prior and prior.households is None):
        return Outcome(False, problems)
    say("生成本月核对码")
    published = publish(program, month, current.households, secret, _columns(project.package, program))
    problems += _overlaps(project, program, month, published.refs, current.header, raw_file.name)
    say("计算本月变动")
    month_changes, basis, change_problems = _changes(project, program, month, secret, current, prior)
    problems += change_problems

    entry = Entry(program, month)
    files = {entry.path: csv_bytes(published.table)}
    place = RawPlace(raw_file.name, current.header, published.raw_rows, f"datasets/{entry.path}")
    remove = {Entry(program, month).name, Entry(f"changes_{program}", month).name}
    with Staging(root) as staging:
        say("按表结构和名册规则检查本月名册")
        staging.lay_out(_with_schemas(root, files, [entry]),
                        updated_descriptor(project.package.descriptor, remove, [entry]))
        problems += roster_problems(staging, project, entry.name, month, place)
        if _errors(problems):
            return Outcome(False, _errors(problems))

        entries = [entry]
        if month_changes is not None:
            entries.append(Entry(f"changes_{program}", month))
            files[entries[-1].path] = csv_bytes(month_changes)
        files = _with_schemas(root, files, entries)
        descriptor = updated_descriptor(project.package.descriptor, remove, entries)
        say("检查导入后的整个数据包（与 sunshine validate 相同）")
        staging.lay_out(files, descriptor)
        checked = package_problems(project, staging, month, place)
        if checked.errors:
            return Outcome(False, checked.errors)

    plan = Plan(root=root, program=program, month=month, files=files,
                obsolete=[p for p in replaced if p not in files], descriptor=descriptor,
                state_file=state_path(root, program, month),
                state=state_bytes(_keyed(current.households, secret)) if program != "linshi" else None,
                new_secret=secret if new_secret else None, replaced=replaced, raw_file=raw_file.name)
    say("写入文件")
    written = commit(plan)
    lines = describe(file=raw_file.name, source=current.source, header=current.header, body=current.body,
                     found=current.households, written=len(published.table), compared=current.compared,
                     changes=month_changes, changes_basis=basis, program_title=PROGRAM_TITLE[program], month=month)
    return Outcome(True, checked.warnings, lines, _notes(plan, checked.followers, month, written), written)


@dataclass
class RosterRead:
    problems: list[Problem]
    source: str = ""
    header: Header | None = None
    body: Body | None = None
    households: Households | None = None
    compared: list[str] = field(default_factory=list)


def read_roster(path: Path, program: str, month: str, project: Project, words,
                say: Callable[[str], None] = lambda _message: None) -> RosterRead:
    """One raw file → households, with every problem of its rows."""
    display = path.name
    grid, problems = read_grid(path, display)
    if grid is None:
        return RosterRead(problems)
    say(f"{display}：{len(grid.rows):,} 行，识别表头，逐行解析、脱敏、核对区划")
    header = find_header(grid.rows, words)
    if header is None:
        return RosterRead([problem("ingest-header-not-found", file=display, rows=SCAN_ROWS)])
    problems = column_problems(program, header, words, display)
    if problems:
        return RosterRead(problems, grid.source, header)
    problems = _title_month(grid.rows[:header.top], month, display)
    body = split_body(grid.rows, header, words)
    households = build(body, program, month, header, project.areas, display)
    # Sums over some rows only would be a misleading mismatch: compared once every row is read.
    total_problems, compared = compare_total(body, header, households, display, program) \
        if not households.problems else ([], [])
    return RosterRead(problems + households.problems + total_problems, grid.source, header, body, households,
                      compared)


def _title_month(rows: list[list[object]], month: str, file: str) -> list[Problem]:
    """A title such as “阳光县2025年3月城乡低保名册” must name the month being ingested."""
    for index, row in enumerate(rows):
        for cell in row:
            match = _TITLE_MONTH.search(text(cell)) if isinstance(cell, str) else None
            found = parse_month(match.group(0))[0] if match else None
            if found and found != month:
                return [problem("ingest-month-mismatch", file=file, row=index + 1, where="标题",
                                found=found, month=month)]
    return []


def _replacement(package: Package, program: str, month: str, replace: bool) -> tuple[list[str], list[Problem]]:
    """Files of this month that would be replaced; a refusal unless --replace."""
    existing = [r for r in package.family(program) if r.period == month]
    if not existing:
        return [], []
    title = PROGRAM_TITLE[program]
    if not replace:
        return [], [problem("ingest-already-ingested", file=existing[0].display_path, month=month, program=title,
                            path=existing[0].display_path)]
    later = [p for p in package.periods(program) if p > month]
    if later:
        return [], [problem("ingest-replace-not-latest", file=existing[0].display_path, program=title,
                            later=later[-1], month=month)]
    changes = [r for r in package.family(f"changes_{program}") if r.period == month]
    return [r.path for r in existing + changes], []


def _changes(project: Project, program: str, month: str, secret: bytes, current: RosterRead,
             prior: RosterRead | None) -> tuple[pd.DataFrame | None, str, list[Problem]]:
    """The month's changes, a sentence on what they are based on, or the problem that they cannot be made."""
    title = PROGRAM_TITLE[program]
    if program == "linshi":
        return None, "临时救助没有动态管理变动记录。", []
    previous = change_rules.previous_month(month)
    if previous not in project.package.periods(program):
        return None, f"数据包中没有 {previous} 的{title}名册：本月是第一个月，不写变动记录。", []
    if prior is not None:
        before, basis = _keyed(prior.households, secret), "与 --previous 指定的上月名册逐户比较"
    else:
        before, basis = read_state(project.root, program, previous), "与上月导入时保存的记录逐户比较"
        if before is None:
            resource = project.package.family(program)[-1]
            return None, "", [problem("ingest-previous-missing", file=resource.display_path, previous=previous,
                                      program=title, month=month)]
    stops = current.households.stops
    reasons = {state_key(secret, i): r for i, r in zip(stops["id_number"], stops["stop_reason_public"])}
    result = change_rules.compute(program, month, before, _keyed(current.households, secret), reasons,
                                  project.standards)
    return result, basis, []


def _keyed(households: Households, secret: bytes) -> pd.DataFrame:
    frame = households.frame
    return pd.DataFrame({
        "key": [state_key(secret, i) for i in frame["id_number"]],
        "village_code": frame["village_code"].astype(str),
        "household_size": frame["household_size"].astype("int64"),
        "amount_fen": frame["amount_fen"].astype("int64"),
        "urban_rural": frame["urban_rural"],
        "tekun_mode": frame["tekun_mode"],
    })


def _overlaps(project: Project, program: str, month: str, refs: pd.Series, header: Header, file: str
              ) -> list[Problem]:
    """A household in 低保 and 特困 of the same month (refs of both come from the same secret)."""
    if program == "linshi":
        return []
    other = "tekun" if program == "dibao" else "dibao"
    resources = [r for r in project.package.family(other) if r.period == month]
    if not resources:
        return []
    raw, _ = read_table(resources[0], project.root)
    if raw is None or REF_COLUMN[other] not in raw.header:
        return []
    theirs = dict(zip(raw.cells[raw.header.index(REF_COLUMN[other])].tolist(), raw.rows.tolist()))
    return [problem("ingest-overlap", file=file, row=int(row), column=header.label("id_number"),
                    month=month, other=PROGRAM_TITLE[other],
                    path=resources[0].display_path, other_row=int(theirs[ref]))
            for row, ref in refs.items() if ref in theirs]


def _columns(package: Package, program: str) -> list[str] | None:
    existing = package.family(program)
    return [f["name"] for f in existing[-1].schema["fields"]] if existing else None


def _with_schemas(root: Path, files: dict[str, bytes], entries: list[Entry]) -> dict[str, bytes]:
    """Add the standard Table Schema of a new kind of file the project does not have yet."""
    added = dict(files)
    for entry in entries:
        if not (root / "datasets" / entry.schema).is_file():
            added[entry.schema] = (STANDARD_SCHEMAS / entry.schema.removeprefix("schemas/")).read_bytes()
    return added


def _errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity is Severity.ERROR]


def _notes(plan: Plan, followers: list[str], month: str, written: list[str]) -> list[str]:
    notes = ["已写入：" + "、".join(written)]
    if plan.replaced:
        notes.append(f"原来的 {month} 文件已保存为修订版本：{written[0]}/（含说明 revision.json）。")
    if plan.new_secret is not None:
        notes.append("已生成本项目的密钥 .private/secret。.private/ 文件夹保存密钥和每月的比对记录，"
                     "请另行安全备份，切勿提交到版本库或公开。")
    if followers:
        notes.append(f"数据包中还有{'、'.join(followers)}，{month} 的这些文件还没有登记；"
                     "补齐之前 sunshine validate 会报告“缺少某个月的数据”。")
    return notes
