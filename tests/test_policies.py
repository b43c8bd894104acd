"""The policy library: the real content loads cleanly, and each defect staff
can make in a policy file is reported with its own code and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.policies import load_policies, normalize_doc_number
from generator.problems import Severity

PROJECT = Path(__file__).resolve().parents[1]

VALID = """\
doc_id: {stem}
title: 关于调整城乡低保标准的通知
doc_number: 示政办发〔2024〕5号
issuer: 示例县人民政府办公室
doc_kind: notice
category: dibao
date_signed: 2024-03-01
date_published: 2024-03-05
status: in_force
source: 示例县人民政府网站
source_kind: official
script: simplified
has_full_text: true
"""

BODY = "\n# 关于调整城乡低保标准的通知\n\n一、自2024年4月起调整低保标准。\n"


def write_policy(root: Path, stem: str, front: str, body: str = BODY) -> None:
    folder = root / "content" / "policies"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")


def found(problems) -> list[tuple[str, str | None]]:
    return sorted((p.code, p.column) for p in problems)


def edited(front: str, old: str, new: str) -> str:
    assert old in front  # guard: the fixture really changes something
    return front.replace(old, new)


# --- the real library ---------------------------------------------------------------


def test_real_library_has_no_errors_only_unknown_validity_warnings():
    policies, problems = load_policies(PROJECT)
    assert len(policies) == 8
    assert [p for p in problems if p.severity is Severity.ERROR] == []
    assert {p.code for p in problems} == {"policy-validity-unknown"}


def test_real_library_records_the_seed_artefacts_honestly():
    by_id = {p.doc_id: p for p in load_policies(PROJECT)[0]}
    jilin = by_id["jilin-2007-20"].metadata
    assert jilin["doc_number"] == "吉市政发〔2007〕20号"
    assert jilin["doc_number_original"] == "吉市政发[2007]20号"
    assert (jilin["date_signed"], jilin["page_date"]) == ("2007-10-23", "2020-07-22")
    assert jilin["status"] == "expired"
    changji = by_id["changji-2015-62"]
    assert (changji.metadata["date_signed"], changji.metadata["date_published"]) == ("2015-10-16", "2015-10-22")
    # The page showed the text twice; the library keeps one copy.
    assert changji.body.count("确保社会救助各项政策落到实处") == 1
    huhehaote = by_id["huhehaote-2017-23"]
    assert huhehaote.body.count("予以通报批评并进行问责") == 1
    # No date anywhere in the source: explained, not invented.
    assert "date_signed" not in huhehaote.metadata and huhehaote.metadata["date_note"]
    yinzhou = by_id["yinzhou-2016-122"]
    assert yinzhou.metadata["script"] == "traditional"
    assert "統一受理救助申請" in yinzhou.body  # kept in Traditional script, not converted
    interpretation = by_id["longyan-2021-qitiao-jiedu"].metadata
    parents = [by_id[doc_id] for doc_id in interpretation["interprets"]]
    assert [p.metadata["has_full_text"] for p in parents] == [False]


# --- one fixture per defect -----------------------------------------------------------


def test_valid_fixture_with_unquoted_dates_has_no_problems(tmp_path):
    write_policy(tmp_path, "demo", VALID.format(stem="demo"))
    policies, problems = load_policies(tmp_path)
    assert problems == []
    assert policies[0].metadata["date_published"] == "2024-03-05"
    assert policies[0].path == "content/policies/demo.md"


def test_missing_issuer(tmp_path):
    write_policy(tmp_path, "demo", edited(VALID.format(stem="demo"), "issuer: 示例县人民政府办公室\n", ""))
    _, problems = load_policies(tmp_path)
    assert found(problems) == [("policy-metadata-missing", "issuer")]
    assert problems[0].message == "政策文件缺少「发文机关」。"
    assert problems[0].file == "content/policies/demo.md" and problems[0].row is None


def test_square_brackets_in_doc_number_get_the_specific_message(tmp_path):
    write_policy(tmp_path, "demo", edited(VALID.format(stem="demo"), "〔2024〕", "[2024]"))
    _, problems = load_policies(tmp_path)
    assert found(problems) == [("doc-number-brackets", "doc_number")]


def test_published_before_signed(tmp_path):
    write_policy(tmp_path, "demo", edited(VALID.format(stem="demo"), "date_published: 2024-03-05", "date_published: 2024-02-01"))
    _, problems = load_policies(tmp_path)
    assert found(problems) == [("policy-dates-inconsistent", "date_published")]


def test_interprets_a_document_not_in_the_library(tmp_path):
    front = edited(VALID.format(stem="demo"), "doc_kind: notice", "doc_kind: interpretation\ninterprets:\n  - no-such-doc")
    write_policy(tmp_path, "demo", front)
    _, problems = load_policies(tmp_path)
    assert found(problems) == [("policy-relation-broken", "interprets")]
    assert "no-such-doc" in problems[0].message


def test_interpretation_without_interprets(tmp_path):
    write_policy(tmp_path, "demo", edited(VALID.format(stem="demo"), "doc_kind: notice", "doc_kind: interpretation"))
    _, problems = load_policies(tmp_path)
    assert found(problems) == [("policy-relation-missing", "interprets")]


def test_duplicated_body_reports_where_the_copy_starts(tmp_path):
    lines = [f"第{n}段：按月发放低保金。" for n in range(1, 7)]
    body = "\n# 标题\n\n" + "\n".join(lines) + "\n\n" + "\n".join(lines) + "\n"
    write_policy(tmp_path, "demo", VALID.format(stem="demo"), body)
    _, problems = load_policies(tmp_path)
    assert found(problems) == [("policy-body-duplicated", None)]
    assert problems[0].severity is Severity.WARNING
    # Lines 1-15 front matter with fences, 16-18 blank, title, blank, 19-24 text, 25 blank: copy at 26.
    assert "从第 26 行起" in problems[0].message


def test_long_paragraph_repeated_once_is_a_duplicate(tmp_path):
    paragraph = "各县市要加强社会救助资金监管，" * 15  # 225 characters
    body = f"\n# 标题\n\n{paragraph}\n\n中间一段。\n\n{paragraph}\n"
    write_policy(tmp_path, "demo", VALID.format(stem="demo"), body)
    _, problems = load_policies(tmp_path)
    assert found(problems) == [("policy-body-duplicated", None)]


def test_unreadable_yaml(tmp_path):
    write_policy(tmp_path, "demo", edited(VALID.format(stem="demo"), "title: 关于", 'title: "关于'))
    policies, problems = load_policies(tmp_path)
    assert policies == []
    assert found(problems) == [("policy-front-matter-unreadable", None)]


def test_doc_id_must_equal_file_name(tmp_path):
    write_policy(tmp_path, "demo", VALID.format(stem="other-name"))
    _, problems = load_policies(tmp_path)
    assert found(problems) == [("policy-metadata-invalid", "doc_id")]
    assert "demo" in problems[0].message


# --- dates and codes ----------------------------------------------------------------


def test_full_text_needs_dates_but_a_metadata_only_record_does_not(tmp_path):
    def undated(stem: str) -> str:
        return edited(VALID.format(stem=stem), "date_signed: 2024-03-01\ndate_published: 2024-03-05\n", "")

    write_policy(tmp_path, "full", undated("full"))
    write_policy(tmp_path, "stub", edited(undated("stub"), "has_full_text: true", "has_full_text: false"))
    _, problems = load_policies(tmp_path)
    assert [(p.file, p.column) for p in problems] == [
        ("content/policies/full.md", "date_signed"),
        ("content/policies/full.md", "date_published"),
    ]


def test_wrong_code_lists_the_allowed_codes_without_echoing_the_value(tmp_path):
    write_policy(tmp_path, "demo", edited(VALID.format(stem="demo"), "status: in_force", "status: 有效吧"))
    _, problems = load_policies(tmp_path)
    assert found(problems) == [("policy-metadata-invalid", "status")]
    assert "in_force（有效）" in problems[0].message
    assert "有效吧" not in problems[0].message


@pytest.mark.parametrize(
    ("printed", "normalised"),
    [
        ("吉市政发[2007]20号", "吉市政发〔2007〕20号"),
        ("昌州政办发【2015】62号", "昌州政办发〔2015〕62号"),
        ("民发﹝2021﹞57号", "民发〔2021〕57号"),
        ("呼政办发〔2017〕23号", "呼政办发〔2017〕23号"),
    ],
)
def test_normalize_doc_number(printed, normalised):
    assert normalize_doc_number(printed) == normalised
