"""Rules of case calls (C2–C4, D2–D4) as guards on the ``submit`` transition, plus the facts they read.

A case is an application whose material is a text. The engine hands the guards a
:class:`CaseQuestions` view (the case being submitted, the submitter's other cases, earlier
cases of the programme); without it (a plain ``ipcycle fire … submit``) they refuse, since
there is no text to judge. Limits, themes and the per-submitter cap are the definition's data,
typed precisely so a misspelt limit is a definition error at load, not a crash at submit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Literal, Protocol, cast, runtime_checkable

from pydantic import AfterValidator, ConfigDict, Field, NonNegativeInt, PositiveInt, with_config
from typing_extensions import TypedDict  # pydantic reads TypedDicts from here on Python 3.11

from policies.facts import GuardContext, Subject
from policies.guards.eligibility import full_name
from policies.reference.divisions import Division, registry
from policies.reference.textlength import (
    CountMode,
    Violation,
    check_limits,
    normalise_title,
    plain_text,
    text_similarity,
)
from policies.registry import guard
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
    "period": "案例时间",
}
FIELD_NAMES_EN = {"basic": "basic situation", "next_steps": "next steps", "total": "whole text"}
NOT_SUBMITTED = ("draft", "withdrawn", "expired")
NATIONWIDE = "全国"
_REGION_SEPARATORS = "、，,；;／/"

MeasuredField = Literal["total", "basic", "practices", "effects", "next_steps", "title", "name", "abstract"]
FormField = Literal["region", "name", "abstract", "contact", "title"]


@with_config(ConfigDict(extra="forbid"))
class Bounds(TypedDict, total=False):
    """One field's limits as a definition writes them: ``{max: 200}`` or ``{min: 1000, max: 1500}``."""

    min: NonNegativeInt
    max: NonNegativeInt


def _sensible(bounds: Bounds) -> Bounds:
    """A limit with neither bound, or a minimum above its maximum, is a slip in the definition."""
    if not bounds:
        raise ValueError("give min, max or both")
    if "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
        raise ValueError(f"min {bounds['min']} is above max {bounds['max']}")
    return bounds


Limits = dict[MeasuredField, Annotated[Bounds, AfterValidator(_sensible)]]


@dataclass(frozen=True)
class CaseFacts:
    """The case as the rules see it: its texts keyed as limits name them, and its phase and theme."""

    fields: Mapping[str, str]
    phase: int | None = None
    theme: str | None = None


@runtime_checkable
class CaseQuestions(Protocol):
    """What the case guards ask beyond the cycle's own lookups."""

    def case(self, application_id: int | None) -> CaseFacts | None: ...

    def submitter_cases(self, organisation_id: int) -> list[tuple[int, str]]: ...

    def province_cases(self, province_code: str, kinds: Sequence[str]) -> list[tuple[int, str]]: ...

    def province_topics(self, province_code: str, kinds: Sequence[str]) -> list[tuple[int, str, str | None]]: ...

    def earlier_cases(self, application_id: int | None) -> list[PriorCase]: ...


def _questions(ctx: GuardContext) -> CaseQuestions | None:
    return ctx.lookups if isinstance(ctx.lookups, CaseQuestions) else None


def _no_text(rule: str) -> Verdict:
    return Verdict(
        False,
        rule,
        "没有案例正文，请先在“案例报送”中提交",
        "there is no case text to check: submit the case first",
    )


def _case(subject: Subject, ctx: GuardContext) -> CaseFacts | None:
    questions = _questions(ctx)
    return questions.case(subject.application_id) if questions else None


def violation_zh(v: Violation, unit: str = "字") -> str:
    edge = "超过上限" if v.bound == "max" else "不足下限"
    return f"{FIELD_LABELS.get(v.field, v.field)}{v.count}{unit}，{edge}{v.limit}{unit}"


def violation_en(v: Violation) -> str:
    edge = "above the maximum of" if v.bound == "max" else "below the minimum of"
    return f"{FIELD_NAMES_EN.get(v.field, v.field)} has {v.count}, {edge} {v.limit}"


