"""The privacy gate on a project's inputs (validate) and on a built site
(build): a planted leak is reported at its file, row and column, without
its value, and a site that leaks is never swapped in. All numbers synthetic."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import replace_in
from generator import gate, privacy, site
from generator.checking import check
from generator.pipeline import build, generate_docs
from test_cli import run, tree_digest
from test_privacy import fake_card, fake_id

MOBILE = "13912345678"


def leaks(report, code: str) -> list[tuple]:
    return [(p.file, p.row, p.column) for p in report if p.code == code]


def test_a_leak_in_any_input_is_reported_at_its_row_and_column_without_its_value(portal):
    data = portal / "datasets"
    replace_in(data / "dibao" / "2025-03.csv", "蔡某,2,1072.00", f"{fake_id()},2,1072.00")
    replace_in(data / "datapackage.json", '"title": "阳光县社会救助公开数据', f'"title": "阳光县社会救助公开数据 卡号 {fake_card()}')
    policy = portal / "content" / "policies" / "jilin-2007-20.md"
    policy.write_text(policy.read_text(encoding="utf-8") + f"\n经办人电话：{MOBILE}\n", encoding="utf-8")
    line = policy.read_text(encoding="utf-8").split("\n").index(f"经办人电话：{MOBILE}") + 1
    replace_in(portal / "mkdocs.yml", "site_name:", f"# 联系 {MOBILE}\nsite_name:")

    report = check(portal).report
    assert leaks(report, "id-number") == [("datasets/dibao/2025-03.csv", 2, "name_masked")]
    assert leaks(report, "bank-card") == [("datasets/datapackage.json", 3, None)]
    assert sorted(leaks(report, "phone-number")) == sorted([
        ("content/policies/jilin-2007-20.md", line, None), ("mkdocs.yml", 5, None)])
    assert not report.publishable()
    text = "\n".join(p.message for p in report)
    assert fake_id() not in text and MOBILE not in text and fake_card() not in text


def test_official_numbers_and_the_demo_inputs_pass(portal):
    report = check(portal).report
    assert not {"id-number", "phone-number", "bank-card", "name-not-masked"} & report.codes()


def test_a_leak_in_an_xlsx_input_is_found_in_its_cell(portal):
    from generator import xlsx

    data = portal / "datasets"
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "staffing")
    header, *rows = [line.split(",") for line in (data / "staffing.csv").read_text(encoding="utf-8").splitlines()]
    rows[-1][0] = MOBILE  # the last row of the sheet, column township_code
    sheet = xlsx.Sheet("staffing", header, [list(column) for column in zip(*rows)])
    (data / "staffing.xlsx").write_bytes(xlsx.workbook([sheet], created=dt.datetime(2025, 1, 1)))
    (data / "staffing.csv").unlink()
    resource.update(path="staffing.xlsx", format="xlsx",
                    mediatype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resource.pop("encoding", None)
    (data / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")

    assert leaks(check(portal).report, "phone-number") == [("datasets/staffing.xlsx", len(rows) + 1, "township_code")]


@pytest.mark.slow
def test_a_site_that_leaks_is_not_published_and_the_previous_site_stays(portal):
    """A generator bug is simulated by planting a page into the generated docs
    after they passed the input gate: MkDocs builds it, the gate reads the
    built site and refuses it."""
    site_dir = portal / "site"
    assert build(portal, site_dir, as_of=dt.date(2025, 12, 20)).site_dir is not None
    before = tree_digest(site_dir)
    result = check(portal)
    generate_docs(portal, result, dt.date(2025, 12, 20))
    docs = portal / site.DOCS_DIR
    (docs / "planted.md").write_text(f"# 错误生成的页面\n\n身份证 {fake_id()}\n", encoding="utf-8")
    official = gate.official_phones(result.package, result.tables)

    found = site.build(portal, site_dir, inspect=lambda staged, name: gate.site_problems(staged, official, name))

    files = {(p.code, p.file) for p in found}
    assert ("id-number", "site/planted/index.html") in files
    assert ("id-number", "site/search/search_index.json") in files  # search finds it too
    assert tree_digest(site_dir) == before
    assert not [p for p in portal.iterdir() if p.name.startswith(".site-new-")]


def test_the_cli_build_reports_a_site_leak_in_chinese_and_exits_1(portal):
    replace_in(portal / "content" / "policies" / "jilin-2007-20.md", "吉林市", f"吉林市（{MOBILE}）")
    done = run("build", str(portal))
    assert done.returncode == 1
    assert "出现了非官方电话号码（phone-number）" in done.stdout
    assert "没有生成网站；原有网站保持不变。" in done.stderr
    assert MOBILE not in done.stdout + done.stderr
    assert not (portal / "site").exists()


NAMED_LIST = """<table><thead><tr><th scope="col">序号</th><th scope="col">村（社区）</th><th scope="col">姓名</th>
<th scope="col">保障人数</th><th scope="col">备注</th></tr></thead>
<tbody>
<tr><td>1</td><td>三组村</td><td>张某</td><td>2</td><td>—</td></tr>
<tr><td>2</td><td>梅园村</td><td>{name}</td><td>1</td><td>{remark}</td></tr>
</tbody></table>"""


@pytest.mark.parametrize("name, remark, expected", [
    ("王某", "—", []),
    ("欧阳某", "—", []),
    ("王小明", "—", [("name-not-masked", 6, None)]),
    ("王*明", "—", [("name-not-masked", 6, None)]),
    ("王某", "三组", [("address-detail", 6, None)]),
    ("王某", "12号楼", [("address-detail", 6, None)]),
    ("王某", "肢体残疾二级", [("sensitive-detail", 6, "残疾")]),
    ("王某", "孤儿", [("sensitive-detail", 6, "孤儿")]),
    ("王某", "不能自理", [("sensitive-detail", 6, "自理")]),
])
def test_named_list_cells_are_checked_but_official_columns_are_not(name, remark, expected):
    html = "<p>说明：不公布健康状况。</p>\n" + NAMED_LIST.format(name=name, remark=remark)
    assert [(f.code, f.line, f.term) for f in privacy.scan_named_lists(html)] == expected


# RE2 finds the candidate lines quickly; Python's `re` then decides. RE2 must
# never miss a line that `re` would flag, whatever the text.
TEXTS = st.text(alphabet=string.digits + "Xx*＊-. a中\n", max_size=80)


@given(TEXTS)
@settings(max_examples=400, deadline=None)
def test_the_fast_prefilter_never_misses_a_candidate(text):
    slow = {text.count("\n", 0, m.start()) + 1 for m in privacy._CANDIDATES.finditer(text)}
    fast = {number for number, _ in privacy._candidate_lines(text)}
    assert slow <= fast
    assert privacy.scan_text(text) == [
        privacy.Finding(code, number) for number, line in enumerate(text.split("\n"), 1)
        for code in privacy.classify_all(line, privacy.allowed_numbers(()))]


def test_gb18030_inputs_are_read_in_their_encoding(portal):
    data = portal / "datasets"
    roster = data / "linshi" / "2025-03.csv"
    lines = roster.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2].replace(lines[2].split(",")[3], fake_id(), 1)
    roster.write_bytes("\n".join(lines).encode("gb18030"))
    replace_in(data / "datapackage.json", '"mediatype": "text/csv",\n      "encoding": "utf-8",\n      "schema": "schemas/linshi.json",\n      "sunshine": {\n        "family": "linshi",\n        "period": "2025-03"',
               '"mediatype": "text/csv",\n      "encoding": "gb18030",\n      "schema": "schemas/linshi.json",\n      "sunshine": {\n        "family": "linshi",\n        "period": "2025-03"')
    assert leaks(check(portal).report, "id-number") == [("datasets/linshi/2025-03.csv", 3, "name_masked")]
