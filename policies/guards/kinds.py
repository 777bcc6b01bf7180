"""Guards that need no reference data: organisation kind and legal-entity form.

Rules that need division levels, pilot lists or recognitions live beside their data.
"""

from __future__ import annotations

from policies.facts import GuardContext, OrganisationKind, Subject
from policies.registry import guard
from policies.verdict import Verdict

KIND_NAMES_ZH: dict[str, str] = {
    OrganisationKind.GOVERNMENT: "人民政府",
    OrganisationKind.PARK: "产业园区管委会",
    OrganisationKind.COMPANY: "企业",
    OrganisationKind.UNIVERSITY: "高校",
    OrganisationKind.INSTITUTE: "科研机构",
    OrganisationKind.TISC: "技术与创新支持中心",
    OrganisationKind.UNIVERSITY_CENTRE: "高校国家知识产权信息服务中心",
    OrganisationKind.MEMBER_UNIT: "联席会议成员单位",
    OrganisationKind.PROVINCIAL_OFFICE: "省级知识产权局",
}


@guard("organisation-kind", rule="B2")
def organisation_kind(subject: Subject, ctx: GuardContext, *, rule: str, kinds: list[str]) -> Verdict:
    """The applicant must be one of the kinds of body the category admits."""
    kind = subject.organisation.kind
    wanted_zh = "、".join(KIND_NAMES_ZH.get(k, k) for k in kinds)
    if kind in kinds:
        return Verdict(True, rule, f"申报单位类型为{KIND_NAMES_ZH.get(kind, kind)}", f"organisation kind is {kind}")
    return Verdict(
        False,
        rule,
        f"该类别的申报单位应为{wanted_zh}，而该单位为{KIND_NAMES_ZH.get(kind, kind)}",
        f"this category admits {', '.join(kinds)}; the organisation is a {kind}",
    )


ENTITY_FORM_ZH = {
    "llc": "有限责任公司",
    "jsc": "股份有限公司",
    "branch": "分公司",
    "partnership": "合伙企业",
    "sole-proprietorship": "个人独资企业",
    "representative-office": "代表处",
    "public-institution": "事业单位",
    "other": "其他",
}


# Each recorded attribute's values in words (the roster template offers these; reasons name them).
ATTRIBUTE_VALUES_ZH: dict[str, dict[str, str]] = {
    "entity_form": ENTITY_FORM_ZH,
    "education_level": {"undergraduate": "普通本科高校", "vocational": "高职（专科）院校"},
    "park_level": {"national": "国家级", "provincial": "省级", "municipal": "市级"},
    "founder": {"central-government": "中央政府部门", "local-government": "地方政府", "soe": "国有企业",
                "private": "民营企业"},
}  # fmt: skip


@guard("entity-form", rule="B2")
def entity_form(subject: Subject, ctx: GuardContext, *, rule: str, forms: list[str]) -> Verdict:
    """Only the listed legal forms qualify (B2.5: an LLC or JSC with its own legal personality)."""
    form = subject.organisation.attributes.get("entity_form")
    wanted_zh = "、".join(ENTITY_FORM_ZH.get(f, f) for f in forms)
    if form is None:
        return Verdict(
            False, rule, f"未登记企业组织形式，应为{wanted_zh}", f"legal form not recorded; must be one of {forms}"
        )
    if form in forms:
        return Verdict(True, rule, f"组织形式为{ENTITY_FORM_ZH.get(form, form)}", f"legal form is {form}")
    return Verdict(
        False,
        rule,
        f"组织形式为{ENTITY_FORM_ZH.get(form, form)}，应为具有独立法人资格的{wanted_zh}",
        f"legal form is {form}; must be an independent legal person of form {', '.join(forms)}",
    )


@guard("attribute-in", rule="B2")
def attribute_in(
    subject: Subject,
    ctx: GuardContext,
    *,
    rule: str,
    attribute: str,
    values: list[str],
    label_zh: str = "",
    for_kinds: list[str] | None = None,
) -> Verdict:
    """A recorded organisation attribute (education level, park level, founder) must be one of ``values``.

    ``for_kinds`` limits the rule to some kinds of body (B2.4 admits parks by level, governments by division).
    """
    value = subject.organisation.attributes.get(attribute)
    label = label_zh or attribute
    if for_kinds is not None and subject.organisation.kind not in for_kinds:
        return Verdict(True, rule, f"{label}要求不适用于该类单位", f"the {attribute} rule does not apply to this kind")
    words = ATTRIBUTE_VALUES_ZH.get(attribute, {})
    if value in values:
        return Verdict(True, rule, f"{label}为{words.get(value, value)}", f"{attribute} is {value}")
    shown = "未登记" if value is None else words.get(str(value), str(value))
    return Verdict(
        False,
        rule,
        f"{label}为{shown}，应为{'、'.join(words.get(v, v) for v in values)}之一",
        f"{attribute} is {value or 'not recorded'}; must be one of {', '.join(values)}",
    )
