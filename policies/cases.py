"""Rules of case calls (C2–C4, D2–D4) as guards on the ``submit`` transition, plus the facts they read.

A case is an application whose material is a text. The engine hands the guards a
:class:`CaseQuestions` view (the case being submitted, the submitter's other cases, earlier
cases of the programme); without it (a plain ``ipcycle fire … submit``) they refuse, since
there is no text to judge. Limits, themes and the per-submitter cap are the definition's data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from policies.divisions import Division, registry
from policies.facts import GuardContext, Subject
from policies.registry import guard
from policies.textlength import CountMode, Violation, check_limits
from policies.verdict import Verdict

FIELD_LABELS = {
    "total": "全文",
    "basic": "基本情况",
    "practices": "主要做法",
    "effects": "实践效果",
    "next_steps": "下一步工作思路",
    "title": "案例标题",
    "name": "案例名称",
    "abstract": "案例摘要",
    "region": "案例地区",
    "contact": "案例联系人及联系方式",
}
FIELD_NAMES_EN = {"basic": "basic situation", "next_steps": "next steps", "total": "whole text"}
NOT_SUBMITTED = ("draft", "withdrawn", "expired")


@dataclass(frozen=True)
class CaseFacts:
    """The case as the rules see it: its texts keyed as limits name them, and its phase and theme."""

    fields: Mapping[str, str]
    phase: int | None = None
    theme: str | None = None


@dataclass(frozen=True)
class PriorCase:
    """A case submitted or published earlier in the same programme, described well enough to name it."""

    label_zh: str
    label_en: str
    stage: str
    names: tuple[str, ...]
    text: str = ""


@runtime_checkable
class CaseQuestions(Protocol):
    """What the case guards ask beyond the cycle's own lookups."""

    def case(self, application_id: int | None) -> CaseFacts | None: ...

    def submitter_cases(self, organisation_id: int) -> list[tuple[int, str]]: ...

    def earlier_cases(self, application_id: int | None) -> list[PriorCase]: ...


def _questions(ctx: GuardContext) -> CaseQuestions | None:
    return ctx.lookups if isinstance(ctx.lookups, CaseQuestions) else None


def _no_text(rule: str) -> Verdict:
    return Verdict(
        False,
        rule,
        "没有案例正文，请通过案例报送（ipcycle case submit）提交",
        "there is no case text to check: submit it with `ipcycle case submit`",
    )


def _case(subject: Subject, ctx: GuardContext) -> CaseFacts | None:
    questions = _questions(ctx)
    return questions.case(subject.application_id) if questions else None


def label_en(field: str) -> str:
    return FIELD_NAMES_EN.get(field, field)


def violation_zh(v: Violation, unit: str = "字") -> str:
    edge = "超过上限" if v.bound == "max" else "不足下限"
    return f"{FIELD_LABELS.get(v.field, v.field)}{v.count}{unit}，{edge}{v.limit}{unit}"


def violation_en(v: Violation) -> str:
    edge = "above the maximum of" if v.bound == "max" else "below the minimum of"
    return f"{label_en(v.field)} has {v.count}, {edge} {v.limit}"


def text_violations(fields: Mapping[str, str], limits: Mapping[str, Mapping[str, int]], count: str) -> list[Violation]:
    """Every limit the texts break; a field the case does not have is not measured against a maximum."""
    mode: CountMode = "chars" if count == "chars" else "zi"
    return check_limits(fields, limits, mode)


@guard("case-text-limits", rule="C3")
def case_text_limits(
    subject: Subject, ctx: GuardContext, *, rule: str, limits: dict[str, dict[str, int]], count: str = "zi"
) -> Verdict:
    """Each section, the whole text, the name and the abstract within their 字 limits; every breach is named."""
    case = _case(subject, ctx)
    if case is None:
        return _no_text(rule)
    how_zh, how_en = ("按Word字数统计", "Word 字数") if count == "zi" else ("按字符数（不计空格）统计", "characters")
    found = text_violations(case.fields, limits, count)
    if found:
        return Verdict(
            False,
            rule,
            "；".join(violation_zh(v, "字" if count == "zi" else "个字符") for v in found) + f"（{how_zh}）",
            "; ".join(violation_en(v) for v in found) + f" ({how_en})",
        )
    return Verdict(True, rule, f"篇幅符合要求（{how_zh}）", f"every length is within its limit ({how_en})")


def full_name(division: Division) -> str:
    """The standard way to write a region: its chain of names from the province down (江苏省苏州市昆山市)."""
    names, div = [division.name], division
    reg = registry()
    while div.parent_code:
        parent = reg.get(div.parent_code)
        if parent is None:
            break
        names.append(parent.name)
        div = parent
    return "".join(reversed(names))


def normalise_region(text: str) -> tuple[Division | None, str | None]:
    """The division a case region names (C4), or why it names none, in Chinese."""
    reg = registry()
    division = reg.normalise_name(text)
    if division is not None:
        return division, None
    found = reg.candidates(text)
    if found:
        options = "、".join(full_name(d) for d in found[:5])
        return None, f"案例地区“{text}”可指{options}，请写明上级地区"
    return None, f"案例地区“{text}”不是行政区划名称（区划数据{reg.data_date}），请按行政区划规范填写"


