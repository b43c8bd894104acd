"""From the raw rows to typed households: every cell parsed, every name masked,
every place coded, and every problem found with its spreadsheet row and the
raw header text.

Cells are parsed once per distinct value (amounts, months and places repeat a
lot). The result holds the ID number only in memory, to derive references and
to match last month's households; it is never written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from generator.ingest import codelists, masking, values
from generator.ingest.areas import AreaIndex
from generator.ingest.fields import FIELDS, REQUIRED
from generator.ingest.headers import Header, Vocabulary
from generator.ingest.rows import Body, Skipped
from generator.problems import Problem, problem, problems_at_rows
from generator.xlsx import column_letter

MINOR = "未满 18 周岁（特困供养名册不公开未成年人，只计入统计）"


@dataclass(frozen=True)
class Households:
    frame: pd.DataFrame  # one row per published household; see COLUMNS
    stops: pd.DataFrame  # rows that only record a stop: id_number, stop_reason_public, row
    excluded: tuple[Skipped, ...]  # valid rows kept out of the published roster (minors)
    persons: int  # over every valid household row (minors included), for the totals row
    amount_fen: int
    households: int
    problems: list[Problem] = field(default_factory=list)


COLUMNS = ["row", "id_number", "name_masked", "household_size", "amount_fen", "village_code", "start_month",
           "urban_rural", "dibao_method", "tekun_mode", "linshi_kind", "reason_coarse", "approval_level",
           "approved_on"]


class _Found:
    """Problems per row, collected by (code, column, details) and made at the end."""

    def __init__(self, file: str, header: Header):
        self.file, self.header = file, header
        self.by_kind: dict[tuple, list[int]] = {}
        self.bad_rows: set[int] = set()

    def add(self, code: str, field_name: str | None, rows: list[int], **details: str) -> None:
        if rows:
            key = (code, self.header.label(field_name) if field_name else None, tuple(sorted(details.items())))
            self.by_kind.setdefault(key, []).extend(rows)
            self.bad_rows.update(rows)

    def problems(self) -> list[Problem]:
        made = []
        for (code, column, details), rows in self.by_kind.items():
            made += problems_at_rows(code, sorted(rows), dataset=None, file=self.file, column=column, **dict(details))
        return made


def column_problems(program: str, header: Header, words: Vocabulary, file: str) -> list[Problem]:
    """Missing and doubled columns: with these, no row can be read."""
    found = []
    needed = list(REQUIRED[program])
    if program == "dibao" and "dibao_method" not in header.columns and "category" not in header.columns:
        found.append(problem("ingest-column-missing", file=file, row=header.top + 1, title="计发方式",
                             variants="、".join(words.variants["dibao_method"] + words.variants["category"])))
    for name in needed:
        if name not in header.columns:
            found.append(problem("ingest-column-missing", file=file, row=header.top + 1, title=FIELDS[name].title,
                                 variants="、".join(words.variants[name])))
    for name, first, repeated in header.duplicates:
        found.append(problem("ingest-column-duplicate", file=file, row=header.top + 1,
                             column=header.labels[repeated], title=FIELDS[name].title,
                             other=column_letter(first)))
    return found


def _parsed(cells: pd.Series, parser: Callable[[object], tuple]) -> tuple[list, list]:
    """parser(cell) per row, computed once per distinct cell."""
    cache: dict[tuple, tuple] = {}
    results = []
    for cell in cells.tolist():
        key = (type(cell), cell)
        if key not in cache:
            cache[key] = parser(cell)
        results.append(cache[key])
    return [r[0] for r in results], [r[1] for r in results]


def _check(found: _Found, name: str, rows: list[int], parsed: list, reasons: list, required: list[bool],
           code: str = "ingest-value-invalid") -> None:
    title = FIELDS[name].title
    by_reason: dict[str, list[int]] = {}
    for row, value, reason, needed in zip(rows, parsed, reasons, required):
        if reason is not None:
            by_reason.setdefault(reason, []).append(row)
        elif value is None and needed:
            found.add("ingest-value-missing", name, [row], title=title)
    for reason, bad in by_reason.items():
        if code == "ingest-value-invalid":
            found.add("ingest-value-invalid", name, bad, title=title, expected=reason)
        elif code == "ingest-id-invalid":
            found.add("ingest-id-invalid", name, bad, reason=reason)
        else:
            found.add("ingest-name-unmaskable", name, bad, reason=reason)


def build(body: Body, program: str, month: str, header: Header, areas: AreaIndex, file: str) -> Households:
    records = body.records
    rows = records["row"].tolist()
    found = _Found(file, header)
    stop_cells = records["stop_reason"] if "stop_reason" in records else pd.Series([None] * len(records), dtype=object)
    is_stop = [not values.is_empty(c) for c in stop_cells.tolist()]
    household = [not s for s in is_stop]
    column = lambda name: records[name] if name in records else pd.Series([None] * len(records), dtype=object)

    ids, reasons = _parsed(column("id_number"), values.id_number)
    _check(found, "id_number", rows, ids, reasons, [True] * len(rows), code="ingest-id-invalid")
    names, reasons = _parsed(column("name"), masking.mask)
    _check(found, "name", rows, names, reasons, household, code="ingest-name-unmaskable")
    data = {"row": rows, "id_number": ids, "name_masked": names}

    if program == "tekun":
        data["household_size"] = [1] * len(rows)
    else:
        data["household_size"], reasons = _parsed(column("household_size"), values.count)
        _check(found, "household_size", rows, data["household_size"], reasons, household)
    data["amount_fen"], reasons = _parsed(column("amount"), values.money_fen)
    _check(found, "amount", rows, data["amount_fen"], reasons, household)
    data["village_code"] = _places(column("township"), column("village"), rows, household, areas, found)
    data["urban_rural"] = _urban_rural(column("urban_rural"), data["village_code"], rows, household, areas, found)

    if program in ("dibao", "tekun"):
        data["start_month"], reasons = _parsed(column("start_month"), values.month)
        _check(found, "start_month", rows, data["start_month"], reasons, household)
    if program == "dibao":
        source = "dibao_method" if "dibao_method" in records else "category"
        data["dibao_method"] = _coded(column(source), source, "dibao_method", rows, household, found)
    if program == "tekun":
        data["tekun_mode"] = _coded(column("tekun_mode"), "tekun_mode", "tekun_mode", rows, household, found)
    if program == "linshi":
        data["linshi_kind"] = _coded(column("linshi_kind"), "linshi_kind", "linshi_kind", rows, household, found)
        data["approval_level"] = _coded(column("approval_level"), "approval_level", "approval_level", rows,
                                        household, found)
        data["reason_coarse"] = [codelists.reason(c) for c in column("reason").tolist()]
        data["approved_on"], reasons = _parsed(column("approved_on"), values.date)
        _check(found, "approved_on", rows, data["approved_on"], reasons, household)
    if "month" in records:
        months, _ = _parsed(records["month"], values.month)
        for other in sorted({m for m in months if m is not None and m != month}):
            wrong = [r for r, m in zip(rows, months) if m == other]
            found.add("ingest-month-mismatch", "month", wrong, where="「月份」列", found=other, month=month)

    frame = pd.DataFrame({name: pd.Series(data.get(name, [None] * len(rows)), dtype=object) for name in COLUMNS})
    _duplicates(frame, is_stop, program, found)
    valid = [r not in found.bad_rows for r in rows]
    keep = pd.Series(valid) & pd.Series(household)
    good = frame[keep.to_numpy()].reset_index(drop=True)
    stops = pd.DataFrame({
        "row": rows, "id_number": ids,
        "stop_reason_public": [codelists.stop_reason(c) for c in stop_cells.tolist()],
    })[(pd.Series(valid) & pd.Series(is_stop)).to_numpy()].reset_index(drop=True)
    minors = _minors(good, month) if program == "tekun" else pd.Series(False, index=good.index)
    published = good[~minors.to_numpy()].reset_index(drop=True)
    excluded = tuple(Skipped(int(r), MINOR) for r in good.loc[minors.to_numpy(), "row"])
    return Households(published, stops, excluded, int(good["household_size"].sum()), int(good["amount_fen"].sum()),
                      len(good), found.problems())


def _places(townships: pd.Series, villages: pd.Series, rows: list[int], household: list[bool], areas: AreaIndex,
            found: _Found) -> list[str | None]:
    codes: list[str | None] = []
    cache: dict[tuple, str | None] = {}
    for row, township, village, needed in zip(rows, townships.tolist(), villages.tolist(), household):
        if not needed and values.is_empty(village):
            codes.append(None)
            continue
        key = (values.text(township), values.text(village))
        if key not in cache:
            cache[key] = _place(key, areas, found)
        code = cache[key]
        if isinstance(code, tuple):  # a problem: (code, field, details)
            found.add(code[0], code[1], [row], **code[2])
            codes.append(None)
        else:
            codes.append(code)
    return codes


def _place(key: tuple[str, str], areas: AreaIndex, found: _Found):
    township, village = key
    if not township:
        return ("ingest-value-missing", "township", {"title": FIELDS["township"].title})
    if not village:
        return ("ingest-value-missing", "village", {"title": FIELDS["village"].title})
    place = areas.township(township)
    if place.code is None:
        return ("ingest-township-unknown", "township", {"suggestion": place.suggestion})
    spot = areas.village(place.code, village)
    if spot.code is None:
        return ("ingest-village-unknown", "village",
                {"township": areas.townships[place.code], "suggestion": spot.suggestion})
    return spot.code


def _urban_rural(cells: pd.Series, villages: list, rows: list[int], household: list[bool], areas: AreaIndex,
                 found: _Found) -> list[str | None]:
    """From the raw column when it says, else from the village in the areas table."""
    coded = [codelists.code(codelists.URBAN_RURAL, c) for c in cells.tolist()]
    result = []
    for row, cell, code, village, needed in zip(rows, cells.tolist(), coded, villages, household):
        if code is None and not values.is_empty(cell):
            found.add("ingest-value-invalid", "urban_rural", [row], title=FIELDS["urban_rural"].title,
                      expected="应为" + codelists.LABELS["urban_rural"])
        elif code is None and village is not None:
            code = areas.urban_rural.get(village)
            if code is None and needed:
                found.add("ingest-value-missing", "urban_rural", [row], title=FIELDS["urban_rural"].title)
        result.append(code)
    return result


def _coded(cells: pd.Series, source: str, target: str, rows: list[int], household: list[bool],
           found: _Found) -> list[str | None]:
    rules = codelists.RULES[target]
    coded, _ = _parsed(cells, lambda c: (codelists.code(rules, c), None))
    for row, cell, code, needed in zip(rows, cells.tolist(), coded, household):
        if code is None and needed:
            if values.is_empty(cell):
                found.add("ingest-value-missing", source, [row], title=FIELDS[source].title)
            else:
                found.add("ingest-value-invalid", source, [row], title=FIELDS[source].title,
                          expected="应能看出" + codelists.LABELS[target])
    return coded


def _duplicates(frame: pd.DataFrame, is_stop: list[bool], program: str, found: _Found) -> None:
    listed: dict[str, int] = {}  # ID number → first row of a household with it
    for row, id_value, stop in zip(frame["row"], frame["id_number"], is_stop):
        if id_value is None or stop:
            continue
        if id_value in listed and program != "linshi":  # one person may get temporary help twice
            found.add("ingest-id-duplicate", "id_number", [int(row)], first_row=str(listed[id_value]))
        listed.setdefault(id_value, int(row))
    for row, id_value, stop in zip(frame["row"], frame["id_number"], is_stop):
        if stop and id_value in listed:
            found.add("ingest-stop-still-listed", "stop_reason", [int(row)], other_row=str(listed[id_value]))


def _minors(frame: pd.DataFrame, month: str) -> pd.Series:
    """Persons under 18 on the last day of the month."""
    year, number = int(month[:4]), int(month[5:])
    last = dt.date(year + number // 12, number % 12 + 1, 1) - dt.timedelta(days=1)
    try:
        adult_born_by = last.replace(year=last.year - 18)
    except ValueError:  # 29 February
        adult_born_by = last.replace(year=last.year - 18, day=28)
    births = [values.birth_date(i) for i in frame["id_number"]]
    return pd.Series([b is not None and b > adult_born_by for b in births], index=frame.index, dtype=bool)
