"""Reading files: declared encodings only, row numbers as in a spreadsheet, xlsx as seen in Excel."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.catalog import Resource
from generator.reading import read_table

SCHEMAS = Path(__file__).resolve().parents[1] / "datasets" / "schemas"
AREAS_SCHEMA = json.loads((SCHEMAS / "areas.json").read_text(encoding="utf-8"))
HEADER = "code,name,level,parent_code,urban_rural"
ROWS = ["990103,测试县,county,,", "990103101,青山镇,township,990103,", "990103101201,䶮石村,village,990103101,rural"]


def resource(path: str, encoding: str | None = "utf-8", fmt: str = "csv") -> Resource:
    return Resource(
        name="areas", family="areas", period=None, path=path, encoding=encoding, format=fmt,
        title="行政区划", schema_path="schemas/areas.json", schema=AREAS_SCHEMA,
    )


def write(root: Path, name: str, data: bytes) -> str:
    (root / "datasets").mkdir(exist_ok=True)
    (root / "datasets" / name).write_bytes(data)
    return name


def read(root: Path, data: bytes, encoding: str | None = "utf-8"):
    return read_table(resource(write(root, "areas.csv", data), encoding), root)


def text(*lines: str, end: str = "\n") -> str:
    return end.join(lines) + end


def codes(problems) -> list[tuple[str, int | None]]:
    return [(p.code, p.row) for p in problems]


# --- encodings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "declared, data",
    [
        ("utf-8", text(HEADER, *ROWS).encode("utf-8")),
        ("utf-8", b"\xef\xbb\xbf" + text(HEADER, *ROWS).encode("utf-8")),  # Excel's "CSV UTF-8"
        ("utf-8-sig", b"\xef\xbb\xbf" + text(HEADER, *ROWS).encode("utf-8")),
        ("UTF8", text(HEADER, *ROWS).encode("utf-8")),
        ("gb18030", text(HEADER, *ROWS).encode("gb18030")),  # 䶮 exists only in GB18030
    ],
)
def test_declared_encodings_give_the_same_table(tmp_path, declared, data):
    raw, problems = read(tmp_path, data, declared)
    assert problems == []
    assert raw.header == tuple(HEADER.split(","))  # no BOM left on "code"
    assert raw.cells[1].tolist() == ["测试县", "青山镇", "䶮石村"]
    assert raw.rows.tolist() == [2, 3, 4]


def test_gbk_declared_file_is_read_as_gb18030(tmp_path):
    data = text(HEADER, *ROWS).encode("gb18030")  # an old system says "GBK" but wrote 䶮
    raw, problems = read(tmp_path, data, "GBK")
    assert problems == [] and raw.cells[1].tolist()[2] == "䶮石村"


def test_utf8_bytes_declared_gb18030_are_refused(tmp_path):
    raw, problems = read(tmp_path, text(HEADER, *ROWS).encode("utf-8"), "gb18030")
    assert raw is None and [p.code for p in problems] == ["encoding-mismatch"]
    assert "UTF-8" in problems[0].message


def test_ascii_file_declared_gb18030_is_fine(tmp_path):
    raw, problems = read(tmp_path, text(HEADER, "990103,x,county,,").encode("ascii"), "gb18030")
    assert problems == [] and raw.cells[1].tolist() == ["x"]


def test_gb18030_bytes_declared_utf8_name_the_line(tmp_path):
    data = text(HEADER, ROWS[0].replace("测试县", "x"), ROWS[1]).encode("gb18030")
    raw, problems = read(tmp_path, data, "utf-8")
    assert raw is None and [p.code for p in problems] == ["encoding-mismatch"]
    assert "第 3 行" in problems[0].message and "青山镇" not in problems[0].message


@pytest.mark.parametrize("declared, code", [(None, "encoding-undeclared"), ("latin-1", "encoding-unsupported"),
                                            ("no-such-codec", "encoding-unsupported")])
def test_undeclared_or_unsupported_encoding(tmp_path, declared, code):
    raw, problems = read(tmp_path, text(HEADER, *ROWS).encode("utf-8"), declared)
    assert raw is None and [p.code for p in problems] == [code]


def test_missing_and_empty_files(tmp_path):
    raw, problems = read_table(resource("nowhere.csv"), tmp_path)
    assert raw is None and [(p.code, p.file) for p in problems] == [("file-missing", "datasets/nowhere.csv")]
    raw, problems = read(tmp_path, b"")
    assert raw is None and [p.code for p in problems] == ["file-unreadable"]


# --- rows and row numbers --------------------------------------------------------------


def test_blank_lines_keep_spreadsheet_row_numbers(tmp_path):
    data = text(HEADER, ROWS[0], "", ROWS[1], ",,,,", ROWS[2], "").encode("utf-8")
    raw, problems = read(tmp_path, data)
    assert codes(problems) == [("blank-row", 3), ("blank-row", 5), ("blank-row", 7)]
    assert raw.rows.tolist() == [2, 3, 4, 5, 6, 7]
    assert raw.cells[0].tolist()[2] == "990103101"  # row 4


def test_crlf_and_quoted_line_break_count_as_one_row(tmp_path):
    data = text(HEADER, '990103,"测试\r\n县",county,,', ROWS[1], "", end="\r\n").encode("utf-8")
    raw, problems = read(tmp_path, data)
    assert codes(problems) == [("blank-row", 4)]
    assert raw.rows.tolist() == [2, 3, 4]
    assert raw.cells[1].tolist()[:2] == ["测试\r\n县", "青山镇"]


def test_ragged_rows_are_reported_and_padded(tmp_path):
    data = text(HEADER, ROWS[0] + ",多余", "990103101,青山镇", ROWS[2]).encode("utf-8")
    raw, problems = read(tmp_path, data)
    assert [(p.code, p.row, p.column) for p in problems] == [
        ("extra-cell", 2, None),
        ("missing-cell", 3, "level"),
        ("missing-cell", 3, "parent_code"),
        ("missing-cell", 3, "urban_rural"),
    ]
    assert raw.cells[2].tolist() == ["county", "", "village"]
    assert raw.widths.tolist() == [6, 2, 5]
    assert "层级" in problems[1].message


def test_unquoted_extra_comma_does_not_shift_later_rows(tmp_path):
    rows = [f"99010310{i:04d},村{i},village,990103101,rural" for i in range(300)]
    rows[150] = "990103101150,村,150,village,990103101,rural"  # a comma typed inside a name
    raw, problems = read(tmp_path, text(HEADER, *rows).encode("utf-8"))
    assert codes(problems) == [("extra-cell", 152)]
    assert raw.rows[-1] == 301 and raw.cells[0].tolist()[-1] == "990103100299"


def test_header_far_shorter_than_the_data_is_skipped_like_frictionless(tmp_path):
    data = text("行政区划表", HEADER, *ROWS).encode("utf-8")  # a title line above the header
    raw, problems = read(tmp_path, data)
    assert problems == []
    assert raw.header == tuple(HEADER.split(",")) and raw.rows.tolist() == [3, 4, 5]


def test_header_labels_are_compared_by_position(tmp_path):
    data = text("code,地名,level,parent_code,urban_rural", *ROWS).encode("utf-8")
    raw, problems = read(tmp_path, data)
    assert [(p.code, p.row, p.column) for p in problems] == [("header-mismatch", 1, "name")]
    assert "地名" not in problems[0].message and "「name」" in problems[0].message
    assert raw.cells[1].tolist()[0] == "测试县"


# --- xlsx --------------------------------------------------------------------------------


def test_xlsx_cells_read_as_a_person_sees_them(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["month", "household_size", "amount", "approved_on", "flag", "note"])
    sheet.append(["2025-03", 3, 612.5, dt.datetime(2025, 3, 1), True, None])
    sheet.append(["2025-03", 4.0, 1000.0, dt.date(2025, 3, 2), False, "说明"])
    sheet.append([None] * 6)  # a blank row in the middle
    sheet.append(["2025-03", 5, 0.1, dt.datetime(2025, 3, 3, 9, 30), None, None, "多余"])
    sheet.append([None] * 6)  # formatted but empty rows at the end are not data
    (tmp_path / "datasets").mkdir()
    book.save(tmp_path / "datasets" / "x.xlsx")
    schema = {"fields": [{"name": n} for n in ["month", "household_size", "amount", "approved_on", "flag", "note"]],
              "missingValues": [""]}
    res = Resource(name="x", family="x", period=None, path="x.xlsx", encoding=None, format="xlsx",
                   title="x", schema_path="schemas/x.json", schema=schema)
    raw, problems = read_table(res, tmp_path)
    assert codes(problems) == [("blank-row", 4), ("extra-cell", 5)]
    assert raw.rows.tolist() == [2, 3, 4, 5]
    assert raw.cells.iloc[0].tolist() == ["2025-03", "3", "612.5", "2025-03-01", "true", ""]
    assert raw.cells.iloc[1].tolist() == ["2025-03", "4", "1000", "2025-03-02", "false", "说明"]
    assert raw.cells.iloc[3].tolist()[:4] == ["2025-03", "5", "0.1", "2025-03-03 09:30:00"]


def test_header_only_file_gives_an_empty_table(tmp_path):
    from generator.tableschema import check_table

    raw, problems = read(tmp_path, text(HEADER).encode("utf-8"))
    assert problems == [] and raw.rows.tolist() == [] and raw.cells.shape == (0, 5)
    table, problems = check_table(resource("areas.csv"), raw, lambda name: None)
    assert problems == [] and list(table.frame.columns) == HEADER.split(",") and len(table.frame) == 0
