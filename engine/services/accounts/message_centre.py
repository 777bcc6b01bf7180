"""The message centre: what the system told a party (every mail, with or without an address) and what a person
posted to many parties, each read in the portal's 消息 page with an unread count.

A party is the key mails are addressed to: ``national``, ``province:<division code>`` or ``org:<organisation
id>``; an account reads its role's party. Posting writes the messages only: planning mails them afterwards
(to the parties with an address), so the engine never waits on delivery.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.kernel.text import free_text, normalise
from engine.machine.machine import Actor
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.core import Cycle, Organisation
from engine.store.messages import Message
from engine.store.workspace import Workspace
from policies.reference.provinces import province_codes
from policies.verdict import Verdict

NATIONAL = "national"
POSTED_KIND = "message"
MAX_PAGE = 200
MAX_RECIPIENTS = 100_000
_PARTY = re.compile(r"^(national|province:\d{6}|org:\d{1,10})$")
_REQUEST_KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
# a path of this portal: one slash then no second slash or backslash (browsers read "/\\x" as "//x"), no space
_LINK = re.compile(r"/(?![/\\])[^\s\\]*")


def party_of(role: Role | str, scope: str | None) -> str | None:
    """The party an account of ``role`` reads messages for; None for a role that has none."""
    role = Role(role)
    if role is Role.NATIONAL:
        return NATIONAL
    if role is Role.PROVINCE and scope:
        return f"province:{scope}"
    if role is Role.APPLICANT and scope:
        return f"org:{scope}"
    return None


class MessageView(ServiceResult):
    """One message as its party reads it."""

    id: int
    kind: str
    subject: str
    body: str
    link: str | None  # the portal path where what it asks for is done
    cycle: int | None
    at: IsoDatetime
    read: bool
    posted: bool  # written by a person (the national office), not by the system


class MessagePage(ServiceResult):
    """A page of a party's messages, newest first, with its totals."""

    total: int
    unread: int
    page: int
    per_page: int
    messages: list[MessageView]


class MessagesPosted(ServiceResult):
    """What posting did: how many parties got the message now, how many had it already (the same request)."""

    posted: int
    already: int
    recipients: list[str]


def _view(m: Message) -> MessageView:
    return MessageView(id=m.id, kind=m.kind, subject=m.subject, body=m.body_text, link=m.link, cycle=m.cycle_id,
                       at=m.shown_at, read=m.read_at is not None, posted=m.posted_by is not None)  # fmt: skip


def _shown(party: str, now: datetime) -> list[ColumnElement[bool]]:
    return [Message.recipient == party, Message.shown_at <= now]


def unread_count(ws: Workspace, party: str) -> int:
    """How many of the party's messages it has not opened (the header's badge)."""
    with ws.transaction() as s:
        q = select(func.count(Message.id)).where(*_shown(party, ws.clock.now()), Message.read_at.is_(None))
        return int(s.scalar(q) or 0)


def list_messages(
    ws: Workspace, party: str, page: int = 1, per_page: int = 50, unread_only: bool = False
) -> MessagePage:
    """The party's messages, newest first; a page past the end is empty."""
    if not 1 <= per_page <= MAX_PAGE:
        raise BadInput(f"per_page: 1 to {MAX_PAGE}")
    now = ws.clock.now()
    with ws.transaction() as s:
        where = _shown(party, now)
        total = int(s.scalar(select(func.count(Message.id)).where(*where)) or 0)
        unread = int(s.scalar(select(func.count(Message.id)).where(*where, Message.read_at.is_(None))) or 0)
        if unread_only:
            where = [*where, Message.read_at.is_(None)]
        q = select(Message).where(*where).order_by(Message.shown_at.desc(), Message.id.desc())
        rows = s.scalars(q.offset((page - 1) * per_page).limit(per_page))
        return MessagePage(total=total, unread=unread, page=page, per_page=per_page, messages=[_view(m) for m in rows])


def read_message(ws: Workspace, party: str, message_id: int) -> MessageView | None:
    """One of the party's messages, marked read; None when it is not the party's (or not yet shown)."""
    now = ws.clock.now()
    with ws.transaction() as s:
        m = s.scalars(select(Message).where(Message.id == message_id, *_shown(party, now))).first()
        if m is None:
            return None
        if m.read_at is None:
            m.read_at = now
        return _view(m)


