"""/policies/: the policy library with the 政府信息公开 metadata of each document."""

from __future__ import annotations

import jinja2

from generator.context import SiteContext
from generator.policies import Policy

CATEGORY_LABEL = {
    "comprehensive": "社会救助综合", "dibao": "最低生活保障", "tekun": "特困人员救助供养",
    "linshi": "临时救助", "funds": "资金管理", "planning": "规划",
}
STATUS_LABEL = {"in_force": "有效", "amended": "已修订", "repealed": "废止", "expired": "失效", "unknown": "未标注"}
KIND_LABEL = {"interpretation": "解读", "plan": "规划"}
METADATA_FIELDS = [
    ("index_no", "索引号"), ("doc_number", "发文字号"), ("doc_number_original", "原页面文号写法"),
    ("issuer", "发布机构"), ("date_signed", "成文日期"), ("date_published", "发布日期"),
    ("date_effective", "施行日期"), ("page_date", "原页面日期"), ("page_date_note", "日期说明"),
    ("date_note", "日期说明"), ("status", "是否有效"), ("category", "类别"), ("source", "来源"),
    ("source_url", "原文链接"), ("attachments_note", "附件"),
]


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    views = [policy_view(p, ctx.policies) for p in ctx.policies]
    pages = {"policies/index.md": env.get_template("policies/index.md.j2").render(
        policies=views, groups=_groups(views), facets=_facets(views))}
    for view in views:
        pages[f"policies/{view['doc_id']}.md"] = env.get_template("policies/page.md.j2").render(p=view)
    return pages


def policy_view(policy: Policy, library: tuple[Policy, ...]) -> dict:
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


def _groups(views: list[dict]) -> list[dict]:
    ordered = sorted(views, key=lambda p: (p["date_published"] or ""), reverse=True)
    return [
        {"label": label, "documents": [p for p in ordered if p["category"] == code]}
        for code, label in CATEGORY_LABEL.items()
        if any(p["category"] == code for p in ordered)
    ]


def _facets(views: list[dict]) -> list[dict]:
    """Static filters that work without JavaScript: year, issuer and validity."""
    def year(p: dict) -> str:
        return f"{p['date_published'][:4]} 年" if p["date_published"] else "未注明发布日期"

    facets = []
    for facet_id, label, key, newest_first in (
        ("by-year", "按发布年份", year, True),
        ("by-issuer", "按发布机构", lambda p: p["issuer"] or "未注明发布机构", False),
        ("by-status", "按是否有效", lambda p: p["status_label"], False),
    ):
        values: dict[str, list[dict]] = {}
        for p in sorted(views, key=lambda p: p["date_published"] or "", reverse=True):
            values.setdefault(key(p), []).append(p)
        known = sorted((v for v in values if not v.startswith("未")), reverse=newest_first)
        ordered = known + sorted(v for v in values if v.startswith("未"))  # "not stated" last
        facets.append({"id": facet_id, "label": label,
                       "options": [{"label": v, "documents": values[v]} for v in ordered]})
    return facets
