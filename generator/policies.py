"""READ + CHECK: the policy library in `content/policies/*.md`.

Each file is one document: YAML front matter between `---` lines, then the
text as Markdown. The front matter follows
`datasets/schemas/policy_metadata.schema.json` (JSON Schema 2020-12). Checks
report `Problem`s; a file whose front matter cannot be read yields no `Policy`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

import yaml

from generator.problems import Problem, problem

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

DATASET = "policies"
POLICY_DIR = "content/policies"
SCHEMA_FILE = "datasets/schemas/policy_metadata.schema.json"
# The schema shipped with the generator, for projects that have not copied it.
_OWN_SCHEMA = Path(__file__).resolve().parent.parent / SCHEMA_FILE

RELATION_KEYS = ("interprets", "based_on")
DUPLICATE_BLOCK_LINES = 5
DUPLICATE_PARAGRAPH_CHARS = 200

# A year in the wrong brackets: [2007] ［2007］ 【2007】 ﹝2007﹞ 〖2007〗 (2007) （2007）.
_WRONG_YEAR_BRACKETS = re.compile(r"[\[［【﹝〖(（]\s*([0-9]{4})\s*[\]］】﹞〗)）]")
_DOC_ID = re.compile(r"^[a-z0-9-]+$")
_NOT_A_FIELD = "这不是政策文件元数据中的项目，请检查拼写或删除该项"


@dataclass(frozen=True)
class Policy:
    doc_id: str
    path: str  # display path relative to the project root, e.g. content/policies/x.md
    metadata: dict = field(hash=False)  # dates as ISO strings
    body: str


def normalize_doc_number(text: str) -> str:
    """Put the year of a 文号 in 六角括号: 吉市政发[2007]20号 -> 吉市政发〔2007〕20号."""
    return _WRONG_YEAR_BRACKETS.sub(r"〔\1〕", text)


def load_policies(root: Path) -> tuple[list[Policy], list[Problem]]:
    """Read and check every policy file under `root`, in file-name order."""
    paths = sorted((root / POLICY_DIR).glob("*.md"))
    if not paths:
        return [], []  # a data-only package: no library, nothing to check it against
    from jsonschema import Draft202012Validator, FormatChecker  # costs 0.1 s to import: only when needed

    schema, schema_problems = _load_schema(root)
    if schema is None:
        return [], schema_problems
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    policies: list[Policy] = []
    problems: list[Problem] = []
    for path in paths:
        policy, found = _load_one(path, schema, validator)
        problems.extend(found)
        if policy is not None:
            policies.append(policy)
    problems.extend(_relation_problems(policies, schema))
    return policies, problems


# --- one file -------------------------------------------------------------------


def _load_one(path: Path, schema: dict, validator: Draft202012Validator) -> tuple[Policy | None, list[Problem]]:
    display = f"{POLICY_DIR}/{path.name}"
    split = _split_front_matter(path)
    if isinstance(split, str):
        return None, [_at(display, None, "policy-front-matter-unreadable", reason=split)]
    raw, body, body_offset = split
    metadata = _iso_dates(raw)
    doc_id = metadata.get("doc_id")
    policy = Policy(
        doc_id=doc_id if isinstance(doc_id, str) else path.stem,
        path=display,
        metadata=metadata,
        body=body,
    )
    problems = [
        *_metadata_problems(metadata, path.stem, display, schema, validator),
        *_content_problems(metadata, display),
    ]
    repeat = _first_repeat(body)
    if repeat is not None:
        problems.append(_at(display, None, "policy-body-duplicated", line=body_offset + repeat + 1))
    return policy, problems


def _split_front_matter(path: Path) -> tuple[dict, str, int] | str:
    """(metadata, body, lines before the body), or the Chinese reason it failed."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        return "文件不是 UTF-8 编码，请另存为 UTF-8"
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return "文件第 1 行必须是 ---，元数据写在两行 --- 之间"
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        return "找不到结束元数据的 --- 行"
    try:
        loaded = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        # The error text may quote the file; only the line number goes to staff.
        where = f"第 {mark.line + 2} 行附近" if mark is not None else "元数据中"
        return f"{where}的写法有误（常见原因：冒号后缺少空格、缩进不一致或引号不成对）"
    if not isinstance(loaded, dict):
        return "元数据必须是“名称: 值”的形式，每项一行"
    return loaded, "\n".join(lines[end + 1 :]), end + 1


def _iso_dates(raw: dict) -> dict:
    """YAML reads unquoted 2015-10-22 as a date; JSON Schema wants text."""

    def convert(value: object) -> object:
        if isinstance(value, dt.date):  # also datetime, which then fails the date pattern
            return value.isoformat()
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    return {str(key): convert(value) for key, value in raw.items()}