@guard("case-text-limits", rule="C3")
def case_text_limits(
    subject: Subject, ctx: GuardContext, *, rule: str, limits: Limits, count: CountMode = "zi"
) -> Verdict:
    """Each limited text (sections, whole text, name, abstract) within its bounds; every breach is named."""
    case = _case(subject, ctx)
    if case is None:
        return _no_text(rule)
    how_zh, how_en = ("按Word字数统计", "Word 字数") if count == "zi" else ("按字符数（不计空格）统计", "characters")
    found = check_limits(case.fields, cast(Mapping[str, Mapping[str, int]], limits), count)  # Bounds: min/max ints
    if found:
        return Verdict(
            False,
            rule,
            "；".join(violation_zh(v, "字" if count == "zi" else "个字符") for v in found) + f"（{how_zh}）",
            "; ".join(violation_en(v) for v in found) + f" ({how_en})",
        )
    labels = "、".join(FIELD_LABELS[f] for f in limits)
    return Verdict(True, rule, f"{labels}篇幅符合要求（{how_zh}）", f"every length is within its limit ({how_en})")


@dataclass(frozen=True)
class Region:
    """A case region as recorded (C4): standard names where the division data knows them, else as given."""

    standard: str
    code: str | None  # set when the region is exactly one division
    warning: str | None  # why (part of) it was kept as given


def normalise_region(text: str) -> Region:
    """Standard names for a region, a list of regions (江苏省、浙江省) or 全国; what the data does not
    know (雄安新区, 苏州工业园区) is kept as written, with a warning naming it, never refused."""
    text = plain_text(text, keep_spaces=True)
    if plain_text(text) in (NATIONWIDE, "全国范围"):
        return Region(NATIONWIDE, None, None)
    reg = registry()
    parts = [p.strip() for p in text.translate({ord(c): "、" for c in _REGION_SEPARATORS}).split("、") if p.strip()]
    found: list[Division] = []
    problems: list[str] = []
    for part in parts:
        division = reg.normalise_name(part)
        if division is not None:
            found.append(division)
        elif options := reg.candidates(part):
            problems.append(f"“{part}”可指{'、'.join(full_name(d) for d in options[:5])}，请写明上级地区")
        else:
            problems.append(f"“{part}”不在行政区划数据（{reg.data_date}）中")
    if problems or not found:
        return Region(text, None, f"案例地区{'；'.join(problems) or '为空'}，已按填写内容记录")
    return Region("、".join(full_name(d) for d in found), found[0].code if len(found) == 1 else None, None)


@guard("case-form", rule="C4")
def case_form(subject: Subject, ctx: GuardContext, *, rule: str, required: list[FormField]) -> Verdict:
    """The application form's fields are filled in; a region the division data lacks is noted, not refused."""
    case = _case(subject, ctx)
    if case is None:
        return _no_text(rule)
    missing = [f for f in required if not (case.fields.get(f) or "").strip()]
    if missing:
        return Verdict(
            False,
            rule,
            f"未填写{'、'.join(FIELD_LABELS.get(f, f) for f in missing)}",
            f"missing {', '.join(missing)}",
        )
    region = (case.fields.get("region") or "").strip()
    note = normalise_region(region).warning if region else None
    return Verdict(
        True,
        rule,
        "申报表填写完整" + (f"；{note}" if note else ""),
        "the application form is complete" + ("; the region is kept as written" if note else ""),
    )


def match_theme(theme: str | None, themes: Sequence[str]) -> str | None:
    """The listed theme ``theme`` names, compared as a reader would (width, spaces); None if none."""
    wanted = plain_text(theme or "")
    return next((t for t in themes if plain_text(t) == wanted), None) if wanted else None


