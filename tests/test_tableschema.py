"""The vectorised Table Schema check gives exactly frictionless' findings.

Each parity test writes a small data package with many planted defects and
edge cases, validates it with frictionless (the reference) and with
`reading` + `tableschema`, and compares the findings as multisets.
All ID-like values and names here are fake.
"""

from __future__ import annotations

import copy
import random
import csv
import io
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from generator.catalog import Resource
from generator.frictionless_check import as_frictionless_findings, frictionless_findings
from generator.reading import read_table
from generator.tableschema import check_table

SCHEMAS = Path(__file__).resolve().parents[1] / "datasets" / "schemas"
FIXTURES = Path(__file__).parent / "fixtures" / "defects"


def load_schema(family: str) -> dict:
    return json.loads((SCHEMAS / f"{family}.json").read_text(encoding="utf-8"))


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def make_resource(name: str, schema: dict, path: str, encoding: str | None = "utf-8", fmt: str = "csv") -> Resource:
    return Resource(
        name=name,
        family=name.split("-")[0],
        period=None,
        path=path,
        encoding=encoding,
        format=fmt,
        title=schema.get("title", name),
        schema_path=f"schemas/{name}.json",
        schema=schema,
    )


V2 = "https://datapackage.org/profiles/2.0/datapackage.json"  # exclusiveMinimum/Maximum need v2


def write_package(
    root: Path, tables: list[tuple[str, dict, str]], profile: str | None = None
) -> tuple[Path, list[Resource]]:
    """tables: (resource name, schema, CSV text). Returns datapackage.json and resources."""
    datasets = root / "datasets"
    (datasets / "schemas").mkdir(parents=True, exist_ok=True)
    entries, resources = [], []
    for name, schema, text in tables:
        (datasets / "schemas" / f"{name}.json").write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
        (datasets / f"{name}.csv").write_bytes(text.encode("utf-8"))
        entries.append(
            {"name": name, "path": f"{name}.csv", "format": "csv", "encoding": "utf-8", "schema": f"schemas/{name}.json"}
        )
        resources.append(make_resource(name, schema, f"{name}.csv"))
    package = datasets / "datapackage.json"
    descriptor = {"name": "test", "resources": entries} | ({"$schema": profile} if profile else {})
    package.write_text(json.dumps(descriptor, ensure_ascii=False), encoding="utf-8")
    return package, resources


def our_problems(root: Path, resources: list[Resource]):
    checked, problems = {}, []
    for resource in resources:  # referenced tables first
        raw, found = read_table(resource, root)
        problems += found
        table, found = check_table(resource, raw, checked.get)
        checked[resource.name] = table
        problems += found
    return checked, problems


def assert_parity(root: Path, tables: list[tuple[str, dict, str]], profile: str | None = None) -> list:
    package, resources = write_package(root, tables, profile)
    _, problems = our_problems(root, resources)
    ours = Counter(as_frictionless_findings(problems, detailed=True))
    theirs = Counter(frictionless_findings(package, detailed=True))
    assert ours == theirs, f"only ours: {ours - theirs}\nonly frictionless: {theirs - ours}"
    assert theirs, "no findings at all: the test could not fail"
    return problems


# --- the real roster schema ------------------------------------------------------------

AREAS = [
    ["code", "name", "level", "parent_code", "urban_rural"],
    ["990103", "测试县", "county", "", ""],
    ["990103101", "青山镇", "township", "990103", ""],
    ["990103101201", "石门村", "village", "990103101", "rural"],
    ["990103101202", "东街社区", "village", "990103101", "urban"],
    ["99010310120", "坏代码村", "village", "990103101", "rural"],  # pattern error, still referable
    ["990103101203", "无上级村", "village", "990103199", "rural"],  # unknown parent (self FK)
    ["990103101201", "重复村", "village", "990103101", "rural"],  # duplicate key
]
HEADER = ["month", "month_ref", "village_code", "name_masked", "household_size", "amount",
          "start_month", "urban_rural", "dibao_method"]


def roster_row(i: int, **changes: str) -> list[str]:
    row = dict(zip(HEADER, ["2025-03", f"{i:012x}", "990103101201", "张某", "3", "612.50", "2024-07", "rural", "gap"]))
    row.update(changes)
    return list(row.values())


