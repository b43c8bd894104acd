"""/data/releases/: the release history (发布记录) — one page of notes per
month with its figures, corrections and downloads — `index.json` for
machines and the Atom feed `/feed.xml`.

The archive's files themselves are copied into the docs folder by the
pipeline (`archive` is hundreds of MB for a province), byte for byte.
"""

from __future__ import annotations

import json

import jinja2

from generator import archive, feed, release_facts
from generator.context import SiteContext
from generator.downloads import FORMATS
from generator.layout import PROGRAM_LABEL

EXTENSION_LABEL = {"csv": "CSV", "xlsx": "Excel", "json": "JSON", "parquet": "Parquet"}
FILE_LABEL = {"datapackage.json": "数据包描述（datapackage.json）", "SHA256SUMS": "校验值（SHA256SUMS）",
              "release.json": "发布信息（release.json）"}


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str | bytes]:
    root = ctx.package.root
    releases = archive.load(root)
    pages: dict[str, str | bytes] = {"feed.xml": feed.atom(ctx, releases)}
    months: dict[str, list[archive.Release]] = {}
    for release in releases:
        months.setdefault(release.month, []).append(release)
    views = [month_view(revisions, root) for _, revisions in sorted(months.items(), reverse=True)]
    pages["data/releases/index.md"] = env.get_template("data/releases/index.md.j2").render(months=views)
    for view in views:
        pages[f"data/releases/{view['month']}/index.md"] = env.get_template("data/releases/month.md.j2").render(m=view)
    pages["data/releases/index.json"] = index_json(releases, root)
    return pages


def month_view(revisions: list[archive.Release], root) -> dict:
    first, latest = revisions[0], revisions[-1]
    return {
        "month": first.month,
        "label": release_facts.month_label(first.month),
        "date": release_facts.day_label(first.date),
        "revision": latest.revision,
        "compared_with": release_facts.month_label(first.compared_with) if first.compared_with else "",
        "notes": list(first.notes),
        "figures": _figures(latest.facts),
        "downloads": _downloads(root, first),
        "corrections": [{"revision": r.revision, "date": release_facts.day_label(r.date), "erratum": r.erratum, "notes": list(r.notes),
                         "folder": f"r{r.revision}", "downloads": _downloads(root, r)} for r in revisions[1:]],
        "summary": latest.erratum and f"已更正：{latest.erratum}" or (first.notes[0] if first.notes else ""),
    }


def _figures(facts: dict) -> list[dict]:
    rows = []
    for program in release_facts.PROGRAMS:
        if program not in facts.get("programs", {}):
            continue
        figures = facts["programs"][program]
        unit = release_facts.UNIT_WORD[program]
        rows.append({"program": PROGRAM_LABEL[program], "count": f"{figures['households']:,} {unit}",
                     "persons": f"{figures['persons']:,}", "amount": release_facts.yuan(figures["amount"])})
    return rows


def _downloads(root, release: archive.Release) -> dict:
    """The release's files: datasets in four formats, then the package files."""
    datasets: dict[str, dict] = {}
    extra = []
    for name, digest, size in archive.listed_files(root, release):
        if "/" in name:
            dataset, file = name.split("/", 1)
            extension = file.rsplit(".", 1)[-1]
            if extension in FORMATS:
                datasets.setdefault(dataset, {})[extension] = {"path": name, "size": _size(size)}
                continue
        extra.append({"path": name, "label": FILE_LABEL.get(name, name), "size": _size(size), "sha256": digest})
    sums = root / archive.RELEASES_DIR / release.folder / archive.SUMS_FILE
    extra.append({"path": archive.SUMS_FILE, "label": FILE_LABEL[archive.SUMS_FILE], "size": _size(sums.stat().st_size)})
    titles = _titles(root, release)
    return {"datasets": [{"name": n, "title": titles.get(n, n),
                          "files": [files[e] | {"extension": EXTENSION_LABEL[e]} for e in FORMATS if e in files]}
                         for n, files in datasets.items()],
            "extra": extra}


def _titles(root, release: archive.Release) -> dict[str, str]:
    package = json.loads((root / archive.RELEASES_DIR / release.folder / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r["title"].removesuffix("（CSV）") for r in package.get("resources", []) if r.get("format") == "csv"}


def index_json(releases: list[archive.Release], root) -> bytes:
    """Every release, oldest first, with the checksum of every file: for scripts that mirror the archive."""
    entries = [{
        "month": r.month, "revision": r.revision, "date": r.date, "erratum": r.erratum,
        "path": f"data/releases/{r.folder}/",
        "datapackage": f"data/releases/{r.folder}/datapackage.json",
        "sha256": {name: digest for name, digest, _ in archive.listed_files(root, r)},
    } for r in releases]
    document = {"description": "本站历次数据发布（每月一次，更正为新版本）。发布后的文件不再改变，可用 sha256 核对。",
                "releases": entries}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"
