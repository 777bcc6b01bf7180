"""The case rules as pure functions, and the checks on a definition's ``cases:`` section."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from casehelpers import body

from engine.loader import parse_definition
from engine.yamlsource import DefinitionError
from policies.cases import CaseFacts, PriorCase, find_earlier, normalise_region, normalise_title, text_similarity
from policies.facts import GuardContext, OrganisationFacts, Subject
from policies.registry import get_guard

REPO = Path(__file__).resolve().parents[1]
SUBJECT = Subject(7, "typical-case", "draft", "320000", OrganisationFacts(3, "江苏省知识产权局", "provincial-office"))


class Questions:
    """An in-memory answer to the case guards' questions."""

    def __init__(self, case: CaseFacts | None, others: list[tuple[int, str]] = (), earlier: list[PriorCase] = ()):
        self._case, self._others, self._earlier = case, list(others), list(earlier)

    def case(self, application_id: int | None) -> CaseFacts | None:
        return self._case

    def submitter_cases(self, organisation_id: int) -> list[tuple[int, str]]:
        return self._others

    def earlier_cases(self, application_id: int | None) -> list[PriorCase]:
        return self._earlier


def ctx(questions: object | None) -> GuardContext:
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
        assert not verdict.ok and "ipcycle case submit" in verdict.reason_en


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


def test_regions_are_normalised_to_standard_names() -> None:
    assert normalise_region("浙江宁波")[0].code == "330200"
    assert normalise_region("新疆生产建设兵团")[0].code == "660000"
    division, why = normalise_region("月球")
    assert division is None and "不是行政区划名称" in why


def test_titles_and_texts_compare_as_a_reader_would() -> None:
    assert normalise_title("“村 BA”助力乡村振兴！") == normalise_title("“村BA”助力乡村振兴")
    text = body(1200, 5)
    edited = text[:600] + "新增一句话。" + text[600:]
    assert text_similarity(text, edited) > 0.95 and text_similarity(text, body(1200, 6)) < 0.05
    prior = PriorCase("2020年案例", "2020 case", "submitted", ("另一个名字",), text)
    assert find_earlier(CaseFacts({"total": edited, "name": "新名字"}), [prior], 0.8) == (prior, "text")
    assert find_earlier(CaseFacts({"total": body(800, 9), "name": "新名字"}), [prior], 0.8) is None


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