def roster_text() -> str:
    rows = [HEADER]
    edge = [
        {"household_size": " 3"}, {"household_size": "+3"}, {"household_size": "1_0"},
        {"household_size": "٣"}, {"household_size": "３"}, {"household_size": "3.0"},
        {"household_size": "0"}, {"household_size": "21"}, {"household_size": "12345678901234567"},
        {"household_size": "1234567890123456"}, {"household_size": "0x10"},
        {"amount": "NaN"}, {"amount": "Infinity"}, {"amount": "-Infinity"}, {"amount": "1e3"},
        {"amount": ".5"}, {"amount": "5."}, {"amount": "1,200"}, {"amount": "¥300"},
        {"amount": "1234567890123456"}, {"amount": "0.001"}, {"amount": "0.01"}, {"amount": "50000"},
        {"amount": "50000.0000000000000001"}, {"amount": "49999.99999999999999999"}, {"amount": " 12.5 "},
        {"amount": "-0"}, {"amount": "1E-2"}, {"amount": "12元"},
        {"urban_rural": "urban "}, {"urban_rural": "城市"}, {"urban_rural": "Urban"},
        {"name_masked": "张某\n"}, {"name_masked": "𠀀某"}, {"name_masked": "张三"}, {"name_masked": "欧阳某"},
        {"name_masked": "张某 "}, {"start_month": "2025/03"}, {"start_month": "202503"},
        {"start_month": "2025-13"}, {"start_month": "2025-3"}, {"month": "2025-03\n"},
        {"village_code": "990103199299"}, {"village_code": "99010310120"}, {"village_code": ""},
        {"village_code": "990103101202 "}, {"month_ref": ""}, {"month_ref": "ABCDEF123456"},
        {"month_ref": "000000000002"}, {"month_ref": "000000000002"}, {"dibao_method": ""},
        {"household_size": "", "amount": ""},
    ]
    rows += [roster_row(i + 1) for i in range(3)]
    rows += [roster_row(100 + i, **change) for i, change in enumerate(edge)]
    text = csv_text(rows)
    # blank and ragged rows written by hand, as staff produce them
    text += ",,,,,,,,\n\n" + ",".join(roster_row(900)) + ",extra\n"
    text += ",".join(roster_row(901)[:6]) + "\n" + ",,,,,,,,,\n" + "\r\n" + ",".join(roster_row(902)) + "\n"
    return text


def test_roster_parity_with_frictionless(tmp_path):
    problems = assert_parity(
        tmp_path,
        [("areas", load_schema("areas"), csv_text(AREAS)), ("dibao", load_schema("dibao"), roster_text())],
    )
    codes = {p.code for p in problems}
    assert {"blank-row", "extra-cell", "missing-cell", "duplicate-key", "missing-key", "unknown-reference",
            "wrong-type", "out-of-range", "not-in-code-list", "wrong-format", "required-missing"} <= codes


def test_roster_parity_on_the_exact_slow_reader(tmp_path):
    """A quoted header sends the file through Python's csv module; same findings."""
    text = roster_text().replace("month,month_ref", '"month",month_ref', 1)
    assert_parity(
        tmp_path,
        [("areas", load_schema("areas"), csv_text(AREAS)), ("dibao", load_schema("dibao"), text)],
    )


def test_header_parity(tmp_path):
    schema = load_schema("dibao")
    cases = {
        "wrong": ["month", "月份", *HEADER[2:]],
        "short": HEADER[:-1],  # within 10 %: the header row stays row 1
        "long": [*HEADER, "remark"],
        "much-shorter": HEADER[:-3],  # frictionless then takes row 2 as the header
        "much-longer": [*HEADER, "remark", "", "x"],
        "dupe": ["month", "month", *HEADER[2:]],
        "blank": ["", *HEADER[1:]],
        "spaced": [" month ", *HEADER[1:]],
    }
    tables = [("areas", load_schema("areas"), csv_text(AREAS))]
    for name, header in cases.items():
        body = [roster_row(i + 1) for i in range(3)] + [roster_row(1)]
        tables.append((name, schema, csv_text([header, *body])))
    problems = assert_parity(tmp_path, tables)
    assert {p.code for p in problems} >= {"header-mismatch", "extra-cell", "missing-cell"}
    skipped = [p for p in problems if p.dataset == "much-shorter" and p.code == "header-mismatch"]
    assert skipped and all(p.row == 2 and "第 2 行被当作表头" in p.message for p in skipped)