def mark_all_read(ws: Workspace, party: str) -> int:
    """Mark every shown message of the party read; returns how many were unread."""
    now = ws.clock.now()
    with ws.transaction() as s:
        q = update(Message).where(*_shown(party, now), Message.read_at.is_(None)).values(read_at=now)
        return int(s.execute(q.execution_options(synchronize_session=False)).rowcount)  # type: ignore[attr-defined]


def party_names(s: Session, parties: list[str]) -> dict[str, str]:
    """Each party's name as a message greets it; an unknown party is bad input (named)."""
    provinces = province_codes()
    org_ids = [int(p[4:]) for p in parties if p.startswith("org:")]
    orgs = {i: n for i, n in s.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(org_ids)))}
    out: dict[str, str] = {}
    for p in parties:
        if p == NATIONAL:
            out[p] = "国家知识产权局"
        elif p.startswith("province:") and p[9:] in provinces:
            out[p] = f"{provinces[p[9:]]}知识产权局"
        elif p.startswith("org:") and int(p[4:]) in orgs:
            out[p] = orgs[int(p[4:])]
        else:
            raise BadInput(f"recipients: 没有这个收件方（no such party: {p}）")
    return out


def post_message(
    ws: Workspace,
    actor: Actor,
    recipients: list[str],
    subject: str,
    body: str,
    link: str | None = None,
    cycle_id: int | None = None,
    request_key: str | None = None,
) -> MessagesPosted:
    """Post one message to each of ``recipients`` (parties): into their message centres now, mailed by the next
    tick to those with an address. The national office posts; the same ``request_key`` again posts nothing twice."""
    if actor.role is not Role.NATIONAL:
        refusal = Verdict(False, "ROLE", "只有国家知识产权局可以群发消息", "only the national office posts messages")
        raise Refused("only the national office posts messages", [refusal])
    subject, body = free_text(subject, "subject", 200, multiline=False), free_text(body, "body", 20_000)
    if not subject or len(subject) > 200:
        raise BadInput("subject: 标题须为1至200字（a subject of 1 to 200 characters）")
    if not body or len(body) > 20_000:
        raise BadInput("body: 正文须为1至20000字（a body of 1 to 20,000 characters）")
    parties = list(dict.fromkeys(recipients))
    if not parties or len(parties) > MAX_RECIPIENTS:
        raise BadInput("recipients: 请至少选择一个收件方（at least one recipient）")
    bad = next((p for p in parties if not _PARTY.match(p)), None)
    if bad is not None:
        raise BadInput(f"recipients: 收件方格式有误（not a party: {bad[:80]}）")
    link = normalise(link) if link is not None else None  # invisible characters out, as in every text
    if link is not None and (not _LINK.fullmatch(link) or len(link) > 500):
        raise BadInput("link: 链接须为本系统的页面路径（a path of this portal, starting with /）")
    if request_key is not None and not _REQUEST_KEY.match(request_key):
        raise BadInput("request_key: 8 to 64 letters, digits, - or _")
    token = request_key or secrets.token_hex(12)
    now = ws.clock.now()
    try:
        return _post(ws, actor, parties, subject, body, link, cycle_id, token, now)
    except IntegrityError:  # the same request at the same moment got there first: its messages stand
        return MessagesPosted(posted=0, already=len(parties), recipients=parties)


def _post(ws: Workspace, actor: Actor, parties: list[str], subject: str, body: str, link: str | None,
          cycle_id: int | None, token: str, now: datetime) -> MessagesPosted:  # fmt: skip
    with ws.transaction(write=True) as s:
        if cycle_id is not None and s.get(Cycle, cycle_id) is None:
            raise BadInput(f"cycle: 没有这个周期（no cycle {cycle_id}）")
        names = party_names(s, parties)
        keys = {p: f"post/{token}/{p}" for p in parties}
        known = set(s.scalars(select(Message.key).where(Message.key.in_(list(keys.values())))))
        fresh = [p for p in parties if keys[p] not in known]
        s.add_all(
            Message(key=keys[p], cycle_id=cycle_id, kind=POSTED_KIND, recipient=p, recipient_name=names[p],
                    subject=subject, body_text=body, link=link, posted_by=str(actor), created_at=now, shown_at=now)
            for p in fresh
        )  # fmt: skip
    return MessagesPosted(posted=len(fresh), already=len(parties) - len(fresh), recipients=parties)
