"""Eligibility rules on reference data: administrative level, pilot lists, earlier recognitions, quotas.

Each guard is a pure function of the subject and the cycle context; what differs between the
2023 and 2025 notices (which levels count as a "city") is a parameter in the definition, and the
refusal quotes the notice's own wording so a clerk can see which edition said what.
"""

from __future__ import annotations

from policies.facts import GuardContext, Subject
from policies.reference.divisions import Division, Level, registry
from policies.reference.provinces import province_name
from policies.reference.uscc import USCCError, parse_uscc
from policies.registry import guard
from policies.verdict import Verdict

LEVEL_ZH = {
    Level.PROVINCE: "省级行政区",
    Level.MUNICIPALITY: "直辖市",
    Level.XPCC: "新疆生产建设兵团",
    Level.SUB_PROVINCIAL_CITY: "副省级城市",
    Level.PREFECTURE_CITY: "地级市",
    Level.PREFECTURE_REGION: "地区、自治州、盟",
    Level.MUNICIPAL_DISTRICT: "直辖市市辖区",
    Level.CITY_DISTRICT: "副省级城市、地级市的市辖区",
    Level.COUNTY_LEVEL_CITY: "县级市",
    Level.COUNTY: "县（自治县、旗、自治旗、特区）",
    Level.PROVINCE_ADMINISTERED: "省直管县级行政区",
    Level.XPCC_CITY: "兵团下辖市",
}
PILOT_LISTS = {
    "city": ("国家知识产权强市建设试点城市", "national IP-strong city pilot list"),
    "county": ("国家知识产权强县建设试点县", "national IP-strong county pilot list"),
}


def full_name(div: Division) -> str:
    """The name with its parents, as a clerk writes it: 江苏省苏州市昆山市 (the province is kept)."""
    reg = registry()
    names = [div.name]
    code = div.parent_code
    while code:
        parent = reg.get(code)
        if parent is None:
            break
        names.append(parent.name)
        code = parent.parent_code
    return "".join(reversed(names))


def level_zh(div: Division) -> str:
    """The level in the notices' words: 盟, 自治州, 直辖市下辖县, 省直管县级市 rather than the enum."""
    if div.level is Level.COUNTY and div.in_municipality:
        return f"直辖市下辖{div.kind or '县'}"
    if div.level in (Level.PREFECTURE_REGION, Level.COUNTY) and div.kind:
        return div.kind
    if div.level is Level.PROVINCE_ADMINISTERED and div.kind:
        return f"省直管{div.kind}"
    return LEVEL_ZH[div.level]


def prefecture_of(code: str) -> Division | None:
    """The prefecture-level unit a division lies in (itself if it is one); None when none is between."""
    reg = registry()
    div = reg.get(code)
    while div is not None and div.tier > 1:
        div = reg.get(div.parent_code) if div.parent_code else None
    return div if div is not None and div.tier == 1 else None


def _division(subject: Subject, rule: str) -> Division | Verdict:
    code = subject.organisation.division_code
    if not code:
        return Verdict(
            False, rule, "未登记行政区划代码，无法判断行政级别", "no division code recorded, so the level is unknown"
        )
    div = registry().get(code)
    if div is None:
        date = registry().data_date
        return Verdict(
            False,
            rule,
            f"行政区划代码{code}不在区划数据（{date}）中",
            f"division code {code} is not in the division data of {date}",
        )
    return div


@guard("division-level", rule="B2")
def division_level(
    subject: Subject,
    ctx: GuardContext,
    *,
    rule: str,
    levels: list[str],
    wording_zh: str = "",
    for_kinds: list[str] | None = None,
) -> Verdict:
    """The applicant government's division must be at one of ``levels`` (A1, A4, B2.1, B2.2)."""
    org = subject.organisation
    if for_kinds is not None and org.kind not in for_kinds:
        return Verdict(True, rule, "行政级别要求不适用于该类单位", f"the level rule does not apply to a {org.kind}")
    found = _division(subject, rule)
    if isinstance(found, Verdict):
        return found
    div, date = found, registry().data_date
    quoted = f"“{wording_zh}”" if wording_zh else "、".join(LEVEL_ZH[Level(x)] for x in levels)
    if div.level.value in levels:
        return Verdict(
            True,
            rule,
            f"{full_name(div)}为{level_zh(div)}，符合{quoted}（区划数据{date}）",
            f"{div.name} {div.code} is a {div.level.value}, one of {', '.join(levels)} (division data of {date})",
        )
    return Verdict(
        False,
        rule,
        f"{full_name(div)}为{level_zh(div)}，不符合{quoted}（区划数据{date}）",
        f"{div.name} {div.code} is a {div.level.value} ({div.kind}); this category admits only "
        f"{', '.join(levels)} (division data of {date})",
    )


