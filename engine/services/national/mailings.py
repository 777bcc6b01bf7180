"""Mail everyone in a state (HotCRP's "mail users"): the national office picks a cycle and a set of parties —
provinces that have not reported, applicants with materials missing, every liaison — sees who that is now, and
posts one message to each (into their message centres, mailed to those with an address; logged there)."""

from __future__ import annotations

from sqlalchemy import select

from engine.kernel.errors import BadInput
from engine.machine.machine import Actor
from engine.services.accounts.message_centre import MessagesPosted, post_message
from engine.services.national.date_amendments import Party
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.province.liaison import offices, province_addressee, receipts
from engine.services.province.report_packages import RoundState, province_rounds
from engine.services.shared.reference_audit import national_only
from engine.services.shared.results import ServiceResult
from engine.store.core import Application, Organisation
from engine.store.workspace import Workspace
from policies.reference.provinces import province_codes

SETS = {
    "provinces-not-reported": "尚未报送推荐材料的省份",
    "applicants-with-drafts": "申报材料尚未提交的申报单位",
    "all-liaisons": "各省份联络员（未报回执的，发至省局邮箱）",
    "all-applicants": "本届全部申报单位",
}


class Mailing(ServiceResult):
    """Who a message to a set reaches now; ``posted`` once it was sent (None: the preview)."""

    cycle: int
    audience: str
    title: str
    recipients: list[Party]
    posted: MessagesPosted | None


def parties_in(ws: Workspace, cycle_id: int, audience: str) -> list[Party]:
    """The parties of a set, as the cycle stands now."""
    if audience not in SETS:
        raise BadInput("audience: 请选择收件范围")
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        names, own, named = province_codes(), offices(s), receipts(s, cycle.id)

        def province(code: str) -> Party:
            label, address = province_addressee(own.get(code), named.get(code), names.get(code, code))
            return Party(recipient=f"province:{code}", name=label, address=address)

        if audience == "all-liaisons":
            return [province(code) for code in names]
        if audience == "provinces-not-reported":
            return [province(r.province) for r in province_rounds(s, cycle.id) if r.state == RoundState.NOT_YET]
        p = cycle_programme(cycle)
        q = (
            select(Organisation.id, Organisation.name, Organisation.email)
            .join(Application, Application.organisation_id == Organisation.id)
            .where(Application.cycle_id == cycle.id)
            .distinct()
            .order_by(Organisation.id)
        )
        if audience == "applicants-with-drafts":
            q = q.where(Application.stage == p.entry.to)
        return [Party(recipient=f"org:{i}", name=n, address=e) for i, n, e in s.execute(q)]


def send_message(
    ws: Workspace,
    actor: Actor,
    cycle_id: int,
    audience: str,
    subject: str,
    body: str,
    confirm: bool = True,
    request_key: str | None = None,
) -> Mailing:
    """The recipients now (``confirm=False``), or the message posted to each of them."""
    national_only(actor, "群发消息", "messages to many")
    found = parties_in(ws, cycle_id, audience)
    if confirm and not found:
        raise BadInput(f"audience: {SETS[audience]}目前没有收件方")
    posted = None
    if confirm:
        posted = post_message(ws, actor, [p.recipient for p in found], subject, body, cycle_id=cycle_id,
                              request_key=request_key)  # fmt: skip
    return Mailing(cycle=cycle_id, audience=audience, title=SETS[audience], recipients=found, posted=posted)
