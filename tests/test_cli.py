"""The `sunshine` command as staff and CI use it: exit codes, Chinese
messages, formats, and that validate never writes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import PLANTED_AMOUNT, PLANTED_NAME, tree_digest

SUNSHINE = [sys.executable, "-m", "generator.cli"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*SUNSHINE, *args], capture_output=True, text=True, cwd=cwd)


def test_clean_portal_is_publishable(portal):
    done = run("validate", str(portal))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.rstrip().endswith("可以发布（警告不阻止发布；加 --strict 时警告也会阻止）。")
    assert "0 个错误" in done.stdout


def test_strict_turns_warnings_into_a_block(portal):
    done = run("validate", str(portal), "--strict")
    assert done.returncode == 1
    assert "严格模式（--strict）下有警告，不能发布" in done.stdout


def test_defects_block_publishing_with_file_row_and_column(defective_portal):
    done = run("validate", str(defective_portal))
    assert done.returncode == 1
    out = done.stdout
    assert "【错误】保障金额超过标准（amount-over-standard），共 1 处" in out
    assert "datasets/dibao/2025-03.csv，列「amount」：保障金额超过上限（低保标准、城市 800 元/人·月 × 保障人数）" in out
    assert "【错误】公示期不够长（notice-too-short）" in out
    assert "公示期只有 3 天，这一阶段至少要 7 天（含首尾两天）。" in out
    assert "【错误】文件编码与声明不符（encoding-mismatch）" in out
    assert "【错误】应配协管员人数算错（staffing-required-wrong）" in out
    assert "怎么改：" in out
    assert "有错误，不能发布" in out


def test_json_report_has_the_documented_shape(defective_portal):
    done = run("validate", str(defective_portal), "--format", "json")
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert set(report) == {"problems", "summary"}
    keys = {"code", "severity", "dataset", "file", "row", "column", "message"}
    assert all(set(p) == keys for p in report["problems"])
    assert report["summary"]["publishable"] is False
    assert report["summary"]["errors"] == sum(p["severity"] == "error" for p in report["problems"])
    over = [p for p in report["problems"] if p["code"] == "amount-over-standard"]
    assert [(p["file"], p["row"], p["column"]) for p in over] == [("datasets/dibao/2025-03.csv", 3, "amount")]


def test_github_annotations_carry_no_cell_values(defective_portal):
    done = run("validate", str(defective_portal), "--format", "github")
    assert done.returncode == 1
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert any(a.startswith("::error file=datasets/dibao/2025-03.csv,line=3,title=amount-over-standard") for a in annotations)
    assert any(a.startswith("::warning ") for a in annotations)
    for output in (done.stdout, run("validate", str(defective_portal)).stdout,
                   run("validate", str(defective_portal), "--format", "json").stdout):
        assert PLANTED_NAME not in output and PLANTED_AMOUNT not in output


def test_validate_writes_nothing(defective_portal):
    before = tree_digest(defective_portal)
    run("validate", str(defective_portal))
    assert tree_digest(defective_portal) == before


def test_usage_errors_exit_2_in_chinese(tmp_path):
    wrong_format = run("validate", str(tmp_path), "--format", "xml")
    assert wrong_format.returncode == 2
    assert "用法错误" in wrong_format.stderr and "sunshine validate --help" in wrong_format.stderr
    missing = run("validate", str(tmp_path / "没有这个目录"))
    assert missing.returncode == 2
    assert "项目目录不存在" in missing.stderr


def test_a_folder_without_data_package_is_explained(tmp_path):
    done = run("validate", str(tmp_path))
    assert done.returncode == 1
    assert "找不到 datasets/datapackage.json" in done.stdout


def test_help_has_examples():
    done = run("validate", "--help")
    assert done.returncode == 0
    assert "示例" in done.stdout and "--strict" in done.stdout
