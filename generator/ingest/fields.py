"""What a raw roster may hold: the canonical fields, their Chinese titles and
the header texts that name them, and which fields each program needs.

Canonical names are the keys of a project's `ingest_headers.yml`. Fields that
are read only to be dropped (phone, bank account, address, remarks) are listed
too, so that they are recognised and never mistaken for anything else.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    name: str
    title: str  # Chinese, as staff call the column
    variants: tuple[str, ...]  # header texts, before normalising (see headers.normalize)


_FIELDS = [
    Field("name", "户主姓名", ("户主姓名", "申请人姓名", "姓名", "户主", "救助对象姓名", "供养对象姓名",
                          "对象姓名", "特困人员姓名")),
    Field("id_number", "身份证号", ("公民身份号码", "身份证号", "身份证号码", "户主身份证号", "户主身份证号码",
                                "申请人身份证号", "申请人身份证号码", "身份证", "证件号码")),
    Field("phone", "联系电话", ("联系电话", "手机号码", "电话", "手机", "联系方式", "电话号码")),
    Field("household_size", "保障人数", ("保障人数", "家庭人口", "享受人数", "保障人口", "家庭人数", "人口数",
                                     "救助人数", "家庭人口数")),
    Field("amount", "保障金额", ("月保障金额", "保障金额", "月发放金额", "发放金额", "金额")),
    Field("township", "乡镇（街道）", ("乡镇", "乡镇（街道）", "镇街", "街道", "乡镇街道", "所属乡镇", "乡（镇）")),
    Field("village", "村（社区）", ("村", "村（社区）", "村居", "社区", "村社区", "村（居）", "所属村", "村（居）委会",
                                "村委会")),
    Field("start_month", "纳入时间", ("纳入时间", "起始时间", "享受时间", "纳入年月", "起始年月", "享受起始时间",
                                  "保障起始时间", "起始月份")),
    Field("category", "保障类别", ("保障类别", "类别", "档次", "保障档次", "分类")),
    Field("bank_account", "银行账号", ("银行账号", "卡号", "银行卡号", "账号", "一卡通账号", "存折号", "社保卡号")),
    Field("remarks", "备注", ("备注", "说明")),
    Field("address", "家庭住址", ("家庭住址", "住址", "地址", "详细地址", "家庭地址")),
    Field("urban_rural", "城乡", ("城乡", "户籍性质", "城乡类别", "城乡属性", "户口性质")),
    Field("dibao_method", "计发方式", ("计发方式", "保障方式", "计算方式")),
    Field("tekun_mode", "供养方式", ("供养方式", "供养形式")),
    Field("linshi_kind", "救助类型", ("救助类型", "救助类别")),
    Field("reason", "救助事由", ("救助事由", "救助原因", "致困原因")),
    Field("approval_level", "审批层级", ("审批层级", "审批级别")),
    Field("approved_on", "审批日期", ("审批日期", "审批时间", "批准日期")),
    Field("stop_reason", "停保原因", ("停保原因", "停发原因", "退出原因", "终止原因")),
    Field("month", "月份", ("月份", "发放月份", "保障月份", "所属月份")),
]
FIELDS: dict[str, Field] = {f.name: f for f in _FIELDS}

# Amount headers that belong to one program only.
PROGRAM_VARIANTS: dict[str, dict[str, tuple[str, ...]]] = {
    "dibao": {"amount": ("低保金", "低保金额", "月低保金")},
    "tekun": {"amount": ("供养金额", "月供养金额", "供养金", "基本生活费")},
    "linshi": {"amount": ("救助金额", "临时救助金额", "救助金")},
}

# Columns the raw file must have, per program. urban_rural is not listed: it
# defaults from the village in the areas table. dibao_method may come from
# the category column (see households.py).
REQUIRED: dict[str, tuple[str, ...]] = {
    "dibao": ("name", "id_number", "household_size", "amount", "township", "village", "start_month"),
    "tekun": ("name", "id_number", "amount", "township", "village", "start_month", "tekun_mode"),
    "linshi": ("name", "id_number", "household_size", "amount", "township", "village", "linshi_kind",
               "approval_level", "approved_on"),
}

# Read, checked where the output needs them, and never written anywhere.
DROPPED = ("phone", "bank_account", "remarks", "address", "category")

PROGRAM_TITLE = {"dibao": "低保", "tekun": "特困供养", "linshi": "临时救助"}


def variants_for(program: str, extra: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Header texts per field for one program: built-in, then the project's own."""
    merged = {}
    for name, field in FIELDS.items():
        texts = field.variants + PROGRAM_VARIANTS.get(program, {}).get(name, ()) + extra.get(name, ())
        merged[name] = tuple(dict.fromkeys(texts))
    return merged