# --- a synthetic schema with every type and constraint ------------------------------------

SYNTHETIC = {
    "fields": [
        {"name": "code", "type": "string", "title": "代码",
         "constraints": {"required": True, "pattern": "[A-Z]{2}[0-9]{2}", "minLength": 4, "maxLength": 4}},
        {"name": "seq", "type": "integer", "title": "序号",
         "constraints": {"minimum": 1, "maximum": 9, "enum": [1, 2, 3, 4, 5, "6", 7.0]}},
        {"name": "ratio", "type": "number", "title": "比例",
         "constraints": {"exclusiveMinimum": 0, "exclusiveMaximum": 1}},
        {"name": "flag", "type": "boolean", "title": "标志", "constraints": {"required": True, "enum": [True]}},
        {"name": "day", "type": "date", "title": "日期",
         "constraints": {"minimum": "2020-01-01", "maximum": "2030-12-31"}},
        {"name": "yr", "type": "year", "title": "年份", "constraints": {"minimum": 2000, "enum": [2020, 2024, 2025]}},
        {"name": "label", "type": "string", "title": "标签", "constraints": {"enum": ["甲", "乙", "丙"], "unique": True}},
        {"name": "ref", "type": "string", "title": "参考号", "constraints": {"pattern": r"\d{3}|x"}},
        {"name": "note", "type": "string", "title": "备注", "constraints": {"maxLength": 3, "minLength": 2}},
        {"name": "parent", "type": "string", "title": "上级代码"},
        {"name": "score", "type": "number", "title": "分数", "constraints": {"enum": [1.5, 2, "3.25"], "unique": True}},
    ],
    "missingValues": ["", "NA"],
    "primaryKey": ["code", "seq"],
    "foreignKeys": [{"fields": ["parent"], "reference": {"resource": "", "fields": ["code"]}}],
}
NAMES = [f["name"] for f in SYNTHETIC["fields"]]
GOOD = dict(zip(NAMES, ["AB01", "1", "0.5", "true", "2025-03-01", "2025", "甲", "123", "备注", "", "1.5"]))


def synthetic_text(extra: list[dict[str, str]]) -> str:
    rows = [NAMES, list(GOOD.values())]
    for i, change in enumerate(extra):
        row = {**GOOD, "code": f"C{chr(65 + i % 26)}{i % 100:02d}", "label": "", "score": "NA", **change}
        rows.append(list(row.values()))
    return csv_text(rows) + "NA,NA,,NA,,,,,,,\n" + "\n"


SYNTHETIC_EDGES = [
    {"seq": "6"}, {"seq": "7"}, {"seq": "8"}, {"seq": "10"}, {"seq": "0"}, {"seq": "NA"}, {"seq": "1.0"},
    {"ratio": "0"}, {"ratio": "1"}, {"ratio": "0.999999999999999999"}, {"ratio": "1e-20"}, {"ratio": "NaN"},
    {"ratio": "-0.5"}, {"ratio": ".25"}, {"flag": "True"}, {"flag": "FALSE"}, {"flag": "yes"}, {"flag": " true"},
    {"flag": "0"}, {"flag": "NA"}, {"day": "2025-13-01"}, {"day": "2025/03/01"}, {"day": "20250301"},
    {"day": "2025-02-29"}, {"day": "2024-02-29"}, {"day": "2025-3-1"}, {"day": "２０２５-０３-０１"},
    {"day": " 2025-03-01"}, {"day": "2019-12-31"}, {"day": "2031-01-01"}, {"day": "0000-01-01"},
    {"yr": "2019"}, {"yr": "1999"}, {"yr": "20250"}, {"yr": " 202"}, {"yr": "+202"}, {"yr": "２０２４"},
    {"yr": "2024"}, {"label": "甲"}, {"label": "甲"}, {"label": "丁"}, {"ref": "١٢٣"}, {"ref": "12"},
    {"ref": "xyz"}, {"ref": "x"}, {"ref": "123\n"}, {"note": "𠀀𠀀"}, {"note": "四个字啊"}, {"note": "a"},
    {"parent": "AB01"}, {"parent": "ZZ99"}, {"parent": "CA00"}, {"code": "ab01"}, {"code": "AB012"},
    {"code": "AB01", "seq": "1"}, {"code": "NA", "seq": "NA"}, {"code": "NA", "seq": "3"},
    {"code": "AB01", "seq": "x"}, {"code": "AB01", "seq": "y"}, {"score": "2.0"}, {"score": "2"},
    {"score": "3.250"}, {"score": "7"}, {"score": "NaN"}, {"score": "NaN"}, {"score": "-0"}, {"score": "0"},
]


