"""`sunshine ingest` end to end, on real files: messy Excel and GB18030 CSV
rosters (tests/fixtures/messy_roster.py) into a copy of the demo project's
reference tables. All data is synthetic."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.checking import check
from generator.ingest import ingest
from generator.privacy import scan_folder

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import messy_roster as raw  # noqa: E402  (a fixture module, not a package)
from conftest import tree_digest  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SUNSHINE = [sys.executable, "-m", "generator.cli"]


def new_project(where: Path) -> Path:
    return raw.reference_project(ROOT, where)


def read_csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def codes(outcome) -> list[str]:
    return sorted({p.code for p in outcome.problems})


def official_phones(root: Path) -> list[str]:
    rows = read_csv(root / "datasets" / "service_points.csv")
    column = rows[0].index("phone")
    return [r[column] for r in rows[1:]]


@pytest.fixture(scope="module")
def two_months(tmp_path_factory):
    """January (xlsx) then February (GB18030 CSV, changes from the private state)."""
    base = tmp_path_factory.mktemp("two_months")
    root = new_project(base / "project")
    january = raw.write_january_xlsx(base / "阳光县2026年1月低保名册.xlsx")
    february = raw.write_february_csv(base / "2月低保.csv")
    first = ingest(january, program="dibao", month="2026-01", root=root)
    second = ingest(february, program="dibao", month="2026-02", root=root)
    return root, first, second, (january, february)


def test_january_is_read_masked_and_accounted_for(two_months):
    root, first, _, _ = two_months
    assert first.ok, [p.message for p in first.problems if p.severity == "error"]
    rows = read_csv(root / "datasets" / "dibao" / "2026-01.csv")
    assert rows[0] == ["month", "month_ref", "village_code", "name_masked", "household_size", "amount",
                       "start_month", "urban_rural", "dibao_method"]
    by_name = {r[3]: r for r in rows[1:]}
    assert sorted(by_name) == sorted(["欧阳某", "阿某", "王某", "张某", "李某", "司马某", "陈某", "赵某"])
    assert by_name["欧阳某"][2:] == ["990103001004", "欧阳某", "2", "1260.00", "2023-05", "urban", "gap"]
    assert by_name["阿某"][2] == "990103001001"  # 新苑社区 of 城关街道 …
    assert by_name["司马某"][2] == "990103002004"  # … and 新苑社区 of 城南街道: names unique per township only
    assert by_name["王某"][4:] == ["3", "1260.00", "2022-11", "rural", "tier"]  # full-width ３, １２６０
    assert by_name["司马某"][4:7] == ["4", "2000.00", "2019-08"]  # "4人", "2000.0 元", an Excel date cell
    assert {r[6] for r in rows[1:]} >= {"2021-06", "2020-03", "2025-12", "2024-03"}
    assert all(len(r[1]) == 12 for r in rows[1:]) and len({r[1] for r in rows[1:]}) == 8
    assert not (root / "datasets" / "changes" / "dibao" / "2026-01.csv").exists()
    text = "\n".join(first.lines)
    assert "表头在第 3–4 行" in text
    assert "行数：表头以下共 14 行 = 写入名册 8 行 + 跳过 6 行。" in text
    for line in ("第 8 行：空行", "第 14 行：合计行", "第 16 行：表尾", "第 18 行：表尾"):
        assert line in text
    assert "2026-01 低保：8 户，17 人，金额 8,980 元。" in text
    assert "合计行（第 14 行）的人数、金额（元）、户数与各行相加一致。" in text
    assert "本月是第一个月，不写变动记录" in text
    assert "已读取但不公开的列：联系电话、银行账号、备注、保障类别。" in text


def test_february_changes_equal_the_known_diff(two_months):
    root, _, second, _ = two_months
    assert second.ok, [p.message for p in second.problems if p.severity == "error"]
    changes = read_csv(root / "datasets" / "changes" / "dibao" / "2026-02.csv")
    assert changes[1:] == raw.EXPECTED_FEBRUARY_CHANGES
    text = "\n".join(second.lines)
    assert "CSV（GB18030）" in text
    assert "写入名册 8 行 + 停保记录 1 行 + 跳过 3 行" in text
    assert "与上月导入时保存的记录逐户比较）：新增 2 户，停保 2 户，增发 1 户，减发 1 户，提标 0 户" in text
    names = {r[3] for r in read_csv(root / "datasets" / "dibao" / "2026-02.csv")[1:]}
    assert {"刘某", "上官某"} <= names  # 刘䶮: 䶮 is not in GBK, read through GB18030
    refs_january = {r[1] for r in read_csv(root / "datasets" / "dibao" / "2026-01.csv")[1:]}
    refs_february = {r[1] for r in read_csv(root / "datasets" / "dibao" / "2026-02.csv")[1:]}
    assert not refs_january & refs_february  # no reference links a household across months


def test_validate_passes_after_two_months(two_months):
    root = two_months[0]
    report = check(root).report
    assert report.errors == (), [p.message for p in report.errors]
    done = subprocess.run([*SUNSHINE, "validate", str(root)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout


def test_nothing_personal_reaches_datasets(two_months):
    root = two_months[0]
    texts = {p: p.read_bytes().decode("utf-8") for p in (root / "datasets").rglob("*") if p.is_file()}
    for canary in raw.canaries(raw.JANUARY + raw.FEBRUARY):
        assert not [p for p, t in texts.items() if canary in t], canary
    assert scan_folder(root / "datasets", official_phones(root)) == []
    written = [p for p in texts if "2026" in p.name]
    assert len(written) == 3
    private = (root / ".private").rglob("*")
    assert not any(raw.JANUARY[0].id_number in p.read_text(encoding="utf-8") for p in private if p.is_file())


def test_changes_from_the_previous_raw_file_equal_those_from_the_state(two_months, tmp_path):
    _, _, _, (january, february) = two_months
    root = new_project(tmp_path / "project")
    assert ingest(january, program="dibao", month="2026-01", root=root).ok
    shutil.rmtree(root / ".private" / "state")  # only --previous can tell what January held
    outcome = ingest(february, program="dibao", month="2026-02", root=root, previous=january)
    assert outcome.ok, [p.message for p in outcome.problems]
    assert read_csv(root / "datasets" / "changes" / "dibao" / "2026-02.csv")[1:] == raw.EXPECTED_FEBRUARY_CHANGES
    assert "与 --previous 指定的上月名册逐户比较" in "\n".join(outcome.lines)


def test_without_last_months_state_or_file_nothing_is_written(two_months, tmp_path):
    _, _, _, (january, february) = two_months
    root = new_project(tmp_path / "project")
    assert ingest(january, program="dibao", month="2026-01", root=root).ok
    shutil.rmtree(root / ".private" / "state")
    before = tree_digest(root)
    outcome = ingest(february, program="dibao", month="2026-02", root=root)
    assert codes(outcome) == ["ingest-previous-missing"]
    assert "找不到上月导入时保存的记录" in outcome.problems[0].message
    assert tree_digest(root) == before


def test_a_bad_row_writes_nothing_and_every_problem_is_reported(tmp_path):
    root = new_project(tmp_path / "project")
    package_bytes = (root / "datasets" / "datapackage.json").read_bytes()
    before = tree_digest(root)
    people = list(raw.JANUARY)
    people[2] = raw.Person(2, "王小明", "城关街道", "下堂村", 3, "abc", "2022-11", "分档")  # row 7
    people[3] = raw.Person(3, "Zhang Wei", "金营镇", "长湖村", 2, "980", "2021-06", "补差")  # row 9
    people[6] = raw.Person(6, "陈静", "城关街道", "幸福社区", 1, "5000", "2025-12", "补差")  # row 12: over 830
    bad = raw.write_january_xlsx(tmp_path / "bad.xlsx", people)
    outcome = ingest(bad, program="dibao", month="2026-01", root=root)
    assert not outcome.ok
    found = {(p.code, p.row, p.column) for p in outcome.problems}
    assert ("ingest-value-invalid", 7, "月保障金额") in found
    assert ("ingest-village-unknown", 7, "村（社区）") in found
    assert ("ingest-name-unmaskable", 9, "户主 / 姓名") in found
    assert ("amount-over-standard", 12, "月保障金额") in found  # the project's own rule, on the raw row
    assert all(p.file == "bad.xlsx" for p in outcome.problems)
    assert (root / "datasets" / "datapackage.json").read_bytes() == package_bytes
    assert tree_digest(root) == before and not (root / ".private").exists()
    for p in outcome.problems:  # no cell value in any message
        assert not any(value in p.message for value in ("abc", "Zhang", "下堂村", "5000", raw.fake_id(2)))


def test_an_unknown_village_suggests_the_closest_in_its_township(tmp_path):
    root = new_project(tmp_path / "project")
    people = [raw.Person(0, "欧阳娜娜", "城关街道", "幸福小区", 2, "1260", "2023-05", "补差")]
    outcome = ingest(raw.write_january_xlsx(tmp_path / "r.xlsx", people), program="dibao", month="2026-01",
                     root=root)
    [found] = outcome.problems
    assert (found.code, found.row) == ("ingest-village-unknown", 5)
    assert found.message == "村（社区）名称在「城关街道」下找不到；最接近的是：幸福社区。"


def test_a_totals_row_that_does_not_add_up_is_a_problem(tmp_path):
    root = new_project(tmp_path / "project")
    text = raw.february_csv_text(totals={"households": 8, "persons": 18, "amount": "9570.00"})
    path = tmp_path / "feb.csv"
    path.write_bytes(text.encode("gb18030"))
    outcome = ingest(path, program="dibao", month="2026-02", root=root)
    [found] = outcome.problems
    assert (found.code, found.row, found.column) == ("ingest-total-mismatch", 14, "月发放金额")
    assert found.message == "合计行的金额（元）为 9,570，各行相加为 9,560。"


def test_refusing_to_replace_and_replacing_with_a_revision(tmp_path):
    root = new_project(tmp_path / "project")
    january = raw.write_january_xlsx(tmp_path / "jan.xlsx")
    args = [*SUNSHINE, "ingest", str(january), str(root), "--program", "dibao", "--month", "2026-01"]
    assert subprocess.run(args, capture_output=True, text=True).returncode == 0
    old = (root / "datasets" / "dibao" / "2026-01.csv").read_bytes()
    again = subprocess.run(args, capture_output=True, text=True)
    assert again.returncode == 1
    assert "已经导入过" in again.stdout and "--replace" in again.stdout
    replaced = subprocess.run([*args, "--replace"], capture_output=True, text=True)
    assert replaced.returncode == 0, replaced.stdout + replaced.stderr
    assert "revisions/dibao/2026-01/r1" in replaced.stdout
    folder = root / "revisions" / "dibao" / "2026-01" / "r1"
    assert (folder / "dibao-2026-01.csv").read_bytes() == old
    note = json.loads((folder / "revision.json").read_text(encoding="utf-8"))
    assert note["files"][0]["was"] == "datasets/dibao/2026-01.csv" and note["revision"] == "r1"
    package = json.loads((root / "datasets" / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in package["resources"]].count("dibao-2026-01") == 1


def test_local_header_names_from_the_project_file(tmp_path):
    root = new_project(tmp_path / "project")
    path = tmp_path / "local.csv"
    first17 = raw.fake_id(3)
    path.write_text("户主名字,身份证,保障人口,保障金,乡镇,村,纳入时间,计发方式\n"
                    f"张伟,{first17},2,980,金营镇,长湖村,2021-06,补差\n", encoding="utf-8-sig")
    outcome = ingest(path, program="dibao", month="2026-01", root=root)
    assert codes(outcome) == ["ingest-column-missing"]
    messages = {p.message for p in outcome.problems}
    assert any("「户主姓名」" in m and "申请人姓名" in m for m in messages)
    assert any("「保障金额」" in m and "月保障金额" in m for m in messages)
    (root / "ingest_headers.yml").write_text("name: [户主名字]\namount: [保障金]\n", encoding="utf-8")
    outcome = ingest(path, program="dibao", month="2026-01", root=root)
    assert outcome.ok, [p.message for p in outcome.problems]
    assert read_csv(root / "datasets" / "dibao" / "2026-01.csv")[1][3:6] == ["张某", "2", "980.00"]


def test_standard_uplift_when_the_standard_rose_and_the_size_did_not(two_months, tmp_path):
    _, _, _, (january, february) = two_months
    root = new_project(tmp_path / "project")
    standards = root / "datasets" / "standards.csv"
    text = standards.read_text(encoding="utf-8")
    for old in ("dibao-rural-2025-07,990103,dibao,dibao_standard,rural,,,,650,CNY_per_person_month,true,,2025-07-01,,",
                "tekun-basic-rural-2025-07,990103,tekun,tekun_basic,rural,,,,846,CNY_per_person_month,true,"
                "不低于当地低保标准的1.3倍,2025-07-01,,"):
        assert old in text
        text = text.replace(old, old[:-1] + "2026-01-31,")
    text += ("dibao-rural-2026-02,990103,dibao,dibao_standard,rural,,,,700,CNY_per_person_month,true,,"
             "2026-02-01,,2026-01-15,阳民发〔2026〕1号,虚构数值\n"
             "tekun-basic-rural-2026-02,990103,tekun,tekun_basic,rural,,,,910,CNY_per_person_month,true,,"
             "2026-02-01,,2026-01-15,阳民发〔2026〕1号,虚构数值\n")
    standards.write_text(text, encoding="utf-8")
    assert ingest(january, program="dibao", month="2026-01", root=root).ok
    outcome = ingest(february, program="dibao", month="2026-02", root=root)
    assert outcome.ok, [p.message for p in outcome.problems]
    kinds = {(r[2], r[3]) for r in read_csv(root / "datasets" / "changes" / "dibao" / "2026-02.csv")[1:]}
    assert ("990103001200", "standard_uplift") in kinds  # 下塘村 (rural): 1260 → 1400, size 3 → 3
    assert ("990103100200", "decrease") in kinds  # a cut stays a decrease
    assert check(root).report.errors == ()


TEKUN_CSV = """阳光县2026年1月特困人员供养名册
序号,姓名,身份证号,乡镇,村（社区）,供养方式,月供养金额,享受时间,城乡
1,东方明,{a},城关街道,幸福社区,集中供养,"1,200.00",2019年3月,城市
2,马小花,{b},金营镇,长湖村,分散,900元,2020.05,
3,刘小宝,{minor},金营镇,长湖村,分散供养,900,2025-01,
合计,,,,,,3000,,
"""


def minor_id() -> str:
    from generator.privacy import id_check_digit

    first17 = "99010320150601001"
    return first17 + id_check_digit(first17)


def test_tekun_roster_keeps_minors_out(tmp_path):
    root = new_project(tmp_path / "project")
    path = tmp_path / "tekun.csv"
    path.write_text(TEKUN_CSV.format(a=raw.fake_id(20), b=raw.fake_id(21), minor=minor_id()), encoding="utf-8")
    outcome = ingest(path, program="tekun", month="2026-01", root=root)
    assert outcome.ok, [p.message for p in outcome.problems]
    rows = read_csv(root / "datasets" / "tekun" / "2026-01.csv")
    assert rows[0] == ["month", "month_ref", "village_code", "name_masked", "tekun_mode", "urban_rural", "amount",
                       "start_month"]
    assert sorted(r[3:] for r in rows[1:]) == [["东方某", "centralized", "urban", "1200.00", "2019-03"],
                                               ["马某", "dispersed", "rural", "900.00", "2020-05"]]
    text = "\n".join(outcome.lines)
    assert "写入名册 2 行 + 不公开 1 行 + 跳过 1 行" in text and "第 5 行：未满 18 周岁" in text
    assert "合计行（第 6 行）的金额（元）与各行相加一致" in text


def test_linshi_from_a_legacy_xls(tmp_path):
    xlwt = pytest.importorskip("xlwt")
    root = new_project(tmp_path / "project")
    book = xlwt.Workbook()
    sheet = book.add_sheet("临时救助")
    sheet.write_merge(0, 0, 0, 8, "阳光县2026年1月临时救助名册")
    for column, label in enumerate(["姓名", "身份证号", "乡镇", "村", "家庭人口", "救助类型", "救助事由", "救助金额",
                                    "审批层级", "审批日期"]):
        sheet.write(1, column, label)
    dated = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    cases = [("诸葛亮明", raw.fake_id(30), "城关街道", "幸福社区", 3, "支出型", "因车祸住院治疗", 3000, "乡镇", 5),
             ("诸葛亮明", raw.fake_id(30), "城关街道", "幸福社区", 3, "急难型", "房屋火灾", 2000.5, "县级", 20),
             ("韩梅", raw.fake_id(31), "金营镇", "长湖村", 1, "急难型", "", 800, "乡镇", 9)]
    for row, case in enumerate(cases, start=2):
        for column, value in enumerate(case[:9]):
            sheet.write(row, column, value)
        sheet.write(row, 9, dt.date(2026, 1, case[9]), dated)
    path = tmp_path / "linshi.xls"
    book.save(str(path))
    outcome = ingest(path, program="linshi", month="2026-01", root=root)
    assert outcome.ok, [p.message for p in outcome.problems]
    rows = read_csv(root / "datasets" / "linshi" / "2026-01.csv")
    assert rows[0][1] == "case_ref" and len({r[1] for r in rows[1:]}) == 3  # one person, two cases, two refs
    got = sorted((r[3], r[5], r[6], r[7], r[8], r[9]) for r in rows[1:])
    assert got == [("诸葛某", "jinan", "disaster", "2000.50", "county", "2026-01-20"),
                   ("诸葛某", "zhichu", "accident", "3000.00", "township", "2026-01-05"),
                   ("韩某", "jinan", "", "800.00", "township", "2026-01-09")]
    assert "车祸" not in (root / "datasets" / "linshi" / "2026-01.csv").read_text(encoding="utf-8")


def test_a_household_in_dibao_and_tekun_of_one_month(two_months, tmp_path):
    _, _, _, (january, _) = two_months
    root = new_project(tmp_path / "project")
    assert ingest(january, program="dibao", month="2026-01", root=root).ok
    path = tmp_path / "tekun.csv"
    path.write_text(TEKUN_CSV.format(a=raw.JANUARY[0].id_number, b=raw.fake_id(21), minor=minor_id()),
                    encoding="utf-8")
    outcome = ingest(path, program="tekun", month="2026-01", root=root)
    [found] = outcome.problems
    assert (found.code, found.row, found.column) == ("ingest-overlap", 3, "身份证号")
    assert "datasets/dibao/2026-01.csv 第" in found.message


def test_command_line_usage():
    done = subprocess.run([*SUNSHINE, "ingest", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "导入业务系统导出的名册" in done.stdout and "--replace" in done.stdout
    done = subprocess.run([*SUNSHINE, "ingest", "x.xlsx", "--program", "dibao", "--month", "2026-1"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "YYYY-MM" in done.stderr


@pytest.mark.slow
def test_into_a_copy_of_the_whole_demo_project(tmp_path):
    """The demo holds 2025-01..12 with changes, notices and funds."""
    root = tmp_path / "demo"
    for name in ("datasets", "content"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copyfile(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    january = raw.write_january_xlsx(tmp_path / "jan.xlsx")
    outcome = ingest(january, program="dibao", month="2026-01", root=root)
    assert codes(outcome) == ["ingest-previous-missing"]  # 2025-12 is published, but was not ingested here
    path = tmp_path / "linshi.csv"
    path.write_text("姓名,身份证号,乡镇,村,家庭人口,救助类型,救助事由,救助金额,审批层级,审批日期\n"
                    f"韩梅,{raw.fake_id(31)},金营镇,长湖村,1,支出型,看病,800,乡镇,2026-01-09\n", encoding="utf-8")
    outcome = ingest(path, program="linshi", month="2026-01", root=root)
    assert outcome.ok, [p.message for p in outcome.problems]
    assert any("资金发放表" in note and "公示记录" in note for note in outcome.notes)
    left = {p.message for p in check(root).report.errors}
    assert left and all(m.startswith("缺少 2026-01 的") for m in left)  # only the funds and notices to come


@pytest.mark.slow
def test_after_two_ingested_months_the_built_site_holds_nothing_personal(two_months, tmp_path):
    """Ingest two months, build the portal, and look for every raw name, ID
    number (whole and its first 14 digits), phone and bank number of the
    inputs in every file of datasets/ and of the site."""
    from generator.pipeline import build

    root = tmp_path / "project"
    shutil.copytree(two_months[0], root, ignore=shutil.ignore_patterns(".private"))
    outcome = build(root, root / "site", as_of=dt.date(2026, 2, 25))
    assert outcome.site_dir is not None, [p.message for p in outcome.report.errors]
    people = raw.JANUARY + raw.FEBRUARY
    given_names = ["".join(p.name.split())[1:] for p in people]
    needles = [raw.FOOTER_NAME, raw.FOOTER_PHONE] + [n for n in given_names if len(n) >= 2]
    for p in people:
        needles += ["".join(p.name.split()), p.id_number, p.id_number[:14], p.phone, p.bank]
    files = [p for p in [*(root / "site").rglob("*"), *(root / "datasets").rglob("*")] if p.is_file()]
    assert len(files) > 100
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        leaked = [n for n in needles if n and n in text]
        assert not leaked, (path, leaked)
    assert "最新月份：2026-02" in (root / "site" / "statistics" / "index.html").read_text(encoding="utf-8")
    assert scan_folder(root / "site", official_phones(root)) == []
