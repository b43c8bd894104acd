"""Every problem code the source can emit is documented, in Chinese, and
appears on the generated problem-code page."""

import re
from pathlib import Path

import generator
from generator.sections.help import problem_code_groups
from generator.problem_codes import CATALOGUE

SOURCE = Path(generator.__file__).parent
# problem("code", …) and problems_at_rows("code", …) are the only ways to make a problem.
CALL = re.compile(r"""\bproblem(?:s_at_rows)?\(\s*["']([a-z0-9-]+)["']""")


def codes_used_in_source() -> set[str]:
    used = set()
    for path in SOURCE.rglob("*.py"):
        used |= set(CALL.findall(path.read_text(encoding="utf-8")))
    return used


def test_the_source_uses_codes_from_the_catalogue_only():
    used = codes_used_in_source()
    assert used, "the pattern found no problem codes: the test would pass vacuously"
    assert used - set(CATALOGUE) == set()


def test_every_code_has_chinese_explanation_and_fix():
    for entry in CATALOGUE.values():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9.]+)*", entry.code), entry.code
        assert entry.severity in {"error", "warning"}
        for text in (entry.title, entry.message, entry.explanation, entry.fix):
            assert re.search(r"[\u4e00-\u9fff]", text), f"{entry.code}: text without Chinese"


def test_the_problem_code_page_lists_every_code():
    listed = {c.code for g in problem_code_groups() for c in g["codes"]}
    assert listed == set(CATALOGUE)
