"""RENDER: checked data and policies → Markdown pages, as a dict of
{relative path: text}. Pure: writing them is the pipeline's job, and tests
compare the dict with golden files."""

from __future__ import annotations

import html
from pathlib import Path

import jinja2

from generator.catalog import Package
from generator.layout import FAMILIES
from generator.policies import Policy
from generator.problem_codes import CATALOGUE

TEMPLATES = Path(__file__).resolve().parents[1] / "site_templates"

CATEGORY_LABEL = {
    "comprehensive": "社会救助综合", "dibao": "最低生活保障", "tekun": "特困人员救助供养",
    "linshi": "临时救助", "funds": "资金管理", "planning": "规划",
}
STATUS_LABEL = {"in_force": "有效", "amended": "已修订", "repealed": "废止", "expired": "失效", "unknown": "未标注"}
KIND_LABEL = {"interpretation": "解读", "plan": "规划"}
TYPE_LABEL = {"string": "文本", "integer": "整数", "number": "数值", "boolean": "是/否", "date": "日期", "year": "年份"}
METADATA_FIELDS = [
    ("index_no", "索引号"), ("doc_number", "发文字号"), ("doc_number_original", "原页面文号写法"),
    ("issuer", "发布机构"), ("date_signed", "成文日期"), ("date_published", "发布日期"),
    ("date_effective", "施行日期"), ("page_date", "原页面日期"), ("page_date_note", "日期说明"),
    ("status", "是否有效"), ("category", "类别"), ("source", "来源"), ("source_url", "原文链接"),
    ("attachments_note", "附件"),
]


def render(package: Package, policies: list[Policy]) -> dict[str, str]:
    env = _environment()
    meta = package.descriptor.get("sunshine", {})
    policy_views = [_policy_view(p, policies) for p in policies]
    datasets = _dataset_views(package)
    pages = {
        "index.md": env.get_template("index.md.j2").render(
            county_name=meta.get("county_name", ""), publisher=meta.get("publisher", "民政部门"),
            demo=meta.get("demo", False), policy_count=len(policies), dataset_count=len(datasets),
            period_range=_period_range(package),
            newest_policies=sorted(policy_views, key=lambda p: p["date_published"] or "", reverse=True)[:5],
        ),
        "policies/index.md": env.get_template("policies/index.md.j2").render(
            policies=policy_views, groups=_policy_groups(policy_views),
        ),
        "data/index.md": env.get_template("data/index.md.j2").render(
            datasets=datasets, description=package.descriptor.get("description", ""),
            license=_license(package),
        ),
        "help/problem-codes.md": env.get_template("help/problem-codes.md.j2").render(groups=problem_code_groups()),
    }
    for view in policy_views:
        pages[f"policies/{view['doc_id']}.md"] = env.get_template("policies/page.md.j2").render(p=view)
    for view in datasets:
        pages[f"data/{view['family']}.md"] = env.get_template("data/dataset.md.j2").render(d=view)
    return pages


def problem_code_groups() -> list[dict]:
    groups: dict[str, list] = {}
    for entry in CATALOGUE.values():
        groups.setdefault(entry.group, []).append(entry)
    return [{"label": label, "codes": codes} for label, codes in groups.items()]


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, autoescape=False,
    )
    env.filters["text"] = lambda value: html.escape(str(value), quote=False)
    env.filters["cell"] = _cell
    env.filters["yaml_string"] = lambda value: '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    return env


def _cell(value: object) -> str:
    """Safe inside a Markdown table cell: no HTML, no column breaks."""
    text = "" if value is None else str(value)
    return html.escape(text, quote=False).replace("|", "&#124;").replace("\n", " ")


def _policy_view(policy: Policy, library: list[Policy]) -> dict:
    meta = policy.metadata
    by_id = {p.doc_id: p for p in library}
    rows = []
    for key, label in METADATA_FIELDS:
        value = meta.get(key)
        if value in (None, ""):
            continue
        if key == "status":
            value = STATUS_LABEL.get(value, value)
        elif key == "category":
            value = CATEGORY_LABEL.get(value, value)
        rows.append((label, value))
    relations = [
        (label, {"doc_id": target, "title": by_id[target].metadata.get("title", target)})
        for key, label in (("interprets", "解读的文件"), ("based_on", "依据"))
        for target in meta.get(key) or []
        if target in by_id
    ]
    relations += [
        ("相关解读", {"doc_id": other.doc_id, "title": other.metadata.get("title", other.doc_id)})
        for other in library
        if policy.doc_id in (other.metadata.get("interprets") or [])
    ]
    return {
        "doc_id": policy.doc_id,
        "title": meta.get("title", policy.doc_id),
        "doc_number": meta.get("doc_number"),
        "issuer": meta.get("issuer", ""),
        "date_published": meta.get("date_published"),
        "status": meta.get("status"),
        "status_label": STATUS_LABEL.get(meta.get("status"), "未标注"),
        "status_note": meta.get("status_note"),
        "category": meta.get("category"),
        "kind_label": KIND_LABEL.get(meta.get("doc_kind"), ""),
        "script": meta.get("script"),
        "notes": meta.get("notes"),
        "metadata_rows": rows,
        "relations": relations,
        "body": _strip_title(policy.body),
    }


def _strip_title(body: str) -> str:
    """The page template prints the title; drop a leading '# …' line of the body."""
    lines = body.strip("\n").splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip("\n") + "\n"


def _policy_groups(views: list[dict]) -> list[dict]:
    ordered = sorted(views, key=lambda p: (p["date_published"] or ""), reverse=True)
    groups = []
    for code, label in CATEGORY_LABEL.items():
        items = [p for p in ordered if p["category"] == code]
        if items:
            groups.append({"label": label, "documents": items})
    return groups


def _dataset_views(package: Package) -> list[dict]:
    views = []
    for family in FAMILIES:
        resources = package.family(family)
        if not resources:
            continue
        schema = resources[0].schema
        periods = [r.period for r in resources if r.period]
        views.append({
            "family": family,
            "title": FAMILIES[family][1],
            "description": schema.get("description", ""),
            "files": len(resources),
            "periods": f"{periods[0]} 至 {periods[-1]}" if len(periods) > 1 else (periods[0] if periods else ""),
            "fields": [_field_view(f) for f in schema["fields"]],
            "primary_key": "、".join(f"`{k}`" for k in schema.get("primaryKey") or []),
        })
    return views


def _field_view(field: dict) -> dict:
    codes = "；".join(f"`{c['value']}` {c['label']}" for c in field.get("categories") or [])
    return {
        "name": field["name"],
        "title": field.get("title", ""),
        "type_label": TYPE_LABEL.get(field.get("type", "string"), field.get("type", "")),
        "required": (field.get("constraints") or {}).get("required", False),
        "unit": field.get("unit", ""),
        "description": field.get("description", ""),
        "codes": codes,
    }


def _period_range(package: Package) -> str:
    months = sorted({r.period for r in package.resources if r.period and len(r.period) == 7})
    return f"{months[0]} 至 {months[-1]}" if months else "暂无月度数据"


def _license(package: Package) -> str:
    licenses = package.descriptor.get("licenses") or []
    return "、".join(item.get("title") or item.get("name", "") for item in licenses) or "未注明"
