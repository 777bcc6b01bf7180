"""Rules of the provincial round: the public notice must have ended, objections are records, and a report
travels in the province's one package (B4 of notice 004, A7 and A8 of notice 003).

Each refusal quotes the notice's words, so a clerk sees why, not only that.
"""

from __future__ import annotations

from typing import Literal

from pydantic import PositiveInt

from policies.facts import GuardContext, Subject
from policies.registry import guard
from policies.verdict import Verdict

# The notices' own words for the provincial round, by rule (004 §四(一); 003 §三(二), §四).
WORDS_ZH = {
    "B4": "经公示无异议后将推荐名单和有关材料报送国家知识产权局",
    "A7": "按照分配名额组织开展试点城市、试点县的申报、评审、公示工作，并将推荐名单报国家知识产权局核准",
    "A6": "省级知识产权局根据分配名额择优确定推荐对象，并将推荐名单和有关材料上报国家知识产权局",
    "A8": "省级知识产权局推荐函，包括对城市、县申报材料的审核情况以及推荐意见",
}


def words(rule: str, given: str = "") -> str:
    """The notice's words for ``rule``, quoted (a definition may give its own)."""
    text = given or WORDS_ZH.get(rule, "")
    return f"（通知原文：“{text}”）" if text else ""


@guard("public-notice-ended", rule="B4")
def public_notice_ended(subject: Subject, ctx: GuardContext, *, rule: str, words_zh: str = "") -> Verdict:
    """Report only after the provincial public notice has ended with no objection open (经公示无异议后)."""
    notice = ctx.lookups.public_notice(subject.application_id) if ctx.lookups and subject.application_id else None
    quote = words(rule, words_zh)
    if notice is None:
        return Verdict(False, rule, "尚未进行省级公示" + quote, "the application has not been under public notice")
    if notice.held:
        return Verdict(
            False,
            rule,
            "省级公示因异议暂停，异议处理完毕且公示期满后方可报送" + quote,
            "the public notice is held by an open objection; report after it is resolved and the notice has ended",
        )
    last = notice.last_day
    if ctx.now.date() <= last:
        return Verdict(
            False,
            rule,
            f"省级公示期至{last:%Y年%-m月%-d日}，公示期满无异议后方可报送" + quote,
            f"the public notice runs to {last} (its last day); report after it has ended with no objection",
        )
    return Verdict(True, rule, f"省级公示已于{last:%Y年%-m月%-d日}期满，无异议", f"the public notice ended on {last}")


@guard("objection-recorded", rule="B4")
def objection_recorded(subject: Subject, ctx: GuardContext, *, rule: str) -> Verdict:
    """An objection holds an application only as a record (objector, content, date), filed on the objections desk."""
    tally = ctx.lookups.objection_tally(subject.application_id) if ctx.lookups and subject.application_id else None
    if tally and tally.open:
        return Verdict(True, rule, f"已登记异议{tally.open}件", f"{tally.open} objection(s) on record")
    return Verdict(
        False,
        rule,
        "异议须登记异议人、异议内容和提出日期（在“异议”页面登记）",
        "an objection must be recorded with its objector, content and date, on the objections desk",
    )


@guard("objection-resolved", rule="B4")
def objection_resolved(
    subject: Subject, ctx: GuardContext, *, rule: str, outcome: Literal["upheld", "dismissed"]
) -> Verdict:
    """Leaving the objection stage needs every objection handled, with the outcome this move stands for."""
    tally = ctx.lookups.objection_tally(subject.application_id) if ctx.lookups and subject.application_id else None
    if tally is None or tally.open:
        return Verdict(
            False,
            rule,
            "尚有异议未处理，须在“异议”页面登记处理人、处理结果和理由",
            "an objection is still open: record its outcome on the objections desk",
        )
    if outcome == "upheld" and not tally.upheld:
        return Verdict(False, rule, "没有成立的异议", "no objection was upheld")
    if outcome == "dismissed" and tally.upheld:
        return Verdict(False, rule, "已有异议成立，不能恢复公示", "an objection was upheld: the notice cannot resume")
    zh = "异议成立" if outcome == "upheld" else "异议不成立，恢复公示"
    return Verdict(True, rule, zh, f"objection(s) {outcome}")


@guard("in-report-package", rule="B4")
def in_report_package(subject: Subject, ctx: GuardContext, *, rule: str, words_zh: str = "") -> Verdict:
    """A province reports its recommendation as one package with one letter (the report package)."""
    listed = ctx.lookups.in_report_package(subject.application_id) if ctx.lookups and subject.application_id else False
    if listed:
        return Verdict(True, rule, "列入本省推荐名单报送", "listed in the province's report package")
    return Verdict(
        False,
        rule,
        "推荐名单和推荐函由省级知识产权局在“推荐报送”中一次报送" + words(rule, words_zh),
        "a province reports its list and letter once, as one package (the report package)",
    )


@guard("notice-ends-by", rule="B7")
def notice_ends_by(
    subject: Subject,
    ctx: GuardContext,
    *,
    rule: str,
    milestone: str,
    working_days: PositiveInt,
    notice_zh: str,
    words_zh: str = "",
) -> Verdict:
    """A move that starts a public notice of ``working_days`` is refused when the notice, started today, would
    still run after ``milestone`` (B7: 评估验收和公示认定 before the end of 2027; a 延期 of the date moves it)."""
    due = ctx.milestone_due(milestone, subject.province_code)
    if due is None or ctx.workdays is None:
        return Verdict(True, rule, "未设定期限", f"no {milestone} date is set")
    today = ctx.now.date()
    first = today if ctx.workdays.is_working_day(today) else ctx.workdays.add_working_days(today, 1)
    last = ctx.workdays.add_working_days(first, working_days - 1)
    quote = f"（通知原文：“{words_zh.replace('{year}', str(due.year))}”）" if words_zh else ""
    if last > due:
        return Verdict(
            False,
            rule,
            f"{notice_zh}{working_days}个工作日，今日开始将至{last:%Y年%-m月%-d日}期满，"
            f"晚于{due:%Y年%-m月%-d日}，无法在期限内完成公示认定" + quote,
            f"a {working_days}-working-day notice started today would end on {last}, after {due}",
        )
    return Verdict(
        True,
        rule,
        f"{notice_zh}至{last:%Y年%-m月%-d日}期满，在{due:%Y年%-m月%-d日}前",
        f"the notice would end on {last}, by {due}",
    )
