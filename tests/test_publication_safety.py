"""Publication safety on a real build: markup planted in data and front
matter stays text on every page, and the same inputs build the same bytes."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import replace_in
from generator.pipeline import build
from test_cli import tree_digest

pytestmark = pytest.mark.slow

PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>[点我](javascript:alert(3))|*粗*"


def test_markup_from_data_and_front_matter_never_becomes_markup(portal):
    data = portal / "datasets"
    # a service point name and address, a township name, a notice publisher, a policy title
    replace_in(data / "service_points.csv", "阳光县社会救助一门受理窗口,阳光县人民路 88 号政务服务中心二楼社会救助窗口,",
               f'"阳光县{PAYLOAD}窗口","阳光县人民路{PAYLOAD}88 号政务服务中心二楼社会救助窗口",')
    replace_in(data / "areas.csv", "990103001,城关街道,", f'990103001,"城关{PAYLOAD}街道",')
    for month in ("2025-11", "2025-12"):
        notices = data / "notices" / f"{month}.csv"
        if notices.is_file():
            text = notices.read_text(encoding="utf-8").replace(",城关街道办事处,", f',"城关{PAYLOAD}办事处",')
            notices.write_text(text, encoding="utf-8")
    replace_in(portal / "content" / "policies" / "jilin-2007-20.md", "title: 吉林省吉林市人民政府",
               f"title: '吉林省{PAYLOAD}吉林市人民政府")
    replace_in(portal / "content" / "policies" / "jilin-2007-20.md", "的通知\ndoc_number:", "的通知'\ndoc_number:")

    outcome = build(portal, portal / "site", as_of=dt.date(2025, 12, 20))
    assert outcome.site_dir is not None, [p.message for p in outcome.report.errors]
    pages = {p: p.read_text(encoding="utf-8") for p in (portal / "site").rglob("*.html")}
    planted = [p for p, text in pages.items() if "alert(1)" in text]
    assert len(planted) >= 5, "the payload should reach many pages"
    for path, text in pages.items():
        assert "<script>alert" not in text, path
        assert "<img src=x" not in text, path
        assert 'href="javascript:' not in text, path
        assert "<em>粗</em>" not in text, path


def test_the_same_inputs_build_byte_identical_sites(portal, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert build(portal, first, as_of=dt.date(2025, 12, 20)).site_dir is not None
    assert build(portal, second, as_of=dt.date(2025, 12, 20)).site_dir is not None
    assert sum(1 for p in first.rglob("*") if p.is_file()) > 100
    assert tree_digest(first) == tree_digest(second)