@guard("pilot-status", rule="A2")
def pilot_status(subject: Subject, ctx: GuardContext, *, rule: str, pilot_list: str, required: bool = True) -> Verdict:
    """On the national pilot list before this edition (A2, A4); ``required: false`` means not yet a pilot (A7)."""
    name_zh, name_en = PILOT_LISTS[pilot_list]
    found = _division(subject, rule)
    if isinstance(found, Verdict):
        return found
    year = ctx.lookups.pilot_year(found.code, pilot_list) if ctx.lookups else None
    on_list = year is not None and year <= ctx.edition
    if year is not None and year > ctx.edition:
        when_zh, when_en = f"{year}年列入{name_zh}名单，晚于本届（{ctx.edition}年）", f"listed only in {year}"
    elif year is not None:
        when_zh, when_en = f"已于{year}年列入{name_zh}名单", f"on the {name_en} since {year}"
    else:
        when_zh, when_en = f"未列入已导入的{name_zh}名单", f"not on the imported {name_en}"
    ok = on_list if required else not on_list
    if not required and on_list:
        when_zh, when_en = when_zh + "，无需再申报试点", when_en + "; it need not apply to be a pilot again"
    return Verdict(ok, rule, f"{found.name}{when_zh}", f"{found.name} {found.code}: {when_en}")


@guard("not-recognised", rule="B5")
def not_recognised(subject: Subject, ctx: GuardContext, *, rule: str, stages: list[str] | None = None) -> Verdict:
    """B5: a unit recognised in an earlier year stays recognised and does not apply again."""
    org = subject.organisation
    standing = ctx.lookups.recognition(org.id, subject.category, frozenset(stages or ())) if ctx.lookups else None
    if standing is None:
        return Verdict(True, rule, "此前未认定为该类示范单位", "not recognised in this category before")
    if standing.status != "valid":
        # Our reading: notice 004 only says earlier recognitions 继续有效; one that was revoked (摘牌) or
        # cancelled for fraud is no longer valid, so nothing in B5 keeps the unit from applying again.
        ended_zh = "被摘牌" if standing.status == "revoked" else "因弄虚作假被取消示范资格"
        return Verdict(
            True,
            rule,
            f"{org.name}{standing.year}年的示范单位认定已{ended_zh}，不再视为示范单位",
            f"{org.name}'s recognition of {standing.year} was {standing.status}; it no longer counts (B5)",
        )
    return Verdict(
        False,
        rule,
        f"{org.name}已于{standing.year}年认定为该类示范单位，继续有效，此届不需重复申报",
        f"{org.name} was recognised in this category in {standing.year} ({standing.source}); "
        "the recognition stays valid and it does not apply again",
    )


@guard("within-quota", rule="B4")
def within_quota(subject: Subject, ctx: GuardContext, *, rule: str, counted: list[str]) -> Verdict:
    """Recommend only within the province's places for the category (attachment 2 / attachments 3–4)."""
    province = province_name(subject.province_code)
    if ctx.lookups is None:
        return Verdict(False, rule, "无法查询名额", "the quota cannot be looked up")
    places = ctx.lookups.quota(subject.province_code, subject.category)
    if places is None:
        return Verdict(
            False,
            rule,
            f"{province}该类别尚无推荐名额（名额分配表未导入）",
            f"no quota is set for {subject.province_code} in {subject.category} (import the quota table first)",
        )
    stages = frozenset(counted)
    used = ctx.lookups.count_in_stages(subject.province_code, subject.category, stages)
    used -= 1 if subject.stage in stages else 0
    if used < places:
        return Verdict(
            True,
            rule,
            f"{province}该类别推荐名额{places}个，已推荐{used}个",
            f"quota {places} for {subject.province_code} in {subject.category}; {used} recommended so far",
        )
    return Verdict(
        False,
        rule,
        f"{province}该类别推荐名额{places}个，已推荐{used}个，名额已用完",
        f"quota exhausted: {subject.province_code} has {places} place(s) in {subject.category} "
        f"and has recommended {used}",
    )


@guard("enterprise-uscc", rule="B2")
def enterprise_uscc(subject: Subject, ctx: GuardContext, *, rule: str) -> Verdict:
    """B2.5: a company proves its registration by a valid USCC issued to an enterprise (登记码 91)."""
    code = subject.organisation.uscc
    if not code:
        return Verdict(False, rule, "未登记统一社会信用代码", "no unified social credit code recorded")
    try:
        parts = parse_uscc(code)
    except USCCError as exc:
        return Verdict(False, rule, f"统一社会信用代码无效：{exc.reason_zh}", f"the USCC is invalid: {exc.reason_en}")
    if parts.is_enterprise:
        return Verdict(True, rule, f"统一社会信用代码{code}登记为企业", f"USCC {code} is registered to an enterprise")
    kind_zh = parts.entity_type_zh or f"机构类别{parts.authority}{parts.entity_type}"
    return Verdict(
        False,
        rule,
        f"统一社会信用代码{code}登记为{kind_zh}，不是市场监管部门登记的企业",
        f"USCC {code} is registered as {parts.entity_type_en or parts.authority + parts.entity_type}, "
        "not as an enterprise",
    )
