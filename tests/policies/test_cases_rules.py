"""The case rules as pure functions, and the checks on a definition's ``cases:`` section."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pytest

from engine.definition.loader import parse_definition
from engine.definition.yamlsource import DefinitionError
from policies.catalogue import get_guard
from policies.facts import GuardContext, OrganisationFacts, Subject
from policies.guards.cases import CaseFacts, PriorCase, find_earlier, normalise_region
from policies.reference.textlength import normalise_title, text_similarity
from tests.support.casehelpers import SME_CASE, SME_OTHER_CASE, body, edited_copy
from tests.support.paths import REPO

SUBJECT = Subject(7, "typical-case", "draft", "320000", OrganisationFacts(3, "江苏省知识产权局", "provincial-office"))


class Questions:
    """An in-memory answer to the case guards' questions."""

    def __init__(
        self,
        case: CaseFacts | None,
        others: Sequence[tuple[int, str]] = (),
        earlier: Sequence[PriorCase] = (),
        province: Sequence[tuple[int, str]] = (),
        topics: Sequence[tuple[int, str, str | None]] = (),
    ):
        self._case, self._others, self._earlier, self._province = case, list(others), list(earlier), list(province)
        self._topics = list(topics)

    def case(self, application_id: int | None) -> CaseFacts | None:
        return self._case

    def submitter_cases(self, organisation_id: int) -> list[tuple[int, str]]:
        return self._others

    def province_cases(self, province_code: str, kinds: object) -> list[tuple[int, str]]:
        return self._province

    def province_topics(self, province_code: str, kinds: object) -> list[tuple[int, str, str | None]]:
        return self._topics

    def earlier_cases(self, application_id: int | None) -> list[PriorCase]:
        return self._earlier


def ctx(questions: Any) -> GuardContext:
    return GuardContext(datetime(2024, 6, 10), "typical-cases", 1, 2024, {"submission": date(2024, 7, 15)}, questions)


def run(name: str, questions: object | None, **params: object):
    return get_guard(name)(SUBJECT, ctx(questions), params, None)


def test_without_the_case_text_every_case_guard_refuses() -> None:
    for name, params in (
        ("case-text-limits", {"limits": {"total": {"max": 1500}}}),
        ("case-form", {"required": ["name"]}),
        ("case-theme", {"themes": ["x"]}),
        ("cases-per-submitter", {"at_most": 3}),
        ("not-submitted-before", {}),
    ):
        verdict = run(name, None, **params)
        assert not verdict.ok and "案例报送" in verdict.reason_zh


def test_the_count_is_data_word_zi_or_characters() -> None:
    facts = Questions(CaseFacts({"name": "WIPO技术与创新支持中心2024年服务案例"}))
    limits = {"name": {"max": 20}}
    assert run("case-text-limits", facts, limits=limits).ok  # 16 字 as Word counts
    chars = run("case-text-limits", facts, limits=limits, count="chars")  # 22 characters
    assert not chars.ok and "案例名称22个字符，超过上限20个字符" in chars.reason_zh and "字符数" in chars.reason_zh


def test_the_per_submitter_cap_ignores_withdrawn_and_unsent_cases() -> None:
    others = [(1, "submitted"), (2, "withdrawn"), (3, "draft"), (4, "selected"), (7, "draft")]
    assert run("cases-per-submitter", Questions(None, others), at_most=3).ok
    full = run("cases-per-submitter", Questions(None, [*others, (5, "submitted")]), at_most=3)
    assert not full.ok and full.rule_id == "C2"


def test_the_cap_counts_a_province_s_office_records_together() -> None:
    mine = [(1, "submitted")]
    province = [(1, "submitted"), (8, "submitted"), (9, "selected")]  # two more under another office record
    assert run("cases-per-submitter", Questions(None, mine, province=province), at_most=3).ok
    capped = run(
        "cases-per-submitter",
        Questions(None, mine, province=province),
        at_most=3,
        counted_per_province=["provincial-office"],
    )
    assert not capped.ok and "江苏省已报送3个案例" in capped.reason_zh


