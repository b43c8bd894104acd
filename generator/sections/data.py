"""/data/: the open-data index, one page per published dataset (data
dictionary, downloads in four formats, licence, how to cite, schema.org
Dataset JSON-LD), the download files themselves, and the format pages of the
source families that are not published (rosters, change records)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

import jinja2

from generator import downloads
from generator.context import SiteContext
from generator.layout import FAMILIES

TYPE_LABEL = downloads.TYPE_LABEL
# Source families described (submission format) but never offered for download.
FORMAT_ONLY = {
    "dibao": ("名册含个人信息，不提供下载。", "caseload_monthly"),
    "tekun": ("名册含个人信息，不提供下载。", "caseload_monthly"),
    "linshi": ("名册含个人信息，不提供下载。", "caseload_monthly"),
    "changes_dibao": ("变动明细不提供下载。", "changes_monthly"),
    "changes_tekun": ("变动明细不提供下载。", "changes_monthly"),
}


@dataclass(frozen=True)
class Published:
    """What writing the download files leaves for the pages: each dataset
    without its rows, and the size of each file (path relative to the docs)."""
    datasets: tuple[downloads.DatasetInfo, ...]
    sizes: dict[str, int]


def publish(ctx: SiteContext, keep: Callable[[str, bytes], None]) -> Published:
    """Make every download file and hand each to `keep` (which writes it, or
    holds it for the tests) as soon as it is made."""
    datasets = downloads.published_datasets(ctx)
    sizes = {}
    for path, content in downloads.files(datasets, ctx.package.descriptor):
        keep(path, content)
        sizes[path] = len(content)
    return Published(tuple(d.info for d in datasets), sizes)


def render(ctx: SiteContext, env: jinja2.Environment, published: Published | None = None) -> dict[str, str | bytes]:
    """The /data/ pages; without `published`, the download files too (made here, in memory)."""
    pages: dict[str, str | bytes] = {}
    if published is None:
        published = publish(ctx, pages.__setitem__)
    meta = ctx.package.descriptor
    licence = licence_view(meta)
    views = [dataset_view(d, published.sizes, ctx, licence) for d in published.datasets]
    formats = [format_view(ctx, family) for family in FORMAT_ONLY if ctx.package.family(family)]
    titles = {v["name"]: v["title"] for v in views}
    pages["data/index.md"] = env.get_template("data/index.md.j2").render(
        datasets=views, formats=formats, titles=titles, description=meta.get("description", ""),
        license=licence, package_bytes=_size(published.sizes["data/datapackage.json"]),
    )
    for view in views:
        pages[f"data/{view['name']}.md"] = env.get_template("data/dataset.md.j2").render(d=view, license=licence)
    for view in formats:
        pages[f"data/{view['name']}.md"] = env.get_template("data/format.md.j2").render(d=view, titles=titles)
    return pages


def licence_view(meta: dict) -> dict:
    items = meta.get("licenses") or []
    return {
        "title": "、".join(item.get("title") or item.get("name", "") for item in items) or "未注明",
        "url": next((item["path"] for item in items if item.get("path")), ""),
    }


def dataset_view(dataset: downloads.DatasetInfo, sizes: dict[str, int], ctx: SiteContext, licence: dict) -> dict:
    meta = ctx.meta
    periods = list(dataset.periods)
    coverage = f"{periods[0]} 至 {periods[-1]}" if len(periods) > 1 else (periods[0] if periods else "")
    links = []
    for extension, (_, mediatype, label) in downloads.FORMATS.items():
        size = sizes[f"data/{dataset.name}/{dataset.name}.{extension}"]
        links.append({"label": label, "file": f"{dataset.name}.{extension}", "extension": extension,
                      "mediatype": mediatype, "bytes": size, "size": _size(size)})
    description = dataset.schema.get("description", "")
    publisher = meta.get("publisher", "")
    view = {
        "name": dataset.name,
        "title": dataset.title,
        "description": description,
        "summary": description.split("。")[0] + "。" if "。" in description else description,
        "periods": coverage,
        "rows": dataset.rows,
        "fields": [field_view(f) for f in dataset.schema["fields"]],
        "primary_key": "、".join(f"`{k}`" for k in dataset.schema.get("primaryKey") or []),
        "suppressed_note": dataset.schema.get("sunshine", {}).get("suppressed_note", ""),
        "suppressible": ", ".join(f"`{c}`" for c in dataset.suppressible),
        "links": links,
        "publisher": publisher,
        "citation": f"{publisher or meta.get('county_name', '')}：《{dataset.title}》"
                    f"{'（' + coverage + '）' if coverage else ''}，{ctx.package.descriptor.get('title', '')}，"
                    f"数据截至 {ctx.as_of.isoformat()}，许可：{licence['title']}。",
    }
    view["json_ld"] = json_ld(view, dataset, ctx, licence)
    return view


def json_ld(view: dict, dataset: downloads.DatasetInfo, ctx: SiteContext, licence: dict) -> str:
    """schema.org Dataset; download URLs are relative to the page (…/data/<name>/)."""
    meta = ctx.meta
    document = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": dataset.title,
        "description": view["description"],
        "inLanguage": "zh-CN",
        "isAccessibleForFree": True,
        "license": licence["url"] or licence["title"],
        "publisher": {"@type": "Organization", "name": view["publisher"]},
        "spatialCoverage": {"@type": "Place", "name": meta.get("county_name", ""),
                            "identifier": meta.get("county_code", "")},
        "variableMeasured": [f["title"] or f["name"] for f in view["fields"]],
        "distribution": [
            {"@type": "DataDownload", "contentUrl": link["file"], "encodingFormat": link["mediatype"],
             "contentSize": f"{link['bytes']} B"}
            for link in view["links"]
        ],
    }
    periods = list(dataset.periods)
    if periods:
        document["temporalCoverage"] = f"{periods[0]}/{periods[-1]}" if len(periods) > 1 else periods[0]
    text = json.dumps(document, ensure_ascii=False, indent=2)
    return text.replace("</", "<\\/")  # cannot close the <script> element


def format_view(ctx: SiteContext, family: str) -> dict:
    resources = ctx.package.family(family)
    schema = resources[0].schema
    periods = [r.period for r in resources if r.period]
    reason, summary = FORMAT_ONLY[family]
    return {
        "name": family,
        "title": FAMILIES[family][1],
        "description": schema.get("description", ""),
        "files": len(resources),
        "periods": f"{periods[0]} 至 {periods[-1]}" if len(periods) > 1 else (periods[0] if periods else ""),
        "fields": [field_view(f) for f in schema["fields"]],
        "primary_key": "、".join(f"`{k}`" for k in schema.get("primaryKey") or []),
        "reason": reason,
        "summary": summary,
    }


def field_view(field: dict) -> dict:
    codes = "；".join(f"{c['value']} {c['label']}" for c in field.get("categories") or [])
    return {
        "name": field["name"],
        "title": field.get("title", ""),
        "type_label": TYPE_LABEL.get(field.get("type", "string"), field.get("type", "")),
        "required": (field.get("constraints") or {}).get("required", False),
        "unit": field.get("unit", ""),
        "description": field.get("description", ""),
        "codes": codes,
    }


def _size(count: int) -> str:
    if count < 1024:
        return f"{count} 字节"
    if count < 1024 * 1024:
        return f"{count / 1024:.1f} KB"
    return f"{count / 1024 / 1024:.1f} MB"