def _metadata_problems(
    metadata: dict, stem: str, display: str, schema: dict, validator: Draft202012Validator
) -> list[Problem]:
    problems: list[Problem] = []
    # Wrong 文号 brackets get their own message instead of a generic pattern error.
    bracket_keys = {key for key in ("doc_number", "cites") if _has_wrong_brackets(metadata.get(key))}
    problems += [_at(display, key, "doc-number-brackets") for key in sorted(bracket_keys)]
    for error in validator.iter_errors(metadata):
        if error.validator == "required":
            missing = [name for name in error.validator_value if name not in error.instance]
            problems += [
                _at(display, name, "policy-metadata-missing", title=_title(schema, name)) for name in missing
            ]
        elif error.validator == "additionalProperties" and not error.path:
            extra = sorted(set(error.instance) - set(schema["properties"]))
            problems += [
                _at(display, key, "policy-metadata-invalid", title=key, expected=_NOT_A_FIELD)
                for key in extra
            ]
        elif error.path and error.path[0] not in bracket_keys:
            key = str(error.path[0])
            expected = _expected(schema, key, error)
            problems.append(
                _at(display, key, "policy-metadata-invalid", title=_title(schema, key), expected=expected)
            )
    doc_id = metadata.get("doc_id")
    if isinstance(doc_id, str) and _DOC_ID.match(doc_id) and doc_id != stem:
        expected = f"必须与文件名相同，本文件应填 {stem}"
        problems.append(
            _at(display, "doc_id", "policy-metadata-invalid", title=_title(schema, "doc_id"), expected=expected)
        )
    return _unique(problems)


def _content_problems(metadata: dict, display: str) -> list[Problem]:
    problems: list[Problem] = []
    signed, published = _date(metadata.get("date_signed")), _date(metadata.get("date_published"))
    if signed and published and published < signed:
        problems.append(_at(display, "date_published", "policy-dates-inconsistent"))
    if metadata.get("status") == "unknown":
        problems.append(_at(display, "status", "policy-validity-unknown"))
    if metadata.get("doc_kind") == "interpretation" and not metadata.get("interprets"):
        problems.append(_at(display, "interprets", "policy-relation-missing"))
    return problems


def _relation_problems(policies: list[Policy], schema: dict) -> list[Problem]:
    known = {p.doc_id for p in policies}
    problems = []
    for policy in policies:
        for key in RELATION_KEYS:
            targets = policy.metadata.get(key)
            if not isinstance(targets, list):
                continue  # the schema check already reported it
            for target in targets:
                # Malformed ids are schema errors; report only well-formed ids that lead nowhere.
                if isinstance(target, str) and _DOC_ID.match(target) and target not in known:
                    problems.append(
                        _at(policy.path, key, "policy-relation-broken", title=_title(schema, key), target=target)
                    )
    return problems


# --- duplicated bodies ------------------------------------------------------------


def _first_repeat(body: str) -> int | None:
    """Index (in body lines) where repeated content starts, or None.

    Web pages often show the text twice. Blank lines are ignored when
    comparing blocks, so Markdown paragraphs and raw pasted lines both count.
    """
    lines = body.split("\n")
    content = [(i, " ".join(line.split())) for i, line in enumerate(lines) if line.strip()]
    starts = []
    seen_blocks: dict[tuple[str, ...], int] = {}
    for k in range(len(content) - DUPLICATE_BLOCK_LINES + 1):
        block = tuple(text for _, text in content[k : k + DUPLICATE_BLOCK_LINES])
        first = seen_blocks.setdefault(block, k)
        if k - first >= DUPLICATE_BLOCK_LINES:  # overlapping windows are not a repeat
            starts.append(content[k][0])
            break
    seen_paragraphs: set[str] = set()
    for start, paragraph in _paragraphs(lines):
        if len(paragraph) >= DUPLICATE_PARAGRAPH_CHARS:
            if paragraph in seen_paragraphs:
                starts.append(start)
                break
            seen_paragraphs.add(paragraph)
    return min(starts, default=None)


def _paragraphs(lines: list[str]) -> list[tuple[int, str]]:
    """(first line index, text) of each blank-line separated paragraph."""
    found, start, parts = [], None, []
    for i, line in enumerate([*lines, ""]):
        if line.strip():
            start = i if start is None else start
            parts.append(line.strip())
        elif parts:
            found.append((start, "".join(parts)))
            start, parts = None, []
    return found


# --- helpers ----------------------------------------------------------------------


def _load_schema(root: Path) -> tuple[dict | None, list[Problem]]:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    path = root / SCHEMA_FILE
    if not path.exists():
        path = _OWN_SCHEMA
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, SchemaError) as error:
        reason = "不符合 JSON Schema 规范" if isinstance(error, SchemaError) else "文件缺失或不是合法的 JSON"
        found = problem("schema-invalid", dataset=DATASET, file=SCHEMA_FILE, schema=SCHEMA_FILE, reason=reason)
        return None, [found]
    return schema, []


def _has_wrong_brackets(value: object) -> bool:
    values = value if isinstance(value, list) else [value]
    return any(isinstance(v, str) and normalize_doc_number(v) != v for v in values)


def _title(schema: dict, key: str) -> str:
    return schema["properties"].get(key, {}).get("title", key)


def _expected(schema: dict, key: str, error: ValidationError) -> str:
    """What the field should hold, in Chinese; never echoes the value."""
    spec = schema["properties"].get(key, {})
    if "x-labels" in spec:
        choices = "、".join(f"{code}（{label}）" for code, label in spec["x-labels"].items())
        return f"只能填写以下代码之一：{choices}"
    if "x-expected" in spec:
        return spec["x-expected"]
    if error.validator == "minLength":
        return "不能为空"
    if error.validator == "type":
        return "应为一段文字"
    return spec.get("description", "请对照说明修改")


def _date(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _at(display: str, column: str | None, code: str, **details: object) -> Problem:
    return problem(code, dataset=DATASET, file=display, row=None, column=column, **details)


def _unique(problems: list[Problem]) -> list[Problem]:
    """One message per field: a bad date fails both its pattern and its format."""
    return list(dict.fromkeys(problems))