def test_regions_are_normalised_to_standard_names() -> None:
    assert normalise_region("浙江宁波").code == "330200"
    assert normalise_region("新疆生产建设兵团").code == "660000"
    assert normalise_region("全国") == normalise_region(" 全 国 ") == normalise_region("全国")
    assert normalise_region("北京、天津").standard == "北京市、天津市"
    moon = normalise_region("月球")
    assert (moon.standard, moon.code) == ("月球", None) and "不在行政区划数据" in (moon.warning or "")


def test_titles_and_texts_compare_as_a_reader_would() -> None:
    assert normalise_title("“村 BA”助力乡村振兴！") == normalise_title("“村BA”助力乡村振兴")
    assert text_similarity(SME_CASE, edited_copy(SME_CASE)) > 0.8  # one 字 in 20 changed
    assert text_similarity(SME_CASE, SME_OTHER_CASE) < 0.2  # same topic, another case
    assert text_similarity(body(1200, 5), body(1200, 6)) < 0.05
    prior = PriorCase("2020年案例", "2020 case", "submitted", "另一个名字", SME_CASE)
    fields = {"total": edited_copy(SME_CASE), "name": "新名字"}
    assert find_earlier(fields, [prior], 0.6) == (prior, "text")
    assert find_earlier({"total": SME_OTHER_CASE, "name": "新名字"}, [prior], 0.6) is None


def test_the_name_used_is_compared_and_placeholder_titles_never_match() -> None:
    placeholder = PriorCase("旧案例", "old case", "submitted", "案例标题")
    named = PriorCase("旧案例", "old case", "submitted", "专利导航助力企业")
    untitled = {"title": "案 例 标 题", "name": "案例标题", "total": body(300, 1)}
    assert find_earlier(untitled, [placeholder], 0.6) is None  # the template's title is nobody's name
    other_title = {"title": "专利导航助力企业", "name": "另一个名称", "total": body(300, 2)}
    assert find_earlier(other_title, [named], 0.6) is None  # a title under another name is not compared
    only_title = {"title": "专利导航 助力企业！", "total": body(300, 3)}
    assert find_earlier(only_title, [named], 0.6) == (named, "title")
    verdict = run("not-submitted-before", Questions(CaseFacts(only_title), earlier=[named]))
    assert not verdict.ok and "（标题相同）" in verdict.reason_zh


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"limits": {"total": {"maxx": 1500}}}, "limits.total.maxx: Extra inputs are not permitted"),
        ({"limits": {"totl": {"max": 1500}}}, "limits.totl: Input should be 'total'"),
        ({"limits": {"total": {"max": 1500}}, "count": "words"}, "count: Input should be 'zi' or 'chars'"),
        ({"limits": {"total": {"min": 1600, "max": 1500}}}, "min 1600 is above max 1500"),
        ({"limits": {"total": {"max": -1}}}, "greater than or equal to 0"),
    ],
)
def test_a_mistyped_length_limit_is_a_definition_error_with_its_line(params: dict, problem: str) -> None:
    text = (REPO / "workflows" / "tisc-cases.yaml").read_text("utf-8")
    good = "{guard: case-text-limits, rule: D3, params: {count: zi, limits: {total: {max: 1500}}}}"
    assert good in text
    bad = text.replace(good, "{guard: case-text-limits, rule: D3, params: " + json.dumps(params) + "}", 1)
    with pytest.raises(DefinitionError) as err:
        parse_definition(bad, "tisc.yaml")
    line = text[: text.index(good)].count("\n") + 1
    assert any(p.startswith(f"tisc.yaml:{line}:") and problem in p for p in err.value.problems), err.value.problems


