"""/publicity/: 公示公告 — every notice by month and township, and the masked
named list of a notice while it is live.

A notice is live from `notice_start` to `notice_end` + `notice_retention_days`
(both days included). Only then, and only with `named_lists_online: masked`,
are its rows shown (姓+某, household size, amount; 临时救助 also the kind and,
for 支出型, the coarse reason). Afterwards the month page keeps the aggregates
and says when the list was withdrawn; the notice page is no longer generated.

The publicity index and the month pages go through MkDocs. Each area's page
of a month and each notice are standalone HTML documents rendered here by a
Jinja2 environment with autoescaping on: roster rows never pass through
Markdown, MkDocs or the search index. Every publicity page is `noindex,
nofollow`, excluded from search, and (see `generator.site`) left out of the
sitemap.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

import jinja2
import pandas as pd
from markupsafe import Markup, escape

from generator.context import SiteContext
from generator.layout import PROGRAM_LABEL
from generator.rules.changes import CHANGE_LABEL
from generator.rules.standards import MODE_LABEL
from generator.templating import TEMPLATES, count, yuan
from generator.xlsx import each_distinct

STAGE_LABEL = {
    "preliminary_notice": "初审公示", "confirmed_publication": "审核确认公布", "linshi_notice": "临时救助公示",
    "termination_notice": "终止供养公示", "renotice": "复查后重新公示",
}
# The national rule each notice follows (domain research §2.2–2.4).
STAGE_BASIS = {
    ("dibao", "preliminary_notice"): "《最低生活保障审核确认办法》第十九条",
    ("dibao", "confirmed_publication"): "《最低生活保障审核确认办法》第二十四条",
    ("dibao", "renotice"): "《最低生活保障审核确认办法》第十九条",
    ("tekun", "preliminary_notice"): "《特困人员认定办法》第十五条",
    ("tekun", "confirmed_publication"): "《特困人员认定办法》第十七条",
    ("tekun", "termination_notice"): "《特困人员认定办法》第二十六条",
    ("tekun", "renotice"): "《特困人员认定办法》第十五条",
    ("linshi", "linshi_notice"): "《社会救助暂行办法》第四十八条",
}
LINSHI_KIND = {"jinan": "急难型", "zhichu": "支出型"}
# Reasons as a named list shows them: "illness" on a named row would reveal
# health (domain research §6.2), so it is shown as the expense it caused.
LINSHI_REASON = {"accident": "意外事故", "sudden_illness": "刚性支出", "essential_expense": "刚性支出",
                 "disaster": "灾害", "other": "其他"}

_HTML = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                           undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
_HTML.filters.update(count=count, yuan=yuan)


@dataclass(frozen=True)
class Notice:
    list_id: str
    month: str
    program: str
    stage: str
    area_code: str
    area_name: str
    publisher: str
    start: dt.date
    end: dt.date
    phone: str
    address: str
    basis_doc: str
    withdraw_on: dt.date  # the first day the named list is no longer online

    @property
    def label(self) -> str:
        if self.stage == "linshi_notice":
            return STAGE_LABEL[self.stage]
        return PROGRAM_LABEL[self.program] + STAGE_LABEL[self.stage]

    @property
    def title(self) -> str:
        return f"{self.area_name}{cn_month(self.month)}{self.label}"

    @property
    def publishes(self) -> bool:
        """公布 (after the decision) rather than 公示 (before it)."""
        return self.stage == "confirmed_publication"

    @property
    def basis(self) -> str:
        return STAGE_BASIS.get((self.program, self.stage), "")

    @property
    def last_online(self) -> dt.date:
        return self.withdraw_on - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def tel(self) -> str:
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone)

    def status(self, as_of: dt.date) -> str:
        if as_of < self.start:
            return "upcoming"
        if as_of <= self.end:
            return "open"
        return "kept" if as_of < self.withdraw_on else "withdrawn"

    def live(self, as_of: dt.date) -> bool:
        return self.status(as_of) in ("open", "kept")


def cn_month(month: str) -> str:
    year, mon = month.split("-")
    return f"{year}年{int(mon)}月"


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notices(ctx: SiteContext) -> list[Notice]:
    frame = ctx.family("notices")
    if frame.empty:
        return []
    names = ctx.area_names()
    retention = dt.timedelta(days=ctx.retention_days + 1)
    found = []
    for r in frame.sort_values(["month", "area_code", "assistance_type", "notice_start", "list_id"]).itertuples(index=False):
        start, end = r.notice_start.date(), r.notice_end.date()
        found.append(Notice(
            list_id=r.list_id, month=r.month, program=r.assistance_type, stage=r.stage, area_code=r.area_code,
            area_name=names.get(r.area_code, r.area_code), publisher=r.publisher, start=start, end=end,
            phone=r.objection_phone, address=r.objection_address, basis_doc=_str(r.basis_doc_number),
            withdraw_on=end + retention,
        ))
    return found


def live_notices(ctx: SiteContext) -> list[Notice]:
    return [n for n in notices(ctx) if n.live(ctx.as_of)]


def notice_path(notice: Notice) -> str:
    """A notice is a standalone page (see `render`); its URL is /publicity/<month>/<list_id>/."""
    return f"publicity/{notice.month}/{notice.list_id}/index.html"


def area_path(month: str, area_code: str) -> str:
    return f"publicity/{month}/{area_code}/index.html"


def render(ctx: SiteContext, env: jinja2.Environment) -> dict[str, str]:
    """MkDocs pages for the publicity index and each month; standalone HTML for
    each area's notices of a month and for each live notice.

    Areas and notices are documents, not site pages: a province has a thousand
    townships a month, and a notice may list a thousand households. They are
    rendered here with autoescaping and copied by MkDocs as they are, so no
    named row ever passes through Markdown or the search index.
    """
    masked = ctx.named_lists_masked
    document = {"site_name": ctx.site_name, "masked": masked, "retention": ctx.retention_days,
                "threshold": ctx.threshold, "cn_date": cn_date}
    rosters, totals = _Rosters(ctx), _Totals(ctx)
    by_month: dict[str, list[Notice]] = {}
    for notice in notices(ctx):
        by_month.setdefault(notice.month, []).append(notice)
    changes = _changes(ctx)
    pages = {}
    months = []
    for month in sorted(by_month, reverse=True):
        views = [_view(n, totals, ctx.as_of, masked, ctx.threshold) for n in by_month[month]]
        by_area: dict[str, list[dict]] = {}
        for view in views:
            by_area.setdefault(view["notice"].area_code, []).append(view)
        crumbs = [(cn_month(month), "../index.html")]
        for code, area_views in by_area.items():
            area = area_views[0]["notice"]
            pages[area_path(month, code)] = _HTML.get_template("publicity/area.html.j2").render(
                document, kind="area", root="../../../", crumbs=crumbs, current=area.area_name,
                title=f"{area.area_name}{cn_month(month)}公示公告", views=area_views,
                changes=changes.get(month, {}).get(code, []), change_labels=CHANGE_LABEL,
            )
        for view in views:
            notice = view["notice"]
            if not view["live"]:
                continue  # withdrawn or not yet started: only the area page's aggregates
            rows = rosters.rows(notice) if masked else None
            pages[notice_path(notice)] = _HTML.get_template("publicity/notice.html.j2").render(
                document, kind="notice", root="../../../", current=notice.label, v=view, n=notice, title=notice.title,
                crumbs=crumbs + [(notice.area_name, f"../{notice.area_code}/index.html")],
                heads=ROW_HEADS[notice.program], rows=rows,
            )
        live = sum(v["live"] for v in views)
        areas = [{"code": code, "name": vs[0]["notice"].area_name, "count": len(vs), "publisher": vs[0]["notice"].publisher,
                  "live": sum(v["live"] for v in vs)} for code, vs in by_area.items()]
        pages[f"publicity/{month}/index.md"] = env.get_template("publicity/month.md.j2").render(
            month_label=cn_month(month), masked=masked, retention=ctx.retention_days, total=len(views), live=live,
            table=_HTML.get_template("publicity/areas.html.j2").render(areas=areas).strip(),
            changes=_month_totals(changes.get(month, {})), change_labels=CHANGE_LABEL,
            county_name=ctx.meta.get("county_name", "县"),
        )
        months.append({"month": month, "label": cn_month(month), "count": len(views), "live": live})
    pages["publicity/index.md"] = env.get_template("publicity/index.md.j2").render(
        months=months, masked=masked, retention=ctx.retention_days, as_of=ctx.as_of, cn_date=cn_date,
    )
    return pages


class _Rosters:
    """Each roster month a live notice needs, read once and turned into table
    rows once: a province lists a million households, so rows are escaped and
    joined into cells column by column, never cell by cell in the template."""

    def __init__(self, ctx: SiteContext):
        self.ctx = ctx
        self.cache: dict[tuple[str, str], _Listing | None] = {}

    def listing(self, program: str, month: str) -> _Listing | None:
        key = (program, month)
        if key not in self.cache:
            present = any(r.period == month for r in self.ctx.package.family(program))
            self.cache[key] = _Listing.of(program, self.ctx.roster(program, month), self.ctx.area_names()) \
                if present else None
        return self.cache[key]

    def rows(self, notice: Notice) -> list[Markup] | None:
        """The table rows a notice lists; None when the stage has no rows in our data."""
        if notice.stage not in LISTED_STAGES:
            return None
        listing = self.listing(notice.program, notice.month)
        if listing is None:
            return None
        return listing.within(notice.area_code, new_in=notice.month if notice.stage == "preliminary_notice" else None)


@dataclass(frozen=True)
class _Listing:
    """A roster month in village-code order (stable, so roster order within a
    village): codes, start months and the cells of each row as safe HTML."""
    codes: list[str]
    start_months: list[str | None]
    cells: list[Markup]

    @classmethod
    def of(cls, program: str, frame: pd.DataFrame, names: dict[str, str]) -> _Listing:
        ordered = frame.sort_values("village_code", kind="stable")
        codes = ordered["village_code"].tolist()
        columns = [[names.get(code, code) for code in codes], ordered["name_masked"].tolist()]
        columns += _program_columns(program, ordered)
        columns.append([f"{float(a):,.2f}" for a in ordered["amount"].tolist()])
        escaped = [each_distinct(column, lambda text: str(escape(text))) for column in columns]
        return cls(codes=codes,
                   start_months=[m if isinstance(m, str) else None for m in ordered["start_month"].tolist()]
                   if "start_month" in ordered else [None] * len(ordered),
                   cells=[Markup("<td>" + "</td><td>".join(row) + "</td>") for row in zip(*escaped)])

    def within(self, area_code: str, *, new_in: str | None) -> list[Markup]:
        """Rows of villages in an area (codes share its prefix, so they are one
        slice); for a preliminary notice only households new in that month."""
        start = bisect.bisect_left(self.codes, area_code)
        stop = bisect.bisect_right(self.codes, area_code + "\x7f", lo=start)
        if new_in is None:
            return self.cells[start:stop]
        return [cells for cells, month in zip(self.cells[start:stop], self.start_months[start:stop]) if month == new_in]


def _program_columns(program: str, rows: pd.DataFrame) -> list[list[str]]:
    """The columns between name and amount (`ROW_HEADS`), as cell texts."""
    if program == "tekun":
        return [[MODE_LABEL.get(m, m) for m in rows["tekun_mode"].tolist()]]
    if program == "linshi":
        kinds = rows["linshi_kind"].tolist()
        reasons = [LINSHI_REASON.get(_str(r), "—") if k == "zhichu" else "—"
                   for k, r in zip(kinds, rows["reason_coarse"].tolist())]
        return [[_int(s) for s in rows["household_size"].tolist()], [LINSHI_KIND.get(k, k) for k in kinds], reasons]
    return [[_int(s) for s in rows["household_size"].tolist()]]


# The stages whose notice lists roster rows, and the totals (from roster_totals) that count them.
LISTED_STAGES = {
    "confirmed_publication": ("households", "persons", "amount"),
    "linshi_notice": ("households", "persons", "amount"),
    "preliminary_notice": ("new_households", "new_persons", "new_amount"),
}


class _Totals:
    """A notice's households, persons and amount, from the per-village totals
    the check already made (rosters are not read again for them)."""

    def __init__(self, ctx: SiteContext):
        self.totals = ctx.roster_totals
        self.programs_read = {(program, month) for program in PROGRAM_LABEL for month in ctx.months(program)}
        self.cache: dict[int, dict[tuple[str, str, str], dict]] = {}

    def of(self, notice: Notice) -> dict | None:
        columns = LISTED_STAGES.get(notice.stage)
        if columns is None or (notice.program, notice.month) not in self.programs_read:
            return None
        found = self._by_prefix(len(notice.area_code)).get((notice.program, notice.month, notice.area_code))
        values = [0, 0, 0.0] if found is None else [found[c] for c in columns]
        return {"households": int(values[0]), "persons": int(values[1]), "amount": round(float(values[2]), 2)}

    def _by_prefix(self, length: int) -> dict[tuple[str, str, str], dict]:
        if length not in self.cache:
            frame = self.totals.assign(area=self.totals["village_code"].str.slice(0, length))
            sums = frame.groupby(["program", "month", "area"])[
                ["households", "persons", "amount", "new_households", "new_persons", "new_amount"]].sum()
            self.cache[length] = sums.to_dict("index")
        return self.cache[length]


def _view(notice: Notice, totals_of: _Totals, as_of: dt.date, masked: bool, threshold: int) -> dict:
    """A notice with its status on `as_of` and its totals (None before it starts).

    Where no rows are shown (withdrawn, or `off`), totals of 1 to threshold−1
    households are suppressed as "C", like the statistics pages do.
    """
    status = notice.status(as_of)
    totals = None
    if status != "upcoming":
        totals = totals_of.of(notice)
        if totals is not None:
            rows_shown = masked and notice.live(as_of)
            if not rows_shown and 0 < totals["households"] < threshold:
                totals = {"households": None, "persons": None, "amount": None}
    return {"notice": notice, "status": status, "live": notice.live(as_of), "totals": totals}


ROW_HEADS = {"dibao": ["保障人数", "月保障金额（元）"], "tekun": ["供养方式", "月供养金额（元）"],
             "linshi": ["家庭人口", "救助类型", "救助事由", "救助金额（元）"]}


def _changes(ctx: SiteContext) -> dict[str, dict[str, list[dict]]]:
    """Month → township → one row per assistance type with the count of each change type."""
    frames = [f for f in (ctx.family("changes_dibao"), ctx.family("changes_tekun")) if not f.empty]
    if not frames:
        return {}
    frame = pd.concat(frames, ignore_index=True)
    frame = frame.assign(township=frame["village_code"].str.slice(0, 9))
    counts = (frame.groupby(["month", "township", "assistance_type", "change_type"]).size()
              .unstack("change_type", fill_value=0).reindex(columns=list(CHANGE_LABEL), fill_value=0))
    result: dict[str, dict[str, list[dict]]] = {}
    for (month, township, program), row in zip(counts.index, counts.to_numpy().tolist()):
        result.setdefault(month, {}).setdefault(township, []).append({
            "program": PROGRAM_LABEL.get(program, program), "counts": [int(n) for n in row],
        })
    return result


def _month_totals(by_township: dict[str, list[dict]]) -> list[dict]:
    """The month's changes summed over townships, one row per assistance type."""
    sums: dict[str, list[int]] = {}
    for rows in by_township.values():
        for row in rows:
            total = sums.setdefault(row["program"], [0] * len(row["counts"]))
            sums[row["program"]] = [a + b for a, b in zip(total, row["counts"])]
    return [{"program": program, "counts": counts} for program, counts in sums.items()]


def _str(value: object) -> str:
    return "" if value is None or pd.isna(value) else str(value)


def _int(value: object) -> str:
    return "—" if value is None or pd.isna(value) else str(int(value))
