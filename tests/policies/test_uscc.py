"""USCC checks on real published codes, and the reasons a clerk sees for bad ones."""

from __future__ import annotations

import pytest
from stdnum.cn import uscc as stdnum_uscc

from policies.reference.uscc import (
    USCCError,
    check_uscc,
    is_valid_uscc,
    organisation_code_check,
    parse_uscc,
    validate_uscc,
)

# Published 统一社会信用代码 whose check characters validate.
REAL = {
    "914403001922038216": "华为技术有限公司",
    "9144030071526726XG": "腾讯科技（深圳）有限公司",
    "91110000710926094P": "中国石油化工股份有限公司",
    "91310000631696382C": "宝山钢铁股份有限公司",
    "91440300708461136T": "中兴通讯股份有限公司",
    "91110108551385082Q": "小米科技有限责任公司",
    "12100000400000624D": "清华大学",
    "12100000400002259P": "北京大学",
    "91110000600037341L": "python-stdnum's own example",
}


@pytest.mark.parametrize("code", sorted(REAL))
def test_real_codes_are_valid(code: str) -> None:
    assert validate_uscc(code) == code
    assert check_uscc(code).ok
    assert stdnum_uscc.is_valid(code)  # we agree with stdnum on digit-led codes


def test_input_as_people_paste_it() -> None:
    assert validate_uscc(" 9144 0300 1922 0382 16 ") == "914403001922038216"
    assert validate_uscc("９１４４０３００７１５２６７２６ｘｇ") == "9144030071526726XG"  # full-width, lower


def test_one_mistyped_character_fails() -> None:
    with pytest.raises(USCCError, match="check character") as exc:
        validate_uscc("914403001922038217")
    assert "校验码" in exc.value.reason_zh
    assert not is_valid_uscc("914403001922038226")  # a digit in the middle


@pytest.mark.parametrize(
    ("code", "en", "zh"),
    [
        ("91440300192203821", "18 characters, this one has 17", "为17位"),
        ("9144030019220382I6", "character 17 'I' is not allowed", "第17位"),
        ("S14403001922038216", "character 1 'S' is not allowed", "第1位"),
        ("B14403001922038216", "registration authority", "登记管理部门码"),
        ("9144A3001922038216", "characters 3-8 must be digits", "行政区划码"),
    ],
)
def test_reasons_name_the_fault(code: str, en: str, zh: str) -> None:
    with pytest.raises(USCCError) as exc:
        validate_uscc(code)
    assert en in exc.value.reason_en and zh in exc.value.reason_zh
    assert isinstance(exc.value, ValueError)


def test_verdict_carries_both_reasons() -> None:
    verdict = check_uscc("914403001922038217", rule_id="B2")
    assert not verdict.ok and verdict.rule_id == "B2"
    assert "无效" in verdict.reason_zh and "invalid" in verdict.reason_en


def test_letter_authority_codes_are_accepted() -> None:
    """GB 32100 has authorities A, N and Y, which stdnum's validate() rejects; the check still applies."""
    body = "N2330106MA2AXXXX"
    body += organisation_code_check(body[8:])  # the embedded organisation code keeps its GB 11714 check
    code = body + stdnum_uscc.calc_check_digit(body)
    assert validate_uscc(code) == code
    assert not stdnum_uscc.is_valid(code)


def test_parts() -> None:
    huawei = parse_uscc("914403001922038216")
    assert (huawei.division_code, huawei.organisation_code) == ("440300", "192203821")
    assert huawei.is_enterprise and huawei.entity_type_zh == "企业"
    tsinghua = parse_uscc("12100000400000624D")
    assert not tsinghua.is_enterprise and tsinghua.entity_type_en == "public institution"
    assert tsinghua.division_code == "100000"  # registered at central level: not a GB/T 2260 division