def test_a_case_section_naming_what_the_programme_lacks_is_refused_with_its_line() -> None:
    text = (REPO / "workflows" / "tisc-cases.yaml").read_text("utf-8")
    bad = text.replace("publishable: [selected, published]", "publishable: [selected, printed]").replace(
        "{number: 2, category: phase-2,", "{number: 2, category: phase-3,"
    )
    with pytest.raises(DefinitionError) as err:
        parse_definition(bad, "tisc.yaml")
    problems = "\n".join(err.value.problems)
    assert "undefined stage 'printed'" in problems and "undefined category 'phase-3'" in problems
    assert all(p.startswith("tisc.yaml:") for p in err.value.problems)


@pytest.mark.parametrize(
    ("period", "ok", "words"),
    [
        ("2020年至今", True, "在2020年至今之内"),
        ("2021年3月—2022年6月", True, "在2020年至今之内"),
        ("2019年—2021年", False, "早于2020年"),
        ("近三年", False, "未写明年份"),
        (None, False, "未填写案例时间"),
        ("2025年起", False, "晚于今年"),
    ],
)
def test_d2_a_case_is_from_2020_on_as_001_says(period: str | None, ok: bool, words: str) -> None:
    """001 §一: “征集案例时间期限为2020年至今” (the context's today is 2024-06-10)."""
    fields = {"total": body(300, 1), **({"period": period} if period else {})}
    verdict = run("case-period", Questions(CaseFacts(fields)), from_year=2020)
    assert verdict.ok is ok and verdict.rule_id == "D2"
    assert words in verdict.reason_zh
    assert ok or "（征集案例时间期限为2020年至今）" in verdict.reason_zh


TOPICS = ["强化知识产权保护", "提高知识产权转化运用效益"]


def test_c2_topics_are_offered_not_imposed_and_a_repeated_one_is_a_warning() -> None:
    """000: 案例可涉及但不限于下列内容 (C5) and 每个地方…同时要统筹考虑典型案例类型的广泛性 (C2): never a refusal."""
    params = {"topics": TOPICS, "counted_per_province": ["provincial-office"]}
    own = CaseFacts({"total": body(300, 1)}, theme="强化 知识产权保护")
    first = run("case-topic", Questions(own, topics=[(8, "submitted", "提高知识产权转化运用效益")]), **params)
    assert first.ok and not first.reason_zh.startswith("提示") and "强化知识产权保护" in first.reason_zh
    again = run("case-topic", Questions(own, topics=[(8, "submitted", "强化知识产权保护")]), **params)
    assert again.ok and again.reason_zh.startswith("提示：") and "统筹考虑典型案例类型的广泛性" in again.reason_zh
    withdrawn = run("case-topic", Questions(own, topics=[(8, "withdrawn", "强化知识产权保护")]), **params)
    assert not withdrawn.reason_zh.startswith("提示")  # a withdrawn case is not sent
    outside = CaseFacts({"total": body(300, 1)}, theme="数据知识产权制度探索")  # 不限于: allowed as written
    assert (
        run("case-topic", Questions(outside), **params).reason_zh
        == "案例类型：数据知识产权制度探索（本地区尚无同类型案例）"
    )
    none = run("case-topic", Questions(CaseFacts({"total": body(300, 1)})), **params)
    assert none.ok and none.reason_zh.startswith("提示：未填写案例类型") and TOPICS[0] in none.reason_zh


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("case-text-limits", {"limits": {"total": {"max": 1500}}}),
        ("case-form", {"required": ["title"]}),
        ("case-theme", {"themes": ["知识产权与中小企业"]}),
        ("case-period", {"from_year": 2020}),
    ],
)
def test_a_case_without_its_text_is_refused_in_words_a_portal_user_can_act_on(name: str, params: Any) -> None:
    for questions in (None, Questions(None)):  # a bare move (no case questions at all), and a case with no text
        verdict = run(name, questions, **params)
        assert not verdict.ok and "案例报送" in verdict.reason_zh
        for reason in (verdict.reason_zh, verdict.reason_en):
            assert "ipcycle" not in reason and "--" not in reason and "`" not in reason
