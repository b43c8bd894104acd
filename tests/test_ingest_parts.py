"""The parts of `sunshine ingest` on their own: cells as clerks type them,
header detection and variants, masking (property tests), code lists."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.ingest import codelists, values
from generator.ingest.fields import FIELDS
from generator.ingest.headers import find_header, load_project_headers, vocabulary
from generator.ingest.masking import COMPOUND_SURNAMES, PATTERN, mask
from generator.ingest.rows import split_body
from generator.privacy import id_check_digit


@pytest.mark.parametrize("cell, fen", [
    ("1,260.00", 126000), ("1,260.00元", 126000), ("1260元", 126000), ("1260.0 元", 126000),
    ("１２６０", 126000), ("¥1260", 126000), (" 1260 ", 126000), ("\u30001260\u3000", 126000),
    (1260, 126000), (1260.5, 126050), (1260.005, 126001), ("0.01", 1),
])
def test_amounts_as_clerks_type_them(cell, fen):
    assert values.money_fen(cell) == (fen, None)


@pytest.mark.parametrize("cell", ["abc", "1.260,00", "一千", True])
def test_an_unreadable_amount_says_what_is_expected_not_what_it_found(cell):
    value, reason = values.money_fen(cell)
    assert value is None and "金额" in reason and str(cell) not in reason


@pytest.mark.parametrize("cell, month", [
    ("2025年3月", "2025-03"), ("2025.03", "2025-03"), ("2025-03", "2025-03"), ("202503", "2025-03"),
    ("2025/3", "2025-03"), ("2025-03-15", "2025-03"), ("2025年3月15日", "2025-03"), ("２０２５年３月", "2025-03"),
    (dt.datetime(2025, 3, 1), "2025-03"), (dt.date(2025, 3, 9), "2025-03"), (202503.0, "2025-03"),
    (2025.03, "2025-03"), (2025.3, "2025-03"), (2025.12, "2025-12"), ("2025-03-01 00:00:00", "2025-03"),
])
def test_month_variants(cell, month):
    assert values.month(cell) == (month, None)


@pytest.mark.parametrize("cell", ["2025-13", "25年3月", "三月", 2025.1])
def test_unreadable_or_ambiguous_months(cell):
    assert values.month(cell)[0] is None and values.month(cell)[1]


@pytest.mark.parametrize("cell", ["2025-03-15", "2025/3/15", "2025年3月15日", "20250315", dt.datetime(2025, 3, 15),
                                  20250315.0, "2025.3.15"])
def test_dates(cell):
    assert values.date(cell) == (dt.date(2025, 3, 15), None)


def test_id_numbers():
    first17 = "99010319800101123"
    good = first17 + id_check_digit(first17)
    assert values.id_number(f" {good.lower()} ") == (good.upper(), None)
    assert values.id_number("990103800101123") == ("990103800101123", None)  # 15-digit legacy number
    wrong = first17 + ("0" if good[-1] != "0" else "1")
    assert "校验位" in values.id_number(wrong)[1]
    assert "位数" in values.id_number("12345")[1]
    assert "数字" in values.id_number(float(good[:17] + "0"))[1]  # Excel stored it as a number


def test_counts():
    assert values.count("３") == (3, None)
    assert values.count("3人") == (3, None)
    assert values.count(3.0) == (3, None)
    assert values.count(2.5)[0] is None


# --- headers ---------------------------------------------------------------------------


def test_title_rows_and_a_two_row_merged_header():
    rows = [
        ["阳光县2025年3月城乡低保名册", "阳光县2025年3月城乡低保名册", "阳光县2025年3月城乡低保名册", ""],
        ["", "", "", "单位：元"],
        ["序号", "户主", "户主", "保障"],  # merged cells filled across, as reading.py does
        ["序号", "姓名", "公民身份号码", "金额（元）"],
        [1, "张三", "x", 100],
    ]
    header = find_header(rows, vocabulary("dibao", {}))
    assert (header.top, header.depth, header.data_start) == (2, 2, 4)
    assert header.columns == {"name": 1, "id_number": 2, "amount": 3}
    assert header.label("name") == "户主 / 姓名"


def test_a_note_above_a_one_row_header_is_not_part_of_it():
    rows = [["", "", "单位：元"], ["姓名", "身份证号", "保障金额"], ["张三", "x", 1]]
    header = find_header(rows, vocabulary("dibao", {}))
    assert (header.top, header.depth) == (1, 1)


def test_header_variants_of_every_program():
    words = vocabulary("tekun", {})
    for label, field in [("公民身份号码", "id_number"), ("手机号码", "phone"), ("保障人口", "household_size"),
                         ("月供养金额", "amount"), ("乡镇(街道)", "township"), ("村（社区）", "village"),
                         ("村居", "village"), ("享受时间", "start_month"), ("档次", "category"),
                         ("卡号", "bank_account"), ("户籍性质", "urban_rural"), ("供养方式", "tekun_mode"),
                         ("停保原因", "stop_reason"), (" 申请人 姓名 ", "name")]:
        companion = "保障金额" if field != "amount" else "姓名"
        header = find_header([[label, companion]], words)
        assert header.columns.get(field) == 0, label
    assert vocabulary("dibao", {}).field_of("供养金额") is None  # an amount header of 特困 only


def test_project_header_file(tmp_path: Path):
    (tmp_path / "ingest_headers.yml").write_text("name: [户主名字]\namount:\n  - 保障金\n", encoding="utf-8")
    extra, problems = load_project_headers(tmp_path)
    assert problems == [] and extra == {"name": ("户主名字",), "amount": ("保障金",)}
    header = find_header([["户主名字", "保障金", "身份证号"]], vocabulary("dibao", extra))
    assert header.columns == {"name": 0, "amount": 1, "id_number": 2}


def test_a_wrong_project_header_file_is_a_problem(tmp_path: Path):
    (tmp_path / "ingest_headers.yml").write_text("full_name: [户主名字]\n", encoding="utf-8")
    _, problems = load_project_headers(tmp_path)
    assert [p.code for p in problems] == ["ingest-headers-file-invalid"]
    assert "full_name" in problems[0].message and "name" in problems[0].message


def test_totals_footer_blank_and_repeated_header_rows_are_skipped():
    words = vocabulary("dibao", {})
    rows = [["姓名", "身份证号", "保障金额"], ["张三", "1", 10], [], ["姓名", "身份证号", "保障金额"],
            ["城关街道小计", "", 10], ["合  计", "", 10], ["制表人：某人", "", ""], ["2025年3月31日", "", ""]]
    body = split_body(rows, find_header(rows, words), words)
    assert body.records["row"].tolist() == [2]
    assert [(s.row, s.reason) for s in body.skipped] == [
        (3, "空行"), (4, "重复的表头"), (5, "小计行"), (6, "合计行"), (7, "表尾"), (8, "表尾")]
    assert body.total_row == 6 and body.rows_read == 7


# --- masking ---------------------------------------------------------------------------

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
GIVEN = st.text(HAN, min_size=1, max_size=3)


@settings(max_examples=300, deadline=None)
@given(st.text(HAN, min_size=2, max_size=6))
def test_a_masked_name_matches_the_pattern_and_keeps_only_the_surname(name):
    masked, reason = mask(name)
    assert reason is None and PATTERN.fullmatch(masked)
    kept = masked[:-1]
    assert name.startswith(kept)
    assert kept in (name[:1], name[:2]) and (len(kept) == 1 or kept in COMPOUND_SURNAMES)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(COMPOUND_SURNAMES)), GIVEN)
def test_compound_surnames_keep_both_characters(surname, given_name):
    masked, _ = mask(surname + given_name)
    assert masked == surname + "某"
    assert not set(given_name) - set(surname) & set(masked)


@settings(max_examples=200, deadline=None)
@given(st.text(HAN, min_size=1, max_size=4), st.sampled_from("·•．.・"), st.text(HAN, min_size=1, max_size=4))
def test_dotted_names_keep_the_first_character(first, dot, last):
    masked, _ = mask(first + dot + last)
    assert masked == first[0] + "某"


@settings(max_examples=200, deadline=None)
@given(st.text(HAN, min_size=1, max_size=2), GIVEN, st.sampled_from([" ", "\u3000", "\t", ""]))
def test_no_given_name_character_beyond_the_surname(surname, given_name, space):
    name = surname + space + given_name
    masked, _ = mask(name)
    kept = masked[:-1]
    clean = surname + given_name
    beyond = clean[len(kept):]
    assert not set(beyond) - set(kept) & set(masked[:-1])
    assert masked.count("某") >= 1 and len(masked) <= 3


@pytest.mark.parametrize("name", ["", "张", "Tom", "张3", "·买买提", "   "])
def test_unmaskable_names(name):
    masked, reason = mask(name)
    assert masked is None and reason and (not name.strip() or name.strip() not in reason)


def test_known_names():
    assert mask("欧阳娜娜") == ("欧阳某", None)
    assert mask("阿依古丽·买买提") == ("阿某", None)
    assert mask("王\u3000小明 ") == ("王某", None)
    assert mask("刘䶮") == ("刘某", None)  # 䶮 (Extension A) is dropped with the given name
    assert mask("欧阳") == ("欧某", None)  # two characters: a single surname and a given name


# --- code lists ------------------------------------------------------------------------


@pytest.mark.parametrize("text, code", [
    ("因车祸住院", "accident"), ("突发重病", "sudden_illness"), ("房屋火灾", "disaster"),
    ("子女上学费用", "essential_expense"), ("其他困难", "other"), ("", None),
])
def test_reasons_become_coarse_codes(text, code):
    assert codelists.reason(text) == code


def test_categorical_columns():
    assert codelists.code(codelists.URBAN_RURAL, "非农业") == "urban"
    assert codelists.code(codelists.URBAN_RURAL, "农业") == "rural"
    assert codelists.code(codelists.URBAN_RURAL, "城市") == "urban"
    assert codelists.code(codelists.DIBAO_METHOD, "二档") == "tier"
    assert codelists.code(codelists.DIBAO_METHOD, "残疾") is None  # a health category never becomes a method
    assert codelists.code(codelists.TEKUN_MODE, "分散供养") == "dispersed"
    assert codelists.stop_reason("服刑") == "other"  # a sensitive reason is never published as such
    assert codelists.stop_reason("家庭收入超标") == "no_longer_eligible"


def test_every_field_has_a_chinese_title_and_variants():
    for field in FIELDS.values():
        assert re.search(r"[\u4e00-\u9fff]", field.title) and field.variants
