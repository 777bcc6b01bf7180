"""The national evaluation rules: select on a complete evaluation (B6), pass on the standard (B7), 摘牌 (B9).

The guards read the evaluation the engine computed from the recorded scores; they never score.
Each refusal quotes notice 004 §四 so the programme officer sees which sentence it enforces.
"""

from __future__ import annotations

from policies.facts import EvaluationFacts, GuardContext, Subject
from policies.registry import guard
from policies.verdict import Verdict

PURPOSE_ZH = {"selection": "评审", "acceptance": "评估验收", "effectiveness": "成效评估"}
B6_ZH = "根据知识产权强国建设示范评价指标（附件3）…组织评审，择优确定创建对象"
B7_ZH = "在评价指标基础上确定示范创建验收标准，组织开展评估验收…对评估验收合格且公示无异议的认定为示范单位"
B9_ZH = "对不符合要求的示范单位，及时取消资格，予以摘牌"


def _facts(subject: Subject, ctx: GuardContext, purpose: str) -> EvaluationFacts | None:
    ask = getattr(ctx.lookups, "evaluation", None)
    return ask(subject.application_id, purpose) if ask and subject.application_id is not None else None


def _incomplete(rule: str, purpose: str, facts: EvaluationFacts | None, words: str) -> Verdict:
    what = PURPOSE_ZH.get(purpose, purpose)
    missing = "；".join(facts.missing) if facts else "尚未录入评分"
    return Verdict(
        False,
        rule,
        f"{what}评分不完整（{missing}），不能据以决定；通知要求：“{words}”",
        f"the {purpose} evaluation is not complete ({', '.join(facts.missing) if facts else 'no scores'}); "
        "enter every reviewer's score of every indicator first",
    )


@guard("evaluation-complete", rule="B6")
def evaluation_complete(subject: Subject, ctx: GuardContext, *, rule: str, purpose: str) -> Verdict:
    """A decision rests on a complete evaluation: every reviewer scored every indicator of the cycle's set."""
    facts = _facts(subject, ctx, purpose)
    words = B6_ZH if purpose == "selection" else B7_ZH
    if facts is None or not facts.complete:
        return _incomplete(rule, purpose, facts, words)
    rank = f"，本类别第{facts.rank}名（共{facts.ranked}个）" if facts.rank else ""
    return Verdict(
        True,
        rule,
        f"{PURPOSE_ZH.get(purpose, purpose)}总分{facts.total:g}/{facts.full_mark:g}{rank}",
        f"{purpose} total {facts.total:g} of {facts.full_mark:g}"
        + (f", rank {facts.rank} of {facts.ranked} in the category" if facts.rank else ""),
    )


@guard("meets-standard", rule="B7")
def meets_standard(subject: Subject, ctx: GuardContext, *, rule: str, purpose: str = "acceptance") -> Verdict:
    """Pass only an evaluation that reaches every line of the cycle's acceptance standard (验收标准)."""
    facts = _facts(subject, ctx, purpose)
    if facts is None or not facts.complete:
        return _incomplete(rule, purpose, facts, B7_ZH)
    if facts.met is None:
        return Verdict(
            False,
            rule,
            f"尚未确定示范创建验收标准；通知要求：“{B7_ZH}”",
            "no acceptance standard is loaded for this cycle: load it on the indicators page",
        )
    if not facts.met:
        return Verdict(
            False,
            rule,
            f"评估验收未达到验收标准（{'；'.join(facts.shortfalls)}）；通知要求：“{B7_ZH}”",
            f"the acceptance evaluation falls short of the standard: {'; '.join(facts.shortfalls)}",
        )
    return Verdict(
        True,
        rule,
        f"评估验收总分{facts.total:g}，达到验收标准",
        f"acceptance total {facts.total:g} reaches every line of the standard",
    )


@guard("revocation-recorded", rule="B9")
def revocation_recorded(subject: Subject, ctx: GuardContext, *, rule: str) -> Verdict:
    """摘牌 goes through the register (`ipcycle recognitions revoke`), which cites the effectiveness evaluation."""
    ask = getattr(ctx.lookups, "register_status", None)
    status = ask(subject.application_id) if ask and subject.application_id is not None else None
    if status == "revoked":
        return Verdict(True, rule, "示范单位名册已记载摘牌", "the register records the revocation")
    return Verdict(
        False,
        rule,
        f"摘牌须经成效评估并记入示范单位名册（在示范单位名册中办理）；通知要求：“{B9_ZH}”",
        "revoke through the register of recognised units, citing the effectiveness evaluation it rests on",
    )