def test_synthetic_parity_with_frictionless(tmp_path):
    problems = assert_parity(tmp_path, [("synthetic", SYNTHETIC, synthetic_text(SYNTHETIC_EDGES))], V2)
    found = Counter(p.code for p in problems)
    assert found["wrong-type"] >= 12 and found["duplicate-value"] >= 2 and found["duplicate-key"] >= 2


def test_synthetic_parity_with_field_missing_values_and_ragged_rows(tmp_path):
    """A field whose missingValues lacks "" needs the exact reader: an absent cell is missing, "" is not."""
    schema = copy.deepcopy(SYNTHETIC)
    schema["fields"][9]["missingValues"] = ["-"]
    schema["fields"][9]["constraints"] = {"required": True}
    text = synthetic_text(SYNTHETIC_EDGES[:10] + [{"parent": "-"}, {"parent": ""}])
    text += "AB77,1,0.5,true\n" + "AB78,1,0.5,true,2025-03-01,2025,乙,123,备注,,1.5,x,y\n" + ",,,,,,,,,\n"
    assert_parity(tmp_path, [("synthetic", schema, text)], V2)


def test_foreign_key_across_tables_and_types(tmp_path):
    parent = {
        "fields": [
            {"name": "id", "type": "integer", "title": "编号"},
            {"name": "kind", "type": "string", "title": "类别"},
        ],
        "missingValues": [""],
    }
    child = {
        "fields": [
            {"name": "parent_id", "type": "number", "title": "上级编号"},
            {"name": "parent_kind", "type": "string", "title": "上级类别"},
            {"name": "as_text", "type": "string", "title": "编号文字"},
        ],
        "missingValues": [""],
        "foreignKeys": [
            {"fields": ["parent_id", "parent_kind"], "reference": {"resource": "parent", "fields": ["id", "kind"]}},
            {"fields": ["as_text"], "reference": {"resource": "parent", "fields": ["id"]}},
        ],
    }
    parent_rows = [["id", "kind"], ["1", "a"], ["2", ""], ["x", "b"], ["3", "c"]]
    child_rows = [
        ["parent_id", "parent_kind", "as_text"],
        ["1", "a", "1"], ["1.0", "a", ""], ["2", "", ""], ["", "b", ""], ["3", "a", ""],
        ["", "", ""], ["4", "c", "9"], ["3e0", "c", ""],
    ]
    assert_parity(tmp_path, [("parent", parent, csv_text(parent_rows)), ("child", child, csv_text(child_rows))])


# --- what the checked table gives the rest of the build ------------------------------------


def test_checked_frame_is_typed_and_drops_blank_rows(tmp_path):
    text = csv_text([HEADER, roster_row(1), roster_row(2, household_size="x", amount="")]) + ",,,,,,,,\n"
    text += ",".join(roster_row(3, amount="1e3")) + "\n"
    _, resources = write_package(tmp_path, [("dibao", load_schema("dibao"), text)])
    raw, _ = read_table(resources[0], tmp_path)
    table, problems = check_table(resources[0], raw, lambda name: None)
    frame = table.frame
    assert list(frame.columns) == HEADER
    assert str(frame["household_size"].dtype) == "Int64" and str(frame["amount"].dtype) == "Float64"
    assert frame["month_ref"].dtype == pd.StringDtype("pyarrow")
    assert table.rows.tolist() == [2, 3, 5]  # the blank row 4 is gone
    assert frame["household_size"].isna().tolist() == [False, True, False]
    assert frame["amount"].tolist()[0] == 612.5 and frame["amount"].tolist()[2] == 1000.0
    assert pd.isna(frame["amount"].tolist()[1])


