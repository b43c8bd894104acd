"""Masking a name as 姓+某, the convention of the Supreme People's Court for
published judgments (法释〔2016〕19号): keep the surname, replace the whole
given name by one 某; a name written with "·" (minority and foreign names)
keeps its first character. The result always matches the schema's
`^[\u4e00-\u9fff]{1,2}某$`, whatever the length of the name, so the mask
leaks neither the given name nor its length.
"""

from __future__ import annotations

import re

from generator.ingest.values import plain
from generator.privacy import MASKED_NAME

# Two-character surnames (复姓) in use today, after the 百家姓 list. Pairs that are
# more often a single surname followed by a given name (单于, 第五 …) are left
# out: reading one as a compound would publish a character of the given name.
COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯",
    "令狐", "端木", "澹台", "万俟", "闻人", "赫连", "公羊", "公冶", "宗政", "濮阳", "淳于", "太叔", "申屠",
    "仲孙", "轩辕", "钟离", "鲜于", "闾丘", "司空", "亓官", "司寇", "子车", "颛孙", "巫马", "公西", "漆雕",
    "乐正", "壤驷", "公良", "拓跋", "夹谷", "宰父", "谷梁", "段干", "百里", "东郭", "南门", "呼延", "归海",
    "羊舌", "微生", "梁丘", "左丘", "东门", "西门", "南宫", "独孤", "完颜", "即墨", "公输",
})

# Separators of transliterated names: middle dot, bullet, full-width full stop, katakana dot …
NAME_DOTS = "·•．.・‧∙⋅"
_DOT = re.compile(f"[{re.escape(NAME_DOTS)}]")
_PUBLISHABLE = re.compile(r"[\u4e00-\u9fff]")  # what the schema accepts before 某
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f\uf900-\ufaff]")
MASK = "某"
PATTERN = MASKED_NAME  # the one mask the privacy gate accepts


def surname(name: str) -> str:
    """The part of a clean name that is kept: compound surname, else first character."""
    if _DOT.search(name):
        return _DOT.sub("", name)[:1]
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    return name[0]


def mask(raw: object) -> tuple[str | None, str | None]:
    """(masked name, None) or (None, reason in Chinese). The reason never quotes the name."""
    name = plain(raw)
    if not name:
        return None, "姓名为空"
    parts = [p for p in _DOT.split(name) if p]
    if _DOT.search(name) and len(parts) < 2:
        return None, "带“·”的姓名前后都要有字"
    letters = _DOT.sub("", name)
    if not all(_HAN.fullmatch(ch) for ch in letters):
        return None, "含有汉字以外的字符（字母、数字或符号）"
    if len(letters) < 2:
        return None, "只有一个字，无法区分姓和名"
    kept = surname(name)
    if not all(_PUBLISHABLE.fullmatch(ch) for ch in kept):
        return None, "姓是生僻字，公开名册无法显示"
    return kept + MASK, None
