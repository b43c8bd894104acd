"""The CI templates (.github/workflows/publish.yml, .gitlab-ci.yml) keep the
gates a bureau relies on: nothing is deployed unless validate, build and every
test passed on the default branch; the Zensical canary never blocks. The
validate and build steps' shell is run for real against a stand-in `sunshine`
that records its arguments. Also: .ci/codequality.py, which turns the JSON
report into GitLab's Code Quality report."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import PLANTED_AMOUNT, PLANTED_NAME  # tests/conftest.py (tests/ is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
GITHUB = ROOT / ".github" / "workflows" / "publish.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
GOLDEN_REPORT = ROOT / "tests" / "golden" / "report_defects.json"


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def makefile_as_of() -> str:
    return re.search(r"^AS_OF\s*\?=\s*(\S+)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE).group(1)


def step(job: dict, needle: str) -> tuple[int, dict]:
    """The only step whose command or action contains `needle`, and its index."""
    found = [(i, s) for i, s in enumerate(job["steps"]) if needle in s.get("run", "") + s.get("uses", "")]
    assert len(found) == 1, f"{needle!r} in {len(found)} steps"
    return found[0]


def needs(job: dict) -> set[str]:
    value = job.get("needs", [])
    value = [value] if isinstance(value, str) else value
    return {n if isinstance(n, str) else n["job"] for n in value}


# ---------------------------------------------------------------- GitHub Actions

def test_github_build_job_runs_every_gate_in_order():
    workflow = load(GITHUB)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request", "workflow_dispatch"} <= set(triggers)
    build = workflow["jobs"]["build"]
    assert build["container"].startswith("python:3.11-bookworm")  # Debian's chromium, not Ubuntu's snap
    order = [
        step(build, "actions/checkout@")[0],
        step(build, "make .venv/.installed-stamp")[0],
        step(build, "sunshine validate")[0],
        step(build, "sunshine build")[0],
        step(build, ".ci/run")[0],
        step(build, "actions/upload-pages-artifact@")[0],
    ]
    assert order == sorted(order)
    _, validate = step(build, "sunshine validate")
    assert "--format github" in validate["run"] and '"--strict"' in validate["run"]
    assert not any(s.get("continue-on-error") for s in build["steps"])
    assert "continue-on-error" not in build
    assert step(build, "actions/upload-pages-artifact@")[1]["with"]["path"] == "site"


def test_github_deploys_only_the_default_branch_after_build():
    workflow = load(GITHUB)
    deploy = workflow["jobs"]["deploy"]
    assert needs(deploy) == {"build"}
    condition = deploy["if"]
    assert "github.event_name != 'pull_request'" in condition
    assert "github.event.repository.default_branch" in condition
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert step(deploy, "actions/deploy-pages@")
    assert workflow["permissions"] == {"contents": "read"}


def test_github_zensical_canary_never_blocks():
    jobs = load(GITHUB)["jobs"]
    zensical = jobs["zensical"]
    assert zensical["continue-on-error"] is True
    assert "zensical" not in needs(jobs["deploy"])
    build_at, _ = step(zensical, "sunshine build")
    zensical_at, run = step(zensical, "zensical build")
    assert build_at < zensical_at and "-f zensical.yml" in run["run"]


def test_github_actions_are_pinned_to_major_versions():
    uses = [s["uses"] for job in load(GITHUB)["jobs"].values() for s in job.get("steps", []) if "uses" in s]
    assert uses and all(re.fullmatch(r"actions/[a-z-]+@v\d+", u) for u in uses), uses


# ---------------------------------------------------------------- GitLab CI

def test_gitlab_pages_needs_every_gate_and_runs_only_on_the_default_branch():
    pipeline = load(GITLAB)
    assert pipeline["stages"] == ["validate", "build", "test", "deploy"]
    pages = pipeline["pages"]
    assert pages["stage"] == "deploy"
    assert needs(pages) == {"validate", "build", "test"}
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public"]
    assert "mv site public" in pages["script"]
    assert needs(pipeline["build"]) == {"validate"} and needs(pipeline["test"]) == {"build"}
    assert "allow_failure" not in pipeline["validate"] and "allow_failure" not in pipeline["test"]


def test_gitlab_validate_reports_code_quality_and_test_runs_everything():
    pipeline = load(GITLAB)
    validate = pipeline["validate"]
    script = "\n".join(validate["script"])
    assert "--format json" in script and '"--strict"' in script and "exit $status" in script
    assert validate["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert validate["artifacts"]["when"] == "always"
    assert pipeline["test"]["script"] == [".ci/run"]
    assert pipeline["zensical"]["allow_failure"] is True
    assert "zensical" not in needs(pipeline["pages"])


def test_both_ci_files_build_the_demo_as_of_the_makefile_day():
    """The demo data are 2025: CI builds them as `make site` does; the variable
    is the documented switch a bureau's project sets to empty (= today)."""
    assert load(GITHUB)["env"]["SUNSHINE_AS_OF"] == makefile_as_of()
    assert load(GITLAB)["variables"]["SUNSHINE_AS_OF"]["value"] == makefile_as_of()
    assert load(GITHUB)["env"]["SUNSHINE_STRICT"] == load(GITLAB)["variables"]["SUNSHINE_STRICT"]["value"]