def test_messages_are_chinese_and_never_contain_the_cell(tmp_path):
    secret = "13800138000"  # a fake phone number typed into the wrong column
    text = csv_text([HEADER, roster_row(1, name_masked=secret, household_size=secret, urban_rural=secret)])
    _, resources = write_package(tmp_path, [("dibao", load_schema("dibao"), text)])
    raw, _ = read_table(resources[0], tmp_path)
    _, problems = check_table(resources[0], raw, lambda name: None)
    assert {p.code for p in problems} == {"name-not-masked", "out-of-range", "not-in-code-list"}
    for p in problems:
        assert secret not in p.message
        assert p.row == 2 and p.dataset == "dibao" and p.file == "datasets/dibao.csv"
    enum = next(p for p in problems if p.code == "not-in-code-list")
    assert "urban（城市）" in enum.message and "城乡" in enum.message


def test_objection_phone_uses_its_own_code(tmp_path):
    notices = load_schema("notices")
    points = load_schema("service_points")
    point_rows = [
        [f["name"] for f in points["fields"]],
        ["p1", "township_window", "990103101", "青山镇窗口", "", "", "0591-1234567", "dibao", "true", "2025-01-01"],
    ]
    header = [f["name"] for f in notices["fields"]]
    good = ["n-1", "2025-03", "dibao", "confirmed_publication", "990103101", "青山镇人民政府", "2025-03-01",
            "2025-03-07", "0591-1234567", "青山镇", "民发〔2021〕57号"]
    bad = [*good[:8], "13800000000", *good[9:]]
    bad[0] = "n-2"
    tables = [
        ("areas", load_schema("areas"), csv_text(AREAS)),
        ("service_points", points, csv_text(point_rows)),
        ("notices", notices, csv_text([header, good, bad])),
    ]
    problems = assert_parity(tmp_path, tables)
    mine = [p for p in problems if p.dataset == "notices"]
    assert [(p.code, p.row, p.column) for p in mine] == [("objection-phone-unofficial", 3, "objection_phone")]


# --- one fixture file per defect code -----------------------------------------------------

# code -> findings (code, row, column) for tests/fixtures/defects/<code>.csv, which holds
# exactly one defect. Three defects bring a second finding, as frictionless reports them:
# a blank row has an empty primary key, and an absent or empty cell of a required column
# is also "required".
DEFECTS = {
    "blank-row": [("blank-row", 4, None), ("missing-key", 4, "month_ref")],
    "extra-cell": [("extra-cell", 3, None)],
    "missing-cell": [("missing-cell", 3, "dibao_method"), ("required-missing", 3, "dibao_method")],
    "header-mismatch": [("header-mismatch", 1, "village_code")],
    "required-missing": [("required-missing", 2, "name_masked")],
    "missing-key": [("missing-key", 4, "month_ref"), ("required-missing", 4, "month_ref")],
    "wrong-type": [("wrong-type", 3, "household_size")],
    "not-in-code-list": [("not-in-code-list", 2, "urban_rural")],
    "wrong-format": [("wrong-format", 3, "start_month")],
    "out-of-range": [("out-of-range", 2, "amount")],
    "duplicate-key": [("duplicate-key", 4, "month_ref")],
    "unknown-reference": [("unknown-reference", 3, "village_code")],
}


def test_every_defect_fixture_is_listed():
    assert {p.stem for p in FIXTURES.glob("*.csv")} == set(DEFECTS)


@pytest.mark.parametrize("code", sorted(DEFECTS))
def test_each_defect_fixture_reports_exactly_its_code(tmp_path, code):
    (tmp_path / "datasets").mkdir()
    (tmp_path / "datasets" / "areas.csv").write_text(csv_text(AREAS[:6]), encoding="utf-8")
    (tmp_path / "datasets" / "dibao.csv").write_bytes((FIXTURES / f"{code}.csv").read_bytes())
    areas = make_resource("areas", load_schema("areas"), "areas.csv")
    dibao = make_resource("dibao", load_schema("dibao"), "dibao.csv")
    _, problems = our_problems(tmp_path, [areas, dibao])
    areas_findings = [p for p in problems if p.dataset == "areas"]
    assert [p.code for p in areas_findings] == ["wrong-format"]  # the planted bad area code
    found = sorted((p.code, p.row, p.column) for p in problems if p.dataset == "dibao")
    assert found == sorted(DEFECTS[code])


