"""How the portal shows things to a Chinese reader: dates with their weekday, China Standard Time, roles."""

from __future__ import annotations

import re
from datetime import date, datetime

from markupsafe import Markup, escape

from engine.definition.model import Role
from engine.machine.machine import actor_name
from policies.labels import Labelled, label_of
from policies.reference.provinces import is_province

WEEKDAYS = "一二三四五六日"


def label(value: object, enum: type[Labelled]) -> str:
    """A code as a reader reads it: the enum's Chinese label (``—`` for nothing)."""
    return "—" if value is None or value == "" else label_of(enum, value)


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
    if Role(role) is Role.APPLICANT:
        return f"{Role.APPLICANT.label}（{scope_name}）" if scope_name else Role.APPLICANT.label
    return actor_name(role, scope)


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
