"""Word/WPS 字数 as the case limits use it: hand-counted examples and the real abstracts of seed 002."""

from __future__ import annotations

import pytest

from engine.files.published import parse_published
from policies.guards.cases import violation_en, violation_zh
from policies.reference.textlength import Violation, check_limits, count_chars, count_zi
from tests.support.paths import SEED_002


@pytest.mark.parametrize(
    ("text", "zi", "chars"),
    [
        ("", 0, 0),
        ("知识产权", 4, 4),
        ("知识产权强国建设。", 9, 9),  # 8 Han + full-width 。
        ("2024年", 2, 5),  # "2024" is one word + 年
        ("2024 年 7 月 15 日", 6, 10),  # 2024/年/7/月/15/日; chars 4+1+1+1+2+1; spaces neither
        ("5G网络", 3, 4),  # 5G + 网 + 络
        ("3.5亿元", 3, 5),  # "3.5" is one word, like Word
        ("WIPO和TISC", 3, 9),  # WIPO + 和 + TISC
        ("Hello, world!", 2, 12),  # two words; half-width punctuation is not a 字
        ("良种+技术", 4, 5),  # the lone half-width "+" counts 0
        ("A+B模式", 3, 5),  # "A+B" is one run
        ("10%以上", 3, 5),
        ("（一）", 3, 3),  # full-width brackets count 1 each
        ("重庆(自贸区)", 5, 7),  # half-width brackets next to Han count 0
        ("“村 BA”", 4, 5),  # “ 村 BA ”
        ("《纲要》：好！", 7, 7),
        ("……——", 4, 4),  # U+2026 ×2 and U+2014 ×2, one each
        ("阿·木", 3, 3),  # middle dot U+00B7
        ("ＡＢＣ１２", 5, 5),  # full-width forms U+FF00–FFEF count one each
        ("\u3000\u3000首行缩进", 4, 4),  # ideographic spaces are white space
        ("第一行\n第二行\t第三行", 9, 9),
        ("①②", 2, 2),
        ("25℃", 2, 3),  # 25 + ℃
        ("m²", 1, 2),
        ("2020–2024", 1, 9),  # an en dash joins like half-width punctuation
        ("𠀀𪚥", 2, 2),  # extension B ideographs (outside the BMP)
        ("零\u200b宽", 2, 2),  # a zero-width space counts in neither
    ],
)
def test_hand_counted(text: str, zi: int, chars: int) -> None:
    assert count_zi(text) == zi
    assert count_chars(text) == chars


def test_mixed_sentence() -> None:
    # 依托(2) WIPO(1) 技术与创新支持中心(9) （(1) TISC(1) ）(1) ，(1) 服务(2) 1200(1) 余家(2) 企业(2) 。(1)
    text = "依托 WIPO 技术与创新支持中心（TISC），服务1200余家企业。"
    assert count_zi(text) == 24
    # 依托2 WIPO4 技术与创新支持中心9 （1 TISC4 ）1 ，1 服务2 1200(4) 余家2 企业2 。1
    assert count_chars(text) == 33


@pytest.fixture(scope="module")
def seed_cases() -> dict[int, tuple[str, str]]:
    listing = parse_published(SEED_002.read_text(encoding="utf-8"))
    return {case.number: (case.name, case.abstract) for case in listing.cases}


def test_seed_names_hand_counted(seed_cases: dict[int, tuple[str, str]]) -> None:
    # 山西省大同市(6) 做强黄花产业(6) ，(1) 做优品牌经济(6)
    assert count_zi(seed_cases[4][0]) == 19
    # 浙江省高级人民法院(9) 推广使用(4) “法护知产”(6) 在线协同应用(6): exactly at the 25 字 limit
    assert count_zi(seed_cases[12][0]) == 25
    # 中国科学技术大学(8) 探索(2) “(1) 赋权(2) +(0) 转让(2) +(0) 约定收益(4) ”(1) 模式(2) ，(1)
    # 提高知识产权转化运用效益(12)
    assert count_zi(seed_cases[14][0]) == 35
    assert count_chars(seed_cases[14][0]) == 37  # the two "+" are characters
    # 贵州省台江县(6) 塑造(2) “(1) 村(1) BA(1) ”(1) 品牌(2) ，(1) 推动乡村产业发展(8)
    assert count_zi(seed_cases[28][0]) == 23
    assert count_chars(seed_cases[28][0]) == 24  # B and A are two characters, the space none


