"""Syllable lists for fictional place names and the surnames of masked names.

Only surnames are ever drawn for people ("张某"): a surname alone identifies no
one. Place names are two-syllable combinations, so they read naturally without
copying any real gazetteer; a combination may happen to exist somewhere, which
is harmless for a place name.
"""

from __future__ import annotations

import numpy as np

# Common single surnames, roughly by frequency; weights below follow the rank.
SINGLE_SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
# Compound surnames keep both characters when masked (schema: "欧阳某").
COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛", "上官", "司徒", "东方", "慕容", "皇甫", "令狐", "公孙"]
SURNAMES = SINGLE_SURNAMES + COMPOUND_SURNAMES
MASKED_NAMES = [s + "某" for s in SURNAMES]


def surname_weights() -> np.ndarray:
    """Zipf-like weights; compound surnames together about 1 %."""
    single = 1.0 / (np.arange(len(SINGLE_SURNAMES)) + 6.0)
    single = single / single.sum() * 0.99
    compound = np.full(len(COMPOUND_SURNAMES), 0.01 / len(COMPOUND_SURNAMES))
    return np.concatenate([single, compound])


# Two-syllable place names: first syllable × second syllable.
PLACE_FIRST = list("青石柳杨桃梨红新东西南北河山龙凤马鹿松竹梅兰金银白黄花云长平安清泉双高李王张何团上下大小")
PLACE_SECOND = list("家岭坪沟湾口庄桥塘坝溪湖坡冲峪台营堡林田寨铺店集园岗洼岔渡屯垭")
# Street (街道) and community (社区) names are urban in style.
STREET_NAMES = ["城关", "城南", "城东", "城西", "城北", "新华", "人民", "解放", "建设", "滨河", "文昌", "朝阳", "和平", "花园", "东风"]
COMMUNITY_FIRST = [
    "幸福", "和平", "阳光", "建设", "春晖", "文化", "团结", "民主", "兴隆", "紫荆", "桂花", "锦绣", "康乐", "育才",
    "新苑", "丰收", "振兴", "金桥", "翠园", "滨江", "向阳", "光明", "富民", "枫林",
]


def place_names(rng: np.random.Generator, count: int, taken: set[str] | None = None) -> list[str]:
    """`count` distinct two-syllable names, none in `taken`."""
    combos = [a + b for a in PLACE_FIRST for b in PLACE_SECOND if a != b]
    pool = [c for c in combos if not taken or c not in taken]
    if count > len(pool):
        raise ValueError("not enough syllable combinations for the requested names")
    picked = rng.permutation(len(pool))[:count]
    return [pool[i] for i in picked]


def community_names(rng: np.random.Generator, count: int) -> list[str]:
    """Distinct community names (without the suffix 社区)."""
    pool = list(COMMUNITY_FIRST)
    if count > len(pool):
        pool += place_names(rng, count - len(pool), taken=set(pool))
    picked = rng.permutation(len(pool))[:count]
    return [pool[i] for i in picked]