@guard("case-form", rule="C4")
def case_form(subject: Subject, ctx: GuardContext, *, rule: str, required: list[str]) -> Verdict:
    """The application form's fields are filled in, and the region names one standard division."""
    case = _case(subject, ctx)
    if case is None:
        return _no_text(rule)
    missing = [f for f in required if not (case.fields.get(f) or "").strip()]
    problems_zh = [f"未填写{'、'.join(FIELD_LABELS.get(f, f) for f in missing)}"] if missing else []
    problems_en = [f"missing {', '.join(missing)}"] if missing else []
    region = (case.fields.get("region") or "").strip()
    if region:
        division, why = normalise_region(region)
        if division is None and why:
            problems_zh.append(why)
            problems_en.append(f"region {region!r} does not name one division")
    if problems_zh:
        return Verdict(False, rule, "；".join(problems_zh), "; ".join(problems_en))
    return Verdict(True, rule, "申报表填写完整", "the application form is complete")


@guard("case-theme", rule="D4")
def case_theme(subject: Subject, ctx: GuardContext, *, rule: str, themes: list[str]) -> Verdict:
    """The case takes one of the phase's themes."""
    case = _case(subject, ctx)
    if case is None:
        return _no_text(rule)
    listed = "、".join(f"“{t}”" for t in themes)
    if case.theme in themes:
        return Verdict(True, rule, f"案例主题为“{case.theme}”", f"theme is {case.theme!r}")
    if not case.theme:
        return Verdict(False, rule, f"未选择案例主题，应为{listed}之一", f"no theme given; choose one of {themes}")
    return Verdict(
        False,
        rule,
        f"案例主题“{case.theme}”不在本阶段主题{listed}之内",
        f"theme {case.theme!r} is not one of this phase's themes {themes}",
    )


@guard("cases-per-submitter", rule="C2")
def cases_per_submitter(
    subject: Subject, ctx: GuardContext, *, rule: str, at_most: int, not_counting: Sequence[str] = NOT_SUBMITTED
) -> Verdict:
    """One submitter sends at most ``at_most`` cases to a cycle; withdrawn and unsent ones do not count."""
    questions = _questions(ctx)
    if questions is None:
        return _no_text(rule)
    others = [
        app_id
        for app_id, stage in questions.submitter_cases(subject.organisation.id)
        if app_id != subject.application_id and stage not in not_counting
    ]
    name = subject.organisation.name
    if len(others) >= at_most:
        return Verdict(
            False,
            rule,
            f"{name}已报送{len(others)}个案例，每个单位不超过{at_most}个",
            f"{name} has already submitted {len(others)} cases; at most {at_most} per submitter",
        )
    return Verdict(
        True, rule, f"{name}的第{len(others) + 1}个案例（不超过{at_most}个）", f"case {len(others) + 1} of {at_most}"
    )


_NOT_WORD = re.compile(r"[\W_]+")


def normalise_title(text: str) -> str:
    """A title reduced to what identifies it: full-width folded, no spaces or punctuation, lower case."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text)).lower()


def _shingles(text: str, n: int = 4) -> set[str]:
    s = normalise_title(text)
    return {s[i : i + n] for i in range(max(len(s) - n + 1, 1))} if s else set()


def text_similarity(a: str, b: str) -> float:
    """Share of four-character sequences the two texts have in common (Jaccard): 1.0 is the same text."""
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def find_earlier(case: CaseFacts, earlier: Sequence[PriorCase], similarity: float) -> tuple[PriorCase, str] | None:
    """The first earlier case with the same normalised title, or a text at least ``similarity`` alike."""
    own = {normalise_title(case.fields.get(k) or "") for k in ("name", "title")} - {""}
    text = case.fields.get("total") or ""
    for prior in earlier:
        if own & {normalise_title(n) for n in prior.names}:
            return prior, "title"
        if text and prior.text and text_similarity(text, prior.text) >= similarity:
            return prior, "text"
    return None


@guard("not-submitted-before", rule="D2")
def not_submitted_before(
    subject: Subject,
    ctx: GuardContext,
    *,
    rule: str,
    similarity: float = 0.8,
    not_counting: Sequence[str] = NOT_SUBMITTED,
) -> Verdict:
    """A case sent before (same title, or a near-identical text) is not sent again; the earlier one is named."""
    questions = _questions(ctx)
    case = questions.case(subject.application_id) if questions else None
    if questions is None or case is None:
        return _no_text(rule)
    earlier = [p for p in questions.earlier_cases(subject.application_id) if p.stage not in not_counting]
    hit = find_earlier(case, earlier, similarity)
    if hit is None:
        return Verdict(True, rule, "未发现重复报送的案例", "no earlier submission of this case")
    prior, why = hit
    how_zh = "案例名称相同" if why == "title" else "正文基本相同"
    how_en = "same title" if why == "title" else f"near-identical text (≥{similarity:.0%} alike)"
    return Verdict(
        False,
        rule,
        f"该案例已报送过（{how_zh}）：{prior.label_zh}",
        f"this case was submitted before ({how_en}): {prior.label_en}",
    )
