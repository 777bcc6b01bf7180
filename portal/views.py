"""How the portal shows things to a Chinese reader: dates with their weekday, China Standard Time, roles."""

from __future__ import annotations

import re
from datetime import date, datetime

from markupsafe import Markup, escape

from engine.definition.model import Role
from policies.reference.provinces import is_province, province_name

WEEKDAYS = "一二三四五六日"
ROLE_NAMES = {
    Role.NATIONAL: "国家知识产权局",
    Role.PROVINCE: "省级知识产权局",
    Role.APPLICANT: "申报单位",
    Role.SYSTEM: "系统（定时）",
}


def cn_date(d: date | None) -> str:
    """2025年9月15日（星期一）."""
    if d is None:
        return "—"
    day = d.date() if isinstance(d, datetime) else d
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def cn_time(at: datetime | None) -> str:
    """2025年9月15日（星期一）10:00 北京时间 — every stored time is already China Standard Time."""
    if at is None:
        return "—"
    return f"{cn_date(at)} {at:%H:%M} 北京时间"


def days_left(n: int | None) -> str:
    if n is None:
        return "—"
    if n < 0:
        return f"已逾期 {-n} 个工作日"
    return f"还剩 {n} 个工作日"


def role_label(role: str, scope: str | None, scope_name: str | None = None) -> str:
    """国家知识产权局, 江苏省知识产权局, or 申报单位（昆山市人民政府）."""
    r = Role(role)
    if r is Role.PROVINCE:
        return f"{province_name(scope)}知识产权局"
    if r is Role.APPLICANT:
        return f"申报单位（{scope_name or scope}）"
    return ROLE_NAMES[r]


EVENT_NAMES = {
    "submit": "提交申报",
    "recommend": "推荐",
    "decline": "不予推荐",
    "object": "受理异议",
    "dismiss_objection": "异议不成立",
    "uphold_objection": "异议成立",
    "report": "报送国家知识产权局",
    "review": "审核通过",
    "forward": "转报国家知识产权局",
    "withdraw": "撤回申报",
    "select": "确定为创建对象",
    "reject": "不予确定",
    "start_acceptance": "开始评估验收",
    "pass": "验收通过",
    "fail": "验收不通过",
    "revoke": "取消资格并摘牌",
    "apply": "创建申报",
    "expire": "申报期满",
    "close_unreported": "推荐截止未报送",
    "end_notice": "公示期满",
    "lapse": "创建期满",
    "disqualify": "弄虚作假取消资格",
}


def event_name(event: str) -> str:
    return EVENT_NAMES.get(event, event)


def is_province_code(code: str) -> bool:
    return is_province(code)


_URL = re.compile(r"https?://[^\s<>\"'（）]+")


def linkify(text: str) -> Markup:
    """A message's plain text as HTML: escaped, its web addresses made links, its line breaks kept."""
    out, last = [], 0
    for m in _URL.finditer(text):
        out += [str(escape(text[last : m.start()])), f'<a href="{escape(m.group())}">{escape(m.group())}</a>']
        last = m.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out).replace("\n", "<br>\n"))