@guard("case-theme", rule="D4")
def case_theme(
    subject: Subject, ctx: GuardContext, *, rule: str, themes: Annotated[list[str], Field(min_length=1)]
) -> Verdict:
    """The case takes one of the phase's themes."""
    case = _case(subject, ctx)
    if case is None:
        return _no_text(rule)
    listed = "、".join(f"“{t}”" for t in themes)
    chosen = match_theme(case.theme, themes)
    if chosen:
        return Verdict(True, rule, f"案例主题为“{chosen}”", f"theme is {chosen!r}")
    if not (case.theme or "").strip():
        return Verdict(False, rule, f"未选择案例主题，应为{listed}之一", f"no theme given; choose one of {themes}")
    return Verdict(
        False,
        rule,
        f"案例主题“{case.theme}”不在本阶段主题{listed}之内",
        f"theme {case.theme!r} is not one of this phase's themes {themes}",
    )


@guard("cases-per-submitter", rule="C2")
def cases_per_submitter(
    subject: Subject,
    ctx: GuardContext,
    *,
    rule: str,
    at_most: PositiveInt,
    not_counting: Sequence[str] = NOT_SUBMITTED,
    counted_per_province: Sequence[str] = (),
) -> Verdict:
    """One submitter sends at most ``at_most`` cases; withdrawn and unsent ones do not count.

    Kinds in ``counted_per_province`` speak for their province (C1's coordination office), so all
    their records in one province count together: a second office record cannot double the cap.
    """
    questions = _questions(ctx)
    if questions is None:
        return _no_text(rule)
    org = subject.organisation
    if org.kind in counted_per_province:
        cases = questions.province_cases(subject.province_code, counted_per_province)
        division = registry().get(subject.province_code)
        name = division.name if division else subject.province_code
    else:
        cases, name = questions.submitter_cases(org.id), org.name
    others = [app_id for app_id, stage in cases if app_id != subject.application_id and stage not in not_counting]
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


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


@guard("case-period", rule="D2")
def case_period(subject: Subject, ctx: GuardContext, *, rule: str, from_year: PositiveInt) -> Verdict:
    """The case happened from ``from_year`` on and not in the future (001 §一: 征集案例时间期限为2020年至今),
    judged from the years its 案例时间 names (2020年3月—2021年6月, 2021年至今)."""
    case = _case(subject, ctx)
    if case is None:
        return _no_text(rule)
    period = (case.fields.get("period") or "").strip()
    years = [int(y) for y in _YEAR.findall(period)]
    words = f"征集案例时间期限为{from_year}年至今"
    if not years:
        why = f"案例时间“{period}”未写明年份" if period else "未填写案例时间"
        return Verdict(False, rule, f"{why}（{words}）", f"the case's period names no year (cases from {from_year} on)")
    if min(years) < from_year:
        return Verdict(
            False,
            rule,
            f"案例时间“{period}”早于{from_year}年（{words}）",
            f"the case's period {period!r} starts before {from_year}",
        )
    if max(years) > ctx.now.year:
        return Verdict(False, rule, f"案例时间“{period}”晚于今年（{words}）", f"the period {period!r} is in the future")
    return Verdict(True, rule, f"案例时间“{period}”在{from_year}年至今之内", f"the period {period!r} is {from_year} on")


@guard("case-topic", rule="C2")
def case_topic(
    subject: Subject,
    ctx: GuardContext,
    *,
    rule: str,
    topics: Annotated[list[str], Field(min_length=1)],
    counted_per_province: Sequence[str] = (),
    not_counting: Sequence[str] = NOT_SUBMITTED,
) -> Verdict:
    """Never refuses: C5's topics are “不限于” a list, and C2 asks a province to 统筹考虑典型案例类型的广泛性, so a
    missing topic, or one the province has already sent, is a warning (提示) naming the province's other cases."""
    questions = _questions(ctx)
    case = questions.case(subject.application_id) if questions else None
    if questions is None or case is None:
        return _no_text(rule)
    topic = match_theme(case.theme, topics) or (case.theme or "").strip()
    if not topic:
        listed = "、".join(topics)
        return Verdict(True, rule, f"{WARNING_ZH}未填写案例类型（可涉及但不限于：{listed}）", "warning: no topic given")
    if subject.organisation.kind not in counted_per_province:
        return Verdict(True, rule, f"案例类型：{topic}", f"topic: {topic}")
    same = [
        app_id
        for app_id, stage, other in questions.province_topics(subject.province_code, counted_per_province)
        if app_id != subject.application_id and stage not in not_counting
        and (match_theme(other, topics) or (other or "").strip()) == topic
    ]  # fmt: skip
    if same:
        return Verdict(
            True,
            rule,
            f"{WARNING_ZH}本地区已报送“{topic}”类型案例{len(same)}个，通知要求“统筹考虑典型案例类型的广泛性”",
            f"warning: the province has already sent {len(same)} case(s) of topic {topic!r} (C2: diverse types)",
        )
    return Verdict(True, rule, f"案例类型：{topic}（本地区尚无同类型案例）", f"topic: {topic}, new for the province")