def test_seed_abstracts_hand_counted(seed_cases: dict[int, tuple[str, str]]) -> None:
    # No. 22, counted clause by clause (characters, no spaces in it):
    # 19 广州仲裁委员会成立广州知识产权仲裁院， 17 设立境内外知识产权专业仲裁员名册，
    # 12 组建知识产权专业委员会， 11 形成多部门联动的“诉、 2 仲、 13 调”知识产权协同保护机制，
    # 21 建设亚太经合组织跨境商事争议在线解决平台， 6 推出集谈判、 3 调解、
    # 19 仲裁于一体的知识产权在线纠纷解决机制， 15 开展国际商事仲裁跨国远程庭审，
    # 12 发布互联网仲裁推荐标准， 19 设立衔接域外规则的“3+N”庭审模式， 9 建设元宇宙仲裁院，
    # 20 研发智能机器人“云小仲”及AI仲裁秘书， 15 推进知识产权仲裁机制改革创新。  = 213 characters;
    # 字: "3+N" is one word (-2), "AI" one word (-1)  = 210, over the 200 字 abstract limit.
    assert count_chars(seed_cases[22][1]) == 213
    assert count_zi(seed_cases[22][1]) == 210
    # No. 28: 166 code points with five spaces (in “村 BA” ×5) = 161 characters; each BA is one word: 156 字.
    assert count_chars(seed_cases[28][1]) == 161
    assert count_zi(seed_cases[28][1]) == 156


def test_seed_limits_overview(seed_cases: dict[int, tuple[str, str]]) -> None:
    """The 2nd-batch list predates the 3rd batch's 25/200 字 rules, and breaks them often."""
    long_names = sorted(n for n, (name, _) in seed_cases.items() if count_zi(name) > 25)
    long_abstracts = sorted(n for n, (_, abstract) in seed_cases.items() if count_zi(abstract) > 200)
    assert long_names == [1, 2, 3, 6, 8, 14, 19, 22, 23, 25, 26, 30]
    assert long_abstracts == [22]


def test_check_limits_reports_each_bound() -> None:
    fields = {"total": "字" * 900, "basic": "字" * 201, "practices": "字" * 500}
    limits = {
        "total": {"min": 1000, "max": 1500},
        "basic": {"max": 200},
        "practices": {"max": 500},
        "effects": {"max": 500},  # absent: counts as empty, passes a max
        "next_steps": {"min": 1},  # absent: fails a min
    }
    assert check_limits(fields, limits) == [
        Violation("total", 1000, 900, "min"),
        Violation("basic", 200, 201, "max"),
        Violation("next_steps", 1, 0, "min"),
    ]


def test_check_limits_count_modes() -> None:
    fields = {"name": "WIPO" * 10}  # 40 characters, one word
    limits = {"name": {"max": 25}}
    assert check_limits(fields, limits) == []
    assert check_limits(fields, limits, count="chars") == [Violation("name", 25, 40, "max")]


def test_violation_wording_and_bad_input() -> None:
    v = Violation("abstract", 200, 210, "max")
    assert violation_zh(v) == "案例摘要210字，超过上限200字"
    assert violation_en(v) == "abstract has 210, above the maximum of 200"
    with pytest.raises(ValueError, match="count mode"):
        check_limits({}, {}, count="words")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown keys"):
        check_limits({}, {"total": {"maximum": 3}})