def test_one_duplicate_among_200k_keys_is_found_at_frictionless_speed_times_ten(tmp_path):
    """200k rows, one pasted twice: found at the right rows, far faster than frictionless (~8 s)."""
    import time

    n = 200_000
    refs = np.char.mod("%012x", np.arange(n))
    refs[n - 1] = refs[17]
    sizes = np.char.mod("%d", np.arange(n) % 8 + 1)
    frame = pd.DataFrame({h: roster_row(1)[i] for i, h in enumerate(HEADER)}, index=range(n))
    frame["month_ref"], frame["household_size"] = refs, sizes
    (tmp_path / "datasets").mkdir()
    frame.to_csv(tmp_path / "datasets" / "dibao.csv", index=False)
    resource = make_resource("dibao", load_schema("dibao"), "dibao.csv")
    start = time.perf_counter()
    raw, read_problems = read_table(resource, tmp_path)
    table, problems = check_table(resource, raw, lambda name: None)
    elapsed = time.perf_counter() - start
    assert read_problems == []
    assert [(p.code, p.row) for p in problems] == [("duplicate-key", n + 1)]
    assert "第 19 行" in problems[0].message
    assert table.frame["household_size"].sum() == sum(i % 8 + 1 for i in range(n))
    assert elapsed < 3.0  # generous for a busy CI machine; typically about 0.3 s


# --- random tables ---------------------------------------------------------------------------

POOL = ["", "NA", " ", "0", "-1", "+2", " 3", "1_0", "٣", "３", "3.0", "1e3", ".5", "NaN", "Infinity", "-0",
        "12345678901234567890", "0.999999999999999999", "True", "yes", "2025-3-1", "2025-02-29", "2024-02-29",
        "2025/03/01", "1999", "ab01", "丁", "١٢٣", "𠀀𠀀", "a\nb", "AB01\n", "a,b", 'say "x"', "ZZ99", "3.250", "\t1"]


def random_text(seed: int) -> str:
    rng = random.Random(seed)
    lines = [",".join(NAMES)]
    for _ in range(rng.randint(5, 40)):
        shape = rng.random()
        if shape < 0.05:
            lines.append("," * rng.randint(0, 12))  # blank rows of several kinds
            continue
        width = len(NAMES) if shape > 0.15 else rng.randint(1, 14)  # some ragged rows
        cells = [rng.choice(POOL) if rng.random() < 0.4 else list(GOOD.values())[j % len(NAMES)] for j in range(width)]
        lines.append(",".join('"' + c.replace('"', '""') + '"' if any(x in c for x in ',"\n') else c for c in cells))
    end = rng.choice(["\n", "\r\n"])
    return end.join(lines) + end


@pytest.mark.parametrize("seed", range(6))
def test_random_tables_parity(tmp_path, seed):
    schema = copy.deepcopy(SYNTHETIC)
    if seed % 2:
        schema["fields"][9]["missingValues"] = ["-"]  # the exact reader
    assert_parity(tmp_path, [("synthetic", schema, random_text(seed))], V2)


def test_parity_on_the_patched_fast_reader(tmp_path):
    """A quote-free file with blank, short and long lines takes the patched fast
    parse (not the slow csv module); findings stay identical to frictionless."""
    lines = [line for line in roster_text().split("\n") if '"' not in line and "\r" not in line and line]
    body = lines[1:]
    ragged = [lines[0], *body[:5], "", body[5] + ",多余", ",".join(body[6].split(",")[:5]), *body[7:20], ""]
    text = "\n".join(ragged) + "\n"
    assert '"' not in text and "\r" not in text
    assert_parity(tmp_path, [("areas", load_schema("areas"), csv_text(AREAS)), ("dibao", load_schema("dibao"), text)])


def test_the_patched_reader_is_used_for_quote_free_ragged_files(tmp_path, monkeypatch):
    from generator import reading

    calls = []
    monkeypatch.setattr(reading, "_from_records", lambda *a, **k: calls.append(a) or (None, []))
    lines = [line for line in roster_text().split("\n") if '"' not in line and "\r" not in line and line]
    text = "\n".join([lines[0], *lines[1:4], "", *lines[4:8]]) + "\n"
    package, resources = write_package(tmp_path, [("areas", load_schema("areas"), csv_text(AREAS)),
                                                   ("dibao", load_schema("dibao"), text)])
    raw, problems = reading.read_table(resources[-1], tmp_path)
    assert raw is not None and not calls
    assert ("blank-row", 5) in [(p.code, p.row) for p in problems]