WARNING_ZH = "提示："  # an ok verdict whose reason starts so is a warning the submitter is shown


def warnings_of(verdicts: Sequence[Verdict]) -> list[str]:
    """The warnings among passing verdicts (C8 resubmission), for ``case check`` and ``case submit``."""
    return [v.reason_zh for v in verdicts if v.ok and v.reason_zh.startswith(WARNING_ZH)]


PLACEHOLDER_TITLES = frozenset({"案例标题"})  # 000 attachment 1's title line, left unedited


@dataclass(frozen=True)
class PriorCase:
    """A case submitted or published earlier in the same programme, described well enough to name it."""

    label_zh: str
    label_en: str
    stage: str
    name: str  # the name it was filed under (its title when it had no name)
    text: str = ""


def name_used(fields: Mapping[str, str]) -> tuple[str, str]:
    """(normalised name, "name" or "title"): the case's own name, else its title; placeholders count as none."""
    name, title = (normalise_title(fields.get(k) or "") for k in ("name", "title"))
    name, title = ("" if n in PLACEHOLDER_TITLES else n for n in (name, title))
    return (name, "name") if name else (title, "title")


def find_earlier(
    fields: Mapping[str, str], earlier: Sequence[PriorCase], similarity: float
) -> tuple[PriorCase, str] | None:
    """The first earlier case filed under the same name ("name"/"title"), or whose text is ``similarity`` alike."""
    own, how = name_used(fields)
    text = fields.get("total") or ""
    for prior in earlier:
        if own and own == normalise_title(prior.name):
            return prior, how
        if text and prior.text and text_similarity(text, prior.text) >= similarity:
            return prior, "text"
    return None


@guard("not-submitted-before", rule="D2")
def not_submitted_before(
    subject: Subject,
    ctx: GuardContext,
    *,
    rule: str,
    similarity: Annotated[float, Field(gt=0, le=1)] = 0.6,
    not_counting: Sequence[str] = NOT_SUBMITTED,
    refuse: bool = True,
) -> Verdict:
    """A case sent or published before (same name, or mostly the same text) is not sent again; the earlier
    one is named. ``similarity`` is the share of the shorter text's 3-character runs found in the other.
    ``refuse: false`` (typical cases, C8) passes with a warning: only notice 001 (D2) forbids it."""
    questions = _questions(ctx)
    case = questions.case(subject.application_id) if questions else None
    if questions is None or case is None:
        return _no_text(rule)
    earlier = [p for p in questions.earlier_cases(subject.application_id) if p.stage not in not_counting]
    hit = find_earlier(case.fields, earlier, similarity)
    if hit is None:
        return Verdict(True, rule, "未发现重复报送的案例", "no earlier submission of this case")
    prior, why = hit
    how_zh = {"name": "案例名称相同", "title": "标题相同", "text": "正文基本相同"}[why]
    how_en = {"name": "same case name", "title": "same title"}.get(why, f"mostly the same text (≥{similarity:.0%})")
    if not refuse:
        return Verdict(
            True,
            rule,
            f"{WARNING_ZH}此前已报送/已入选（{how_zh}）：{prior.label_zh}；征集通知未禁止再次报送，请确认",
            f"warning: submitted or selected before ({how_en}): {prior.label_en}; the call does not forbid it",
        )
    return Verdict(
        False,
        rule,
        f"该案例已报送过（{how_zh}）：{prior.label_zh}",
        f"this case was submitted before ({how_en}): {prior.label_en}",
    )
