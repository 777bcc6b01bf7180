"""What an organisation's name and USCC show of its legal form, whatever form it declared (B2.5).

Notice 004 admits as 示范企业 only "依照《公司法》在我国境内设立的具有独立法人资格的有限责任公司、股份有限公司".
A branch, office, partnership, sole proprietorship or individual business has no legal personality of its own,
and its registered name or its USCC says so: ``…上海分公司``, ``…（有限合伙）``, a USCC of type 92 (个体工商户).
The recorded attributes' values carry their Chinese labels here, so no refusal shows a raw code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policies.reference.uscc import USCCError, parse_uscc

# The Chinese label of each recorded attribute value (the roster's closed vocabulary): the one place they are
# worded; the roster's drop-downs and its importer, and every refusal, read them from here.
ATTRIBUTE_VALUES_ZH: dict[str, dict[str, str]] = {
    "entity_form": {
        "llc": "有限责任公司",
        "jsc": "股份有限公司",
        "branch": "分支机构",
        "partnership": "合伙企业",
        "sole-proprietorship": "个人独资企业",
        "representative-office": "代表处（办事处）",
        "individual-business": "个体工商户",
        "cooperative": "农民专业合作社",
        "public-institution": "事业单位",
        "other": "其他",
    },
    "education_level": {"undergraduate": "普通本科高校", "vocational": "高职（专科）院校"},
    "park_level": {"national": "国家级", "provincial": "省级", "municipal": "市级"},
    "founder": {
        "central-government": "中央政府部门",
        "local-government": "地方政府",
        "soe": "国有企业",
        "private": "民营企业",
    },
}
ATTRIBUTE_NAMES_ZH = {
    "entity_form": "企业组织形式",
    "education_level": "办学层次",
    "park_level": "园区级别",
    "founder": "设立主体",
}


def value_zh(attribute: str, value: object) -> str:
    """The Chinese label of a recorded value; an unknown value is said to be unrecognised, never shown raw."""
    if value is None:
        return "未登记"
    return ATTRIBUTE_VALUES_ZH.get(attribute, {}).get(str(value), "未能识别的登记值")


# Endings of a registered name that make it a part of another body (企业名称登记管理规定: 分支机构 carry the parent's
# name and their own ending). The words are matched at the end, after any bracketed note such as （筹）.
_BRANCH_ENDINGS = ("分公司", "分厂", "分店", "分行", "支行", "营业部", "分支机构")
_OFFICE_ENDINGS = ("代表处", "办事处")
_TRAILING_NOTE = re.compile(r"[（(][^（）()]*[）)]$")
_PARTNERSHIP = re.compile(r"[（(](有限|普通|特殊普通)合伙[）)]|合伙企业")
_USCC_FORMS = {"92": "individual-business", "93": "cooperative"}


@dataclass(frozen=True)
class EvidentForm:
    """A legal form the records show, and what shows it (for the refusal's reason)."""

    form: str
    shown_by_zh: str
    shown_by_en: str


def evident_form(name: str, uscc: str | None) -> EvidentForm | None:
    """The form the name or USCC shows when it is not a company's (None: nothing contradicts a declaration)."""
    bare = name.strip()
    partnership = _PARTNERSHIP.search(bare)
    if partnership:
        return EvidentForm(
            "partnership", f"名称含“{partnership.group(0)}”", f"its name contains {partnership.group(0)}"
        )
    if "个人独资" in bare:
        return EvidentForm("sole-proprietorship", "名称含“个人独资”", "its name says 个人独资 (sole proprietorship)")
    while _TRAILING_NOTE.search(bare):
        bare = _TRAILING_NOTE.sub("", bare).strip()
    for ending, form in [
        *((e, "representative-office") for e in _OFFICE_ENDINGS),
        *((e, "branch") for e in _BRANCH_ENDINGS),
    ]:
        if bare.endswith(ending):
            return EvidentForm(form, f"名称以“{ending}”结尾", f"its name ends in {ending}")
    if uscc:
        try:
            parts = parse_uscc(uscc)
        except USCCError:
            return None  # an invalid code is the USCC rule's to refuse
        registered = _USCC_FORMS.get(parts.authority + parts.entity_type)
        if registered:
            return EvidentForm(
                registered,
                f"统一社会信用代码登记为{parts.entity_type_zh}",
                f"its USCC is registered to {parts.entity_type_en}",
            )
    return None
