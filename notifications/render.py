"""Mail rendering: one jinja2 template pair (plain text + HTML) per kind, in Chinese.

The subject is set in the text template (``{% set subject %}``), so wording lives in one place.
HTML is autoescaped and every user-supplied value passes ``oneline``, so a name with markup or
a line break can neither inject HTML nor start a new mail header.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

WEEKDAYS_CN = "一二三四五六日"
_BREAKS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]+")


def date_cn(value: date | datetime) -> str:
    """2025年9月19日（星期五）: the date with its weekday, as a notice writes it."""
    return _date_cn(value.date() if isinstance(value, datetime) else value)


@lru_cache(maxsize=256)  # a plan writes the same few dates into tens of thousands of mails
def _date_cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日（星期{WEEKDAYS_CN[d.weekday()]}）"


def oneline(value: Any) -> str:
    """Collapse line breaks and control characters to one space (header and layout safety)."""
    return _BREAKS.sub(" ", str(value)).strip()


_env = Environment(
    loader=PackageLoader("notifications", "templates"),
    autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    auto_reload=False,  # the templates ship with the package: checking their files' mtimes was a third of a render
)
_env.filters["date_cn"] = date_cn
_env.filters["oneline"] = oneline
# the deadline wording's macros, made once: an ``{% import %}`` in the layouts built them again for every mail
_env.globals["timing"] = _env.get_template("_timing.j2").module


def portal_page(path: str) -> str | None:
    """The portal's address of ``path`` when ``IPCYCLE_BASE_URL`` says where the portal runs; else None
    (the mail then names the CLI command, as before)."""
    base = os.environ.get("IPCYCLE_BASE_URL", "").strip()
    return f"{base.rstrip('/')}{path}" if base else None


_env.globals["portal_page"] = portal_page

KINDS = (
    "liaison-receipt",
    "unreported-applications",
    "recommendation-report",
    "draft-applications",
    "case-minimum",
    "digest",
    "missing-address",
    "stage-change",
    "undeliverable",
    "timers-failed",
    "recognition-ended",
)


# Values templates read with dots are objects, not dicts: jinja tries an attribute first, and the
# AttributeError a dict raises on every ``programme.title`` was a fifth of a mail's rendering.
def programme_context(p: Any) -> dict[str, Any]:
    """What every mail's layout says about its programme (title, document number, issuer, mailbox)."""
    return {"programme": SimpleNamespace(title=p.title, document=p.document, issuer=p.issuer, mailbox=p.mailbox)}


def contacts_of(p: Any, groups: list[str] | None) -> list[SimpleNamespace]:
    """The contact persons of the given groups (B13); no groups named means all of them."""
    chosen = [g for g in p.contact_groups if not groups or g.id in groups]
    return [SimpleNamespace(title=g.title, person=g.person, phone=g.phone) for g in chosen]


def render(kind: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """(subject, plain text, HTML) of one mail of ``kind``."""
    if kind not in KINDS:
        raise ValueError(f"no mail template for {kind!r} (known: {', '.join(KINDS)})")
    module = _env.get_template(f"{kind}.txt.j2").make_module(context)
    subject = oneline(getattr(module, "subject", ""))
    text = re.sub(r"\n{3,}", "\n\n", str(module)).strip() + "\n"
    html = _env.get_template(f"{kind}.html.j2").render({**context, "subject": subject})
    return subject, text, html
