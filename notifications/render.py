"""Mail rendering: one jinja2 template pair (plain text + HTML) per kind, in Chinese.

The subject is set in the text template (``{% set subject %}``), so wording lives in one place.
HTML is autoescaped and every user-supplied value passes ``oneline``, so a name with markup or
a line break can neither inject HTML nor start a new mail header.

A reminder occasion writes tens of thousands of mails that differ only in the recipient's name and the
listed items (``missing``); :class:`FormLetters` renders each such shape once and fills those in, so
planning pays one jinja render per shape instead of one per mail (issue 13). Chosen over storing the
data and rendering at sending time because the outbox row then stays the mail itself: planning,
``reminders preview`` and ``reminders log`` show the exact text that is sent, with no schema change
and no template change between planning and sending that could alter a mail already decided.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import escape

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
    text = str(value)
    if text.isprintable():  # none of _BREAKS' characters is printable: the common case needs no regex
        return text.strip()
    return _BREAKS.sub(" ", text).strip()


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


DEFAULT_PORTAL = "http://127.0.0.1:8000/"  # where ``ipcycle serve`` listens unless told otherwise
_served_at: list[str] = []


def serve_at(url: str) -> None:
    """Where this process serves the portal (``serve`` calls it): mails link there unless IPCYCLE_BASE_URL says."""
    _served_at[:] = [url]


def portal_base() -> str:
    """The portal's address as mails and messages give it: IPCYCLE_BASE_URL, else where ``serve`` listens."""
    base = os.environ.get("IPCYCLE_BASE_URL", "").strip() or (_served_at[0] if _served_at else DEFAULT_PORTAL)
    return base.rstrip("/")


def portal_page(path: str) -> str:
    """The portal's address of ``path``: every mail links to the page where its job is done, never to a command."""
    return f"{portal_base()}{path}"


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
    "message",
    "stage-digest",
    "date-changed",
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


# -- form letters: one render per shape of mail, the recipient's parts filled in ---------------------

NAME, ITEMS = "recipient_name", "missing"  # what differs between the mails of one shape
_SLOT = re.compile("\ue000(\\d+)\ue001")  # a private-use mark no template, filter or escape changes
_MARKS = frozenset("\ue000\ue001")


def _slot(i: int) -> str:
    return f"\ue000{i}\ue001"


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a context value (the shape key: equal keys, equal values); TypeError for
    what has none. Scalars keep their type (1, True and 1.0 are equal keys but print differently)."""
    kind = type(value)
    if kind is str:
        return value
    if kind in _SCALARS:
        return kind, value
    if kind is dict:
        return dict, tuple((k, _frozen(v)) for k, v in value.items())
    if kind is list or kind is tuple:
        return kind, tuple(_frozen(v) for v in value)
    if kind is SimpleNamespace:
        return kind, _frozen(vars(value))
    raise TypeError(f"no shape key for {kind.__name__}")


_SCALARS = frozenset({int, bool, float, date, datetime, type(None)})


class _Form:
    """One rendered mail (subject, text, HTML), each split where the name (slot 0) and the items (1…) go."""

    def __init__(self, kind: str, context: dict[str, Any], items: int) -> None:
        marked = {**context, NAME: _slot(0)}
        if items >= 0:
            marked[ITEMS] = [_slot(i + 1) for i in range(items)]
        self.pieces = tuple(_pieces(rendered) for rendered in render(kind, marked))

    def fill(self, values: list[str]) -> tuple[str, str, str]:
        escaped = [v if _ESCAPED.search(v) is None else str(escape(v)) for v in values]  # jinja's own escape
        subject, text, html = self.pieces
        return _filled(subject, values), _filled(text, values), _filled(html, escaped)


Pieces = tuple[list[str], list[tuple[int, int]]]  # the text split at its slots; (place in it, slot) pairs


def _pieces(rendered: str) -> Pieces:
    parts = _SLOT.split(rendered)
    if any(mark in lit for lit in parts[::2] for mark in _MARKS):  # a substring test per mark, not a loop per character
        raise ValueError("a context value holds the slot marks")
    return parts, [(place, int(parts[place])) for place in range(1, len(parts), 2)]


def _filled(pieces: Pieces, values: list[str]) -> str:
    parts, slots = pieces
    if not slots:  # nothing of the recipient's in it (a subject, often)
        return parts[0]
    out = parts.copy()
    for place, slot in slots:
        out[place] = values[slot]
    return "".join(out)


_ESCAPED = re.compile("[&<>\"']")  # what markupsafe's escape changes


_FILLED = frozenset({NAME, ITEMS})
_UNSEEN: Any = object()


class FormLetters:
    """The mails of one kind on one occasion: ``render`` gives what :func:`render` would, rendering once per shape.

    A shape is everything in the context but the recipient's name and listed items (so the same count of
    items, the same contacts, totals and dates). Its first mail is also rendered in full and compared; a
    shape that does not come out the same (a template using the name other than through ``oneline``) is
    rendered in full from then on, as is a mail whose name or an item is empty after ``oneline`` (the
    text's blank-line folding could then differ). So filling in never changes a mail's wording. A list
    or object passed again is keyed by identity (contexts are not changed once given).
    """

    def __init__(self, kind: str, base: dict[str, Any]) -> None:
        self.kind, self.base = kind, base
        self._forms: dict[Any, _Form | None] = {}
        self.renders = 0  # full jinja renders done (forms included): what filling in saves shows here
        self._keys: dict[int, tuple[Any, Any]] = {}  # id → (value, its key): a list passed again is keyed once

    def _key(self, value: Any) -> Any:
        known = self._keys.get(id(value))
        if known is None or known[0] is not value:
            known = self._keys[id(value)] = (value, _frozen(value))  # the value is kept, so its id stays its own
        return known[1]

    def render(self, context: dict[str, Any]) -> tuple[str, str, str]:
        """(subject, text, HTML) of one mail; ``context`` is added to the occasion's base context."""
        items = context.get(ITEMS)
        values = [oneline(context.get(NAME, ""))]
        if items is not None:
            if type(items) is not list and type(items) is not tuple or any(type(i) is not str for i in items):
                return self._full(context)
            values += [oneline(i) for i in items]
        if not all(values):
            return self._full(context)
        rest = []
        try:
            for k, v in context.items():
                if k not in _FILLED:
                    kind = type(v)  # scalars inline, as _frozen keys them: a call and a lookup less, three a mail
                    rest.append((k, v if kind is str else (kind, v) if kind in _SCALARS else self._key(v)))
        except TypeError:
            return self._full(context)
        key = (-1 if items is None else len(items), tuple(rest))
        form = self._forms.get(key, _UNSEEN)
        if form is _UNSEEN:
            return self._first(key, context, values)
        return form.fill(values) if form is not None else self._full(context)

    def _full(self, context: dict[str, Any]) -> tuple[str, str, str]:
        self.renders += 1
        return render(self.kind, {**self.base, **context})

    def _first(self, key: Any, context: dict[str, Any], values: list[str]) -> tuple[str, str, str]:
        full = self._full(context)
        form: _Form | None
        try:
            self.renders += 1
            form = _Form(self.kind, {**self.base, **context}, key[0])
        except ValueError:
            form = None
        self._forms[key] = form if form is not None and form.fill(values) == full else None
        return full