# ------------------------------------------------- the steps' shell, really run

FAKE_SUNSHINE = """#!/bin/sh
echo "$*" >> "$FAKE_LOG"
case "$*" in *"--format json"*) cat "$FAKE_REPORT" ;; esac
exit "${FAKE_EXIT:-0}"
"""


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A checkout where .venv/bin/sunshine records its arguments."""
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "sunshine").write_text(FAKE_SUNSHINE, encoding="utf-8")
    (bin_dir / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    for name in ("sunshine", "python"):
        (bin_dir / name).chmod(0o755)
    (tmp_path / ".ci").mkdir()
    (tmp_path / ".ci" / "codequality.py").write_bytes((ROOT / ".ci" / "codequality.py").read_bytes())
    return tmp_path


def run_script(workdir: Path, script: str, env: dict[str, str], *, exit_code: int = 0) -> tuple[int, list[str]]:
    log = workdir / "calls.log"
    log.unlink(missing_ok=True)
    full_env = {**os.environ, **env, "FAKE_LOG": str(log), "FAKE_REPORT": str(GOLDEN_REPORT),
                "FAKE_EXIT": str(exit_code)}
    done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                          cwd=workdir, env=full_env, capture_output=True, text=True, timeout=60)
    calls = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    return done.returncode, calls


def github_steps() -> tuple[str, str]:
    build = load(GITHUB)["jobs"]["build"]
    return step(build, "sunshine validate")[1]["run"], step(build, "sunshine build")[1]["run"]


def gitlab_steps() -> tuple[str, str]:
    pipeline = load(GITLAB)
    return "\n".join(pipeline["validate"]["script"]), "\n".join(pipeline["build"]["script"])


@pytest.mark.parametrize("steps", [github_steps, gitlab_steps], ids=["github", "gitlab"])
def test_strict_and_as_of_reach_sunshine(workdir, steps):
    validate, build = steps()
    (workdir / "site").mkdir()  # what `sunshine build` would leave for chmod

    _, calls = run_script(workdir, validate, {"SUNSHINE_STRICT": "1", "SUNSHINE_AS_OF": ""})
    assert len(calls) == 1 and calls[0].startswith("validate . --strict --format ")
    _, calls = run_script(workdir, validate, {"SUNSHINE_STRICT": "0", "SUNSHINE_AS_OF": ""})
    assert "--strict" not in calls[0]

    status, calls = run_script(workdir, build, {"SUNSHINE_STRICT": "1", "SUNSHINE_AS_OF": "2025-12-20"})
    assert status == 0 and calls == ["build . --out site --strict --as-of=2025-12-20"]
    _, calls = run_script(workdir, build, {"SUNSHINE_STRICT": "0", "SUNSHINE_AS_OF": ""})
    assert calls == ["build . --out site"]  # empty = today


@pytest.mark.parametrize("steps", [github_steps, gitlab_steps], ids=["github", "gitlab"])
def test_a_blocking_problem_fails_the_step(workdir, steps):
    validate, build = steps()
    assert run_script(workdir, validate, {"SUNSHINE_STRICT": "0", "SUNSHINE_AS_OF": ""}, exit_code=1)[0] == 1
    assert run_script(workdir, build, {"SUNSHINE_STRICT": "0", "SUNSHINE_AS_OF": ""}, exit_code=1)[0] == 1
    assert run_script(workdir, validate, {"SUNSHINE_STRICT": "0", "SUNSHINE_AS_OF": ""}, exit_code=0)[0] == 0


def test_gitlab_validate_writes_the_code_quality_report(workdir):
    validate, _ = gitlab_steps()
    status, _ = run_script(workdir, validate, {"SUNSHINE_STRICT": "0", "SUNSHINE_AS_OF": ""}, exit_code=1)
    assert status == 1  # the report is written, and the job still fails
    issues = json.loads((workdir / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert len(issues) == len(json.loads(GOLDEN_REPORT.read_text(encoding="utf-8"))["problems"])


# ---------------------------------------------------------------- .ci/codequality.py

def convert(tmp_path: Path, report: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path / "gl-code-quality-report.json"
    done = subprocess.run([sys.executable, str(ROOT / ".ci" / "codequality.py"), str(report), str(out)],
                          capture_output=True, text=True, timeout=60)
    return done, out


def test_code_quality_report_has_gitlabs_shape_and_no_cell_values(tmp_path):
    """The golden report is `sunshine validate --format json` of the fixture portal
    with planted defects (tests/conftest.py)."""
    done, out = convert(tmp_path, GOLDEN_REPORT)
    assert done.returncode == 0, done.stderr
    problems = json.loads(GOLDEN_REPORT.read_text(encoding="utf-8"))["problems"]
    issues = json.loads(out.read_text(encoding="utf-8"))
    assert len(issues) == len(problems)
    for issue, problem in zip(issues, problems):
        assert set(issue) == {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["check_name"] == problem["code"]
        assert problem["message"] in issue["description"] and problem["code"] in issue["description"]
        assert issue["severity"] == {"error": "blocker", "warning": "minor"}[problem["severity"]]
        assert issue["location"]["path"] == (problem["file"] or "datasets/datapackage.json")
        assert issue["location"]["lines"]["begin"] == (problem["row"] or 1)
        assert re.fullmatch(r"[0-9a-f]{32}", issue["fingerprint"])
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    # The job log gets the staff's text report.
    assert "怎么改" in done.stdout and "不能发布" in done.stdout
    for text in (out.read_text(encoding="utf-8"), done.stdout):
        assert PLANTED_NAME not in text and PLANTED_AMOUNT not in text


def test_code_quality_in_strict_mode_marks_warnings_as_blocking(tmp_path):
    data = json.loads(GOLDEN_REPORT.read_text(encoding="utf-8"))
    data["summary"]["strict"] = True
    strict = tmp_path / "strict.json"
    strict.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done, out = convert(tmp_path, strict)
    assert done.returncode == 0
    severities = {i["check_name"]: i["severity"] for i in json.loads(out.read_text(encoding="utf-8"))}
    assert severities["policy-validity-unknown"] == "critical" and severities["name-not-masked"] == "blocker"


def test_code_quality_of_a_crashed_validate_is_an_error_with_an_empty_report(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("", encoding="utf-8")
    done, out = convert(tmp_path, broken)
    assert done.returncode == 1 and "读不了校验报告" in done.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == []
