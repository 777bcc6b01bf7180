"""Rules about the dossier and the procedure: declarations, materials, fraud, and provincial overlays.

Declarations (A3, A5, B3) and materials (A8) are records kept beside an application; these guards
only read them through the cycle lookups. The overlay guards (internal deadline, prefecture step,
per-prefecture limit, the A7 pilot standard) are what a province's overlay file names.
"""

from __future__ import annotations

from datetime import date

from policies.facts import GuardContext, Subject
from policies.guards.eligibility import prefecture_of
from policies.reference.divisions import registry
from policies.reference.provinces import province_name
from policies.registry import guard
from policies.verdict import Verdict


def _no_application(rule: str) -> Verdict:
    return Verdict(False, rule, "申报尚未建立，无法检查", "there is no application yet to check")


@guard("declarations-attested", rule="B3")
def declarations_attested(
    subject: Subject,
    ctx: GuardContext,
    *,
    rule: str,
    optional: list[int] | None = None,
    tracks: dict[str, list[int]] | None = None,
    track_names: dict[str, str] | None = None,
) -> Verdict:
    """The applicant attests every qualitative condition before submitting.

    ``tracks``: conditions that belong to a track chosen at application (A5: condition 4 of the GI /
    traditional-knowledge county). They are required when the track was chosen and may not be attested
    when it was not: the track is chosen, never implied by what is attested. ``optional`` skips numbers.
    """
    if subject.application_id is None or ctx.lookups is None:
        return _no_application(rule)
    by_track = tracks or {}
    skip = set(optional or ())
    for track, numbers in by_track.items():
        if track != subject.track:
            skip |= set(numbers)
    declarations = ctx.lookups.declarations(subject.application_id)
    stray = [d for d in declarations if d.attested and d.number in skip and d.number not in set(optional or ())]
    if stray:
        nums = "、".join(str(d.number) for d in stray)
        names = "、".join(
            (track_names or {}).get(t, t) for t, ns in by_track.items() if {d.number for d in stray} & set(ns)
        )
        return Verdict(
            False,
            rule,
            f"第{nums}项条件仅适用于{names}，申报时未选择该类型；如属此类，请撤回后重新申报并选择该类型",
            f"condition(s) {nums} belong to a track not chosen at application; apply again choosing it",
        )
    missing = [d for d in declarations if not d.attested and d.number not in skip]
    if not missing:
        return Verdict(True, rule, "已逐项承诺符合申报条件", "every condition has been attested")
    nums = "、".join(str(d.number) for d in missing)
    return Verdict(
        False,
        rule,
        f"尚未承诺符合第{nums}项条件",
        f"condition(s) {', '.join(str(d.number) for d in missing)} not attested yet",
    )


@guard("declarations-reviewed", rule="B3")
def declarations_reviewed(subject: Subject, ctx: GuardContext, *, rule: str) -> Verdict:
    """The province records a finding on every attested condition, and all must be met, before recommending."""
    if subject.application_id is None or ctx.lookups is None:
        return _no_application(rule)
    attested = [d for d in ctx.lookups.declarations(subject.application_id) if d.attested]
    open_ = [str(d.number) for d in attested if d.met is None]
    unmet = [str(d.number) for d in attested if d.met is False]
    if unmet:
        return Verdict(
            False,
            rule,
            f"省级审核认定第{'、'.join(unmet)}项条件不符合",
            f"condition(s) {', '.join(unmet)} found not met",
        )
    if open_:
        return Verdict(
            False,
            rule,
            f"第{'、'.join(open_)}项条件尚无省级审核意见",
            f"no provincial finding yet on condition(s) {', '.join(open_)}",
        )
    return Verdict(True, rule, "省级审核认定各项条件均符合", "the province found every attested condition met")


@guard("materials-complete", rule="A8")
def materials_complete(subject: Subject, ctx: GuardContext, *, rule: str, only: list[str] | None = None) -> Verdict:
    """The materials checklist (A8) must be complete; ``only`` limits it to what this party supplies."""
    if subject.application_id is None or ctx.lookups is None:
        return _no_application(rule)
    items = [m for m in ctx.lookups.materials(subject.application_id) if only is None or m.id in only]
    missing = [m for m in items if not m.present]
    unstamped = [m for m in items if m.present and m.stamped and not m.scanned]
    if not missing and not unstamped:
        return Verdict(True, rule, f"申报材料齐全（{len(items)}项）", f"all {len(items)} materials are on record")
    zh = ["缺少：" + "、".join(m.title for m in missing)] if missing else []
    zh += ["须上传加盖公章后的扫描件（PDF或图片）：" + "、".join(m.title for m in unstamped)] if unstamped else []
    en = ["missing: " + ", ".join(m.id for m in missing)] if missing else []
    en += ["a stamped scan (PDF or image) is needed for: " + ", ".join(m.id for m in unstamped)] if unstamped else []
    return Verdict(False, rule, "申报材料不全，" + "；".join(zh), "materials " + "; ".join(en))


@guard("fraud-established", rule="A9")
def fraud_established(subject: Subject, ctx: GuardContext, *, rule: str, criticise: list[str] | None = None) -> Verdict:
    """Disqualification needs a recorded finding of fraud; ``criticise`` names who is then criticised (A9)."""
    if subject.application_id is None or ctx.lookups is None:
        return _no_application(rule)
    if ctx.lookups.fraud_established(subject.application_id):
        return Verdict(True, rule, "经查实存在弄虚作假", "fraud has been established and recorded")
    return Verdict(
        False,
        rule,
        "未记录查实的弄虚作假情况，请通过“弄虚作假处理”办理",
        "no finding of fraud is recorded: record it through the fraud procedure",
    )


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@guard("not-after", rule="OVERLAY")
def not_after(subject: Subject, ctx: GuardContext, *, rule: str, date: date | str, title_zh: str = "") -> Verdict:
    """An internal deadline earlier than the national one (a province's overlay)."""
    last = _as_date(date)
    what = title_zh or "截止日期"
    if ctx.now.date() <= last:
        return Verdict(True, rule, f"在{what}（{last:%Y年%-m月%-d日}）前", f"before the internal deadline {last}")
    return Verdict(False, rule, f"{what}（{last:%Y年%-m月%-d日}）已过", f"the internal deadline {last} has passed")


@guard("prefecture-endorsed", rule="OVERLAY")
def prefecture_endorsed(subject: Subject, ctx: GuardContext, *, rule: str) -> Verdict:
    """County → prefecture → province: the prefecture's office must have endorsed a unit below it."""
    code = subject.organisation.division_code
    pref = prefecture_of(code) if code else None
    if pref is None or pref.code == code:
        return Verdict(
            True, rule, "无需经市（州）审核", "no prefecture-level office stands between it and the province"
        )
    if subject.application_id is None or ctx.lookups is None:
        return _no_application(rule)
    found = ctx.lookups.prefecture_endorsement(subject.application_id)
    if found is None:
        return Verdict(
            False,
            rule,
            f"尚未经{pref.name}知识产权局审核推荐",
            f"not yet endorsed by the office of {pref.name} {pref.code}",
        )
    if not found[1]:
        return Verdict(
            False, rule, f"{pref.name}知识产权局未予推荐", f"the office of {pref.name} declined to endorse it"
        )
    return Verdict(True, rule, f"已经{pref.name}知识产权局审核推荐", f"endorsed by the office of {pref.name}")


def _group(code: str | None) -> tuple[str, str] | None:
    """The prefecture a division counts under; a unit with none above it counts as its own group."""
    div = registry().get(code) if code else None
    if div is None:
        return None
    g = prefecture_of(div.code) or div
    return g.code, g.name


@guard("per-prefecture-limit", rule="OVERLAY")
def per_prefecture_limit(subject: Subject, ctx: GuardContext, *, rule: str, max: int, counted: list[str]) -> Verdict:
    """At most ``max`` applications per prefecture-level unit (每个市州限报N个); counted in ``counted`` stages."""
    group = _group(subject.organisation.division_code)
    if ctx.lookups is None or group is None:
        return Verdict(False, rule, "无法确定所属市（州）", "the prefecture it belongs to is unknown")
    others = ctx.lookups.division_codes_in_stages(
        subject.province_code, subject.category, frozenset(counted), subject.application_id
    )
    same = sum(1 for c in others if _group(c) == group)
    code, name = group
    if same < max:
        return Verdict(True, rule, f"{name}已报{same}个，限报{max}个", f"{same} of {max} from {code} so far")
    return Verdict(
        False,
        rule,
        f"每个市（州）限报{max}个，{name}已报{same}个",
        f"at most {max} per prefecture; {code} already has {same}",
    )


@guard("provincial-standard", rule="A7")
def provincial_standard(subject: Subject, ctx: GuardContext, *, rule: str, event: str = "apply") -> Verdict:
    """A7: the province sets its own pilot standard; until it has loaded one, nobody can apply.

    Only the overlay's eligibility rules for the category count: a deadline or a limit is no standard.
    ``event`` is kept so definitions that name it still load.
    """
    province = province_name(subject.province_code)
    rules = ctx.lookups.standard_rules(subject.province_code, subject.category) if ctx.lookups else []
    if rules:
        return Verdict(
            True,
            rule,
            f"适用{province}确定的申报资格标准（{len(rules)}项）",
            f"{subject.province_code}'s own standard applies ({len(rules)} rule(s))",
        )
    return Verdict(
        False,
        rule,
        f"{province}尚未确定本类别的申报资格标准",
        f"{subject.province_code} has not loaded its eligibility standard for {subject.category}",
    )


@guard("attribute-at-least", rule="A7")
def attribute_at_least(
    subject: Subject, ctx: GuardContext, *, rule: str, attribute: str, minimum: float, label_zh: str = ""
) -> Verdict:
    """A numeric attribute on record (e.g. invention patents per 10,000 people) must reach ``minimum``."""
    label = label_zh or attribute
    raw = subject.organisation.attributes.get(attribute)
    try:
        value = float(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        value = None
    if value is None:
        return Verdict(False, rule, f"未登记{label}", f"{attribute} is not recorded")
    shown = f"{value:g}"
    if value >= minimum:
        return Verdict(True, rule, f"{label}为{shown}，不低于{minimum:g}", f"{attribute} {shown} >= {minimum:g}")
    return Verdict(False, rule, f"{label}为{shown}，低于{minimum:g}", f"{attribute} {shown} < {minimum:g}")
