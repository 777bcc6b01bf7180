"""统一社会信用代码 (USCC, GB 32100-2015): format and check-character validation.

The check character is python-stdnum's (`stdnum.cn.uscc`); this module adds what a clerk needs
on top: full-width input accepted, and a reason in English and Chinese that says what is wrong.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from stdnum.cn import uscc as _stdnum_uscc

from policies.verdict import Verdict

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
# 登记管理部门码 (1st character). stdnum accepts only digits here; GB 32100 also has A, N, Y.
AUTHORITIES = {
    "1": ("机构编制", "establishment administration"),
    "2": ("外交", "foreign affairs"),
    "3": ("司法行政", "justice administration"),
    "4": ("文化", "culture"),
    "5": ("民政", "civil affairs"),
    "6": ("旅游", "tourism"),
    "7": ("宗教", "religious affairs"),
    "8": ("工会", "trade unions"),
    "9": ("工商 (市场监管)", "market regulation"),
    "A": ("中央军委改革和编制办公室", "CMC reform and establishment office"),
    "N": ("农业", "agriculture"),
    "Y": ("其他", "other"),
}
# 机构类别码 (2nd character) for the kinds of applicant these programmes see; others are shown as-is.
ENTITY_TYPES = {
    "11": ("机关", "government body"),
    "12": ("事业单位", "public institution"),
    "51": ("社会团体", "social organisation"),
    "52": ("民办非企业单位", "private non-enterprise unit"),
    "53": ("基金会", "foundation"),
    "91": ("企业", "enterprise"),
    "92": ("个体工商户", "individual business"),
    "93": ("农民专业合作社", "farmers' cooperative"),
}


class USCCError(ValueError):
    """A USCC that is not valid; `reason_en` and `reason_zh` say why, str() gives both."""

    def __init__(self, reason_en: str, reason_zh: str) -> None:
        super().__init__(f"{reason_en} / {reason_zh}")
        self.reason_en = reason_en
        self.reason_zh = reason_zh


@dataclass(frozen=True, slots=True)
class USCCParts:
    """The code's fields; `division_code` is where it was first registered, never updated."""

    code: str
    authority: str
    entity_type: str
    division_code: str
    organisation_code: str

    @property
    def entity_type_zh(self) -> str:
        return ENTITY_TYPES.get(self.authority + self.entity_type, ("", ""))[0]

    @property
    def entity_type_en(self) -> str:
        return ENTITY_TYPES.get(self.authority + self.entity_type, ("", ""))[1]

    @property
    def is_enterprise(self) -> bool:
        """Registered by market regulation as 企业 (91): B2 category 5 needs this."""
        return self.authority + self.entity_type == "91"


def normalise_uscc(code: str) -> str:
    """Full-width to half-width, spaces and hyphens removed, upper case: how people paste it."""
    return _stdnum_uscc.compact(unicodedata.normalize("NFKC", code))


def validate_uscc(code: str) -> str:
    """Return the code in canonical form, or raise USCCError with the first thing wrong."""
    c = normalise_uscc(code)
    if len(c) != 18:
        raise USCCError(
            f"a USCC has 18 characters, this one has {len(c)}", f"统一社会信用代码应为18位，此代码为{len(c)}位"
        )
    for pos, ch in enumerate(c, start=1):
        if ch not in ALPHABET:
            raise USCCError(
                f"character {pos} '{ch}' is not allowed (digits and capital letters except I O S V Z)",
                f"第{pos}位“{ch}”不是有效字符（只能是数字或除 I、O、S、V、Z 以外的大写字母）",
            )
    if c[0] not in AUTHORITIES:
        raise USCCError(
            f"character 1 '{c[0]}' is not a registration authority code of GB 32100",
            f"第1位“{c[0]}”不是有效的登记管理部门码",
        )
    if not c[2:8].isdigit():
        raise USCCError(
            "characters 3-8 must be digits (the administrative division code)",
            "第3至8位应为数字（登记管理机关行政区划码）",
        )
    if _stdnum_uscc.calc_check_digit(c[:17]) != c[17]:
        # The expected character is not shown: it would invite "fixing" the wrong position.
        raise USCCError(
            "the check character (18th) does not match: a character is probably mistyped",
            "校验码（第18位）不符，可能有字符录入错误",
        )
    if organisation_code_check(c[8:16]) != c[16]:
        raise USCCError(
            "the organisation code (characters 9-17) fails its own GB 11714 check: a character is probably mistyped",
            "第9至17位（组织机构代码）的校验码不符，可能有字符录入错误",
        )
    return c


_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def organisation_code_check(body: str) -> str:
    """GB 11714 check character of an organisation code's first eight characters (GB 32100 embeds it).

    python-stdnum's `stdnum.cn.uscc` (2.2) checks only the 18th character, so this one is ours.
    """
    total = sum((int(ch) if ch.isdigit() else ord(ch) - 55) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    r = 11 - total % 11
    return "X" if r == 10 else "0" if r == 11 else str(r)


def is_valid_uscc(code: str) -> bool:
    try:
        validate_uscc(code)
    except USCCError:
        return False
    return True


def parse_uscc(code: str) -> USCCParts:
    """Validate and split into fields (raises USCCError like `validate_uscc`)."""
    c = validate_uscc(code)
    return USCCParts(c, c[0], c[1], c[2:8], c[8:17])


def check_uscc(code: str, rule_id: str = "uscc") -> Verdict:
    """The USCC check as a rule verdict, for guards and import reports."""
    try:
        c = validate_uscc(code)
    except USCCError as exc:
        return Verdict(
            False,
            rule_id,
            f"统一社会信用代码“{code}”无效：{exc.reason_zh}",
            f"USCC '{code}' is invalid: {exc.reason_en}",
        )
    return Verdict(
        True,
        rule_id,
        f"统一社会信用代码 {c} 格式和校验码正确",
        f"USCC {c} is well-formed and its check character matches",
    )
