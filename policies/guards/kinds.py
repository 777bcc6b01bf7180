"""Guards that need no reference data: organisation kind and legal-entity form.

Rules that need division levels, pilot lists or recognitions live beside their data.
"""

from __future__ import annotations

from policies.facts import GuardContext, OrganisationKind, Subject
from policies.reference.legalform import ATTRIBUTE_NAMES_ZH, evident_form, value_zh
from policies.registry import guard
from policies.verdict import Verdict

KIND_NAMES_ZH: dict[str, str] = {k.value: k.label for k in OrganisationKind}  # the labels, keyed by code


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


@guard("entity-form", rule="B2")
def entity_form(subject: Subject, ctx: GuardContext, *, rule: str, forms: list[str], wording_zh: str = "") -> Verdict:
    """Only the listed legal forms qualify (B2.5: an LLC or JSC with its own legal personality).

    What the name or USCC shows (a 分公司, a （有限合伙）, an individual business) wins over the declared form:
    the declaration is the applicant's, the name and code are the register's.
    """
    org = subject.organisation
    declared = org.attributes.get("entity_form")
    wanted_zh = wording_zh or "具有独立法人资格的" + "、".join(value_zh("entity_form", f) for f in forms)
    evident = evident_form(org.name, org.uscc)
    if evident is not None and evident.form not in forms:
        return Verdict(
            False,
            rule,
            f"“{org.name}”{evident.shown_by_zh}，为{value_zh('entity_form', evident.form)}，不具有独立法人资格；"
            f"申报单位应为{wanted_zh}",
            f"{org.name}: {evident.shown_by_en}, so it is a {evident.form} without legal personality of its own "
            f"(declared: {declared or 'nothing'}); must be one of {', '.join(forms)}",
        )
    if declared is None:
        return Verdict(
            False,
            rule,
            f"未登记企业组织形式，申报单位应为{wanted_zh}",
            f"legal form not recorded; must be one of {forms}",
        )
    if declared in forms:
        return Verdict(True, rule, f"组织形式为{value_zh('entity_form', declared)}", f"legal form is {declared}")
    return Verdict(
        False,
        rule,
        f"组织形式为{value_zh('entity_form', declared)}，申报单位应为{wanted_zh}",
        f"legal form is {declared}; must be an independent legal person of form {', '.join(forms)}",
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
    label = label_zh or ATTRIBUTE_NAMES_ZH.get(attribute, "登记信息")
    if for_kinds is not None and subject.organisation.kind not in for_kinds:
        return Verdict(True, rule, f"{label}要求不适用于该类单位", f"the {attribute} rule does not apply to this kind")
    if value in values:
        return Verdict(True, rule, f"{label}为{value_zh(attribute, value)}", f"{attribute} is {value}")
    wanted = "、".join(value_zh(attribute, v) for v in values)
    return Verdict(
        False,
        rule,
        f"{label}为{value_zh(attribute, value)}，应为{wanted}{'之一' if len(values) > 1 else ''}",
        f"{attribute} is {value or 'not recorded'}; must be one of {', '.join(values)}",
    )
