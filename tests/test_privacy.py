"""The privacy gate's scanner against a planted-leak corpus: one case per kind
of personal number, in every format a built site holds, and the numbers the
site legitimately shows (official phones, area codes, digests, amounts),
which must pass. All numbers here are synthetic."""

from __future__ import annotations

import gzip
import hashlib
import io
import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from generator import privacy, xlsx
from generator.privacy import id_check_digit, scan_folder, scan_text

OFFICIAL = ["0999-5550001", "0999-5551000"]


def fake_id(first17: str = "99010319800101123") -> str:
    return first17 + id_check_digit(first17)


def fake_card(first: str = "622202100000000001") -> str:
    """A 19-digit number that passes Luhn: the last digit makes it so."""
    for last in "0123456789":
        if privacy.luhn_valid(first + last):
            return first + last
    raise AssertionError


LEAKS = {
    "id-number": [fake_id(), fake_id("11010519491231002"), "990103800101123", "3201**********1234", "990103*******12X"],
    "phone-number": ["13812345678", "138-1234-5678", "138 1234 5678", "138****5678", "0999-5559999", "010-87654321"],
    "bank-card": [fake_card(), fake_card("6217000010000000")],
}


@pytest.mark.parametrize("code, leak", [(code, leak) for code, leaks in LEAKS.items() for leak in leaks])
@pytest.mark.parametrize("wrap", [
    "{}",
    "户主：张某，身份证号{}，电话见后。",
    "<td>{}</td>",
    "990103001001,张某,{},2,1260.00",
    '{{"name_masked":"张某","id":"{}"}}',
])
def test_each_planted_leak_is_found_in_any_surrounding(code, leak, wrap):
    text = "第一行\n" + wrap.format(leak) + "\n"
    assert [(f.code, f.line) for f in scan_text(text, OFFICIAL)] == [(code, 2)]


def test_an_id_number_with_a_wrong_check_digit_is_not_an_id():
    first17 = "99010319800101123"
    wrong = next(d for d in "0123456789" if d != id_check_digit(first17))
    assert [f.code for f in scan_text(first17 + wrong)] in ([], ["bank-card"])


@pytest.mark.parametrize("text", [
    "异议电话：0999-5550001（工作日）", "咨询电话 12349，政务热线 12345",
    "990103001001,990103001,990103",  # area codes
    "sha256:" + hashlib.sha256(b"x").hexdigest(), hashlib.sha256(b"y").hexdigest() + "  data/a.csv",
    '<path d="M13812345678L6222021000000000011"/>',  # digits inside letters: an SVG path, not a number
    'transform="translate(396.6666666666667,33.178909090909094)"',  # decimals of a chart coordinate
    "金额 1,260.00 元，共 15427.13 元；2025-12-20；2025年12月",
    "户数 1048575 行；编号 20251220001",
    "低保,12285290000.00,13395660000.00,0.00",  # a province's yearly budget in yuan, with decimals
])
def test_numbers_the_site_shows_on_purpose_pass(text):
    assert scan_text(text, OFFICIAL) == []


def test_every_output_format_is_read(tmp_path):
    leak = fake_id()
    (tmp_path / "page.html").write_text(f"<p>{leak}</p>", encoding="utf-8")
    (tmp_path / "data.csv").write_bytes(("\ufeffa,b\n1,13812345678\n").encode("utf-8"))
    (tmp_path / "search_index.json").write_text(json.dumps({"docs": [{"text": fake_card()}]}), encoding="utf-8")
    with gzip.open(tmp_path / "sitemap.xml.gz", "wb") as packed:
        packed.write(f"<loc>https://x/{leak}/</loc>".encode())
    book = xlsx.workbook([xlsx.Sheet("数据", ["电话"], [["0999-5550001", "13912345678"]])], created=pd.Timestamp(2025, 1, 1))
    (tmp_path / "table.xlsx").write_bytes(book)
    sink = io.BytesIO()
    pq.write_table(pa.table({"n": ["1", "2", leak]}), sink)
    (tmp_path / "table.parquet").write_bytes(sink.getvalue())
    (tmp_path / "font.woff2").write_bytes(b"\x00\x01" + leak.encode())  # not text: not read
    found = {(f.path, f.code) for f in scan_folder(tmp_path, OFFICIAL)}
    assert found == {("page.html", "id-number"), ("data.csv", "phone-number"), ("search_index.json", "bank-card"),
                     ("sitemap.xml.gz", "id-number"), ("table.xlsx", "phone-number"), ("table.parquet", "id-number")}
    parquet_line = next(f.line for f in scan_folder(tmp_path, OFFICIAL) if f.path == "table.parquet")
    assert parquet_line == 3  # the row
