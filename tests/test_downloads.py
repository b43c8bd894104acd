"""Download files: what a journalist opening them in Excel or a script sees,
and what `sha256sum -c` says after a real build."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import subprocess
import zipfile

import pandas as pd
import pyarrow.parquet as pq
import pytest

from generator import downloads
from generator.checking import check
from generator.context import build_context
from generator.pipeline import build
from conftest import MINIMAL

META = {"name": "test", "title": "测试", "licenses": [{"name": "CC-BY-4.0", "title": "知识共享署名 4.0"}],
        "sunshine": {"publisher": "阳光县民政局"}}
PLANTED = '=HYPERLINK("http://example.com","点我")'


def planted() -> downloads.Dataset:
    schema = {"title": "测试", "fields": [
        {"name": "name", "type": "string", "title": "名称"},
        {"name": "amount", "type": "number", "title": "金额", "unit": "元"},
        {"name": "households", "type": "integer", "title": "户数"},
    ], "sunshine": {"suppressible": ["households"], "suppressed_note": "说明"}}
    frame = pd.DataFrame({"name": [PLANTED, "+86 138", "-测试", "@SUM(1)", "石门村"],
                          "amount": [-50.0, 1.5, 0.0, 2.0, 1079.5], "households": [7, "C", 0, 12, None]},
                         dtype="object")
    return downloads.Dataset("planted", "测试", schema, frame)


def test_csv_has_bom_and_neutralised_text_but_untouched_numbers():
    data = downloads.to_csv(planted())
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" not in data
    text = data.decode("utf-8-sig")
    lines = text.splitlines()
    assert lines[0] == "name,amount,households"
    assert lines[1].startswith("\"'=HYPERLINK(") and lines[1].endswith(",-50,7")
    assert lines[2] == "'+86 138,1.5,C" and lines[3] == "'-测试,0,0" and lines[4] == "'@SUM(1),2,12"
    assert lines[5] == "石门村,1079.5,"


def test_xlsx_has_no_formula_even_for_planted_hyperlink():
    data = downloads.to_xlsx(planted(), META)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        assert len(sheets) == 2
        for name in sheets:
            assert "<f>" not in book.read(name).decode("utf-8")
        assert 'quotePrefix="1"' in book.read("xl/styles.xml").decode("utf-8")
    read = pd.read_excel(io.BytesIO(data), sheet_name=None)
    assert list(read) == ["数据", "说明"]
    assert read["数据"]["name"][0] == PLANTED
    assert read["数据"]["households"][1] == "C"


def test_xlsx_longer_than_a_sheet_continues_on_more_sheets(monkeypatch):
    # Excel's limit is 1,048,576 rows a sheet; a smaller limit shows the same split with 5 rows.
    monkeypatch.setattr(downloads, "XLSX_ROWS", 2)
    read = pd.read_excel(io.BytesIO(downloads.to_xlsx(planted(), META)), sheet_name=None)
    assert list(read) == ["数据", "数据2", "数据3", "说明"]
    names = [name for sheet in ("数据", "数据2", "数据3") for name in read[sheet]["name"]]
    assert names == list(planted().frame["name"])  # every row once, in order, each sheet with its header
    notes = dict(zip(read["说明"].iloc[:, 0], read["说明"].iloc[:, 1]))
    assert "依次放在 数据、数据2、数据3 中" in notes["分表"]


def test_json_keeps_numbers_numeric_and_c_a_string():
    records = json.loads(downloads.to_json(planted()))
    assert records[0]["amount"] == -50 and records[0]["households"] == 7
    assert records[1]["households"] == "C" and records[4]["households"] is None


def test_parquet_suppressible_columns_are_text():
    table = pq.read_table(io.BytesIO(downloads.to_parquet(planted())))
    assert str(table.schema.field("amount").type) == "double"
    assert table.column("households").to_pylist() == ["7", "C", "0", "12", None]


@pytest.fixture(scope="module")
def fixture_files():
    ctx = build_context(check(MINIMAL), dt.date(2025, 12, 20))
    return ctx, downloads.render(downloads.published_datasets(ctx), ctx.package.descriptor)


def test_rendering_twice_gives_identical_bytes(fixture_files):
    ctx, files = fixture_files
    again = downloads.render(downloads.published_datasets(ctx), ctx.package.descriptor)
    assert sorted(files) == sorted(again)
    for path in files:
        assert files[path] == again[path], path


def test_rosters_are_never_published(fixture_files):
    _, files = fixture_files
    names = {path.split("/")[1] for path in files if path.count("/") == 2}
    assert names >= {"caseload_monthly", "changes_monthly", "standards", "fund_allocations", "fund_budget_execution",
                     "fund_disbursement_monthly", "fund_transfers", "service_points", "staffing", "areas",
                     "notices", "policies"}
    assert not names & {"dibao", "tekun", "linshi", "changes_dibao", "changes_tekun"}
    header = files["data/caseload_monthly/caseload_monthly.csv"].decode("utf-8-sig").splitlines()[0]
    assert header == "month,area_code,geo_level,area_name,assistance_type,households,persons,amount,avg_per_person"


@pytest.mark.slow
def test_built_site_checksums_and_datapackage_verify(portal, fixture_files):
    outcome = build(portal, portal / "site", as_of=dt.date(2025, 12, 20))
    data = portal / "site" / "data"
    assert outcome.site_dir is not None
    # The build writes the files from a forked process: the same bytes as made in memory.
    _, in_memory = fixture_files
    for path, content in in_memory.items():
        assert (portal / "site" / path).read_bytes() == content, path
    done = subprocess.run(["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=data, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    for resource in package["resources"]:
        content = (data / resource["path"]).read_bytes()
        assert len(content) == resource["bytes"]
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
    masked = re.compile("[一-鿿]{1,2}某")
    for path in data.rglob("*"):
        if path.is_file() and path.suffix in {".csv", ".json", ""}:  # dictionary pages may show the mask format "张某"
            assert not masked.search(path.read_text(encoding="utf-8", errors="replace")), path
    page = (data / "caseload_monthly" / "index.html").read_text(encoding="utf-8")
    assert '<script type="application/ld+json">' in page and '"@type": "DataDownload"' in page
    assert 'href="caseload_monthly.csv"' in page
    stats = (portal / "site" / "statistics" / "index.html").read_text(encoding="utf-8")
    assert "../data/caseload_monthly/caseload_monthly.csv" in stats
