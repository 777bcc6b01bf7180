"""Objectors are shown to the offices, never to the party objected to (its history, the API, its mail); and names
that are not names (zero-width characters, word joiners, a Hangul filler, an RTL override) are refused or
cleaned by one normaliser, whichever edge they came through. SQLite, and PostgreSQL with IPCYCLE_TEST_DB."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from engine.definition.model import Role
from engine.files.casedoc import CaseText
from engine.kernel.errors import BadInput
from engine.kernel.text import normalise, person_or_unit_name
from engine.machine.machine import Actor
from engine.services.accounts import message_centre, users
from engine.services.cases import submission
from engine.services.province import liaison
from engine.services.publicity import objections, objectors, open_notices
from engine.services.reference import contacts, organisations
from engine.store.outbox import OutboxMessage
from engine.store.round import Objection
from engine.store.workspace import Workspace
from notifications.planning.stage_notices import plan_stage_notices
from tests.support.portal_support import csrf_of, demo_site_on, log_in

KUNSHAN = 1  # the demo's application under Jiangsu's notice
OBJECTOR, UNIT, PHONE = "王五", "苏州某某科技有限公司", "13612345678"
PDF = b"%PDF-1.4\n% evidence\n"
INVISIBLE = ["\u200b\u200b", "\u2060\u2060\u2060", "\u3164", "\u115f\u1160", "\ufeff", "\u202e\u202c", " \u200d "]


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[Workspace, TestClient]]:
    ws, _demo, client = demo_site_on(tmp_path)
    yield ws, client
    ws.dispose()


def _notice(ws: Workspace) -> str:
    return next(n.key for n in open_notices.running_notices(ws) if KUNSHAN in {u.application for u in n.units})


def _object(client: TestClient, key: str, **fields: str):  # noqa: ANN202
    client.cookies.clear()
    page = client.get(f"/notices/{key}")
    data = {"csrf": csrf_of(page.text), "application": str(KUNSHAN), "kind": "unit", "name": OBJECTOR, "unit": UNIT,
            "phone": PHONE, "content": "申报材料中的专利数据与实际不符。"}  # fmt: skip
    data.update(fields)
    files = [("evidence", ("证据.pdf", PDF, "application/pdf")), ("stamped", ("盖章.pdf", PDF, "application/pdf"))]
    return client.post(f"/notices/{key}/objections", data=data, files=files)


def _org(ws: Workspace, login: str) -> str:
    return next(u.scope or "" for u in users.list_users(ws) if u.login == login)


def _objections(ws: Workspace) -> int:
    with ws.transaction() as s:
        return int(s.scalar(select(func.count(Objection.id))) or 0)


def test_the_party_objected_to_never_learns_who_objected(site: tuple) -> None:
    ws, client = site
    assert _object(client, _notice(ws)).status_code == 201
    plan_stage_notices(ws)
    secrets = (OBJECTOR, UNIT, PHONE)
    # its history page and its API
    log_in(client, "kunshan")
    token = users.create_token(ws, "kunshan", "系统").token
    page = client.get(f"/applications/{KUNSHAN}")
    api = client.get(f"/api/v1/applications/{KUNSHAN}", headers={"Authorization": f"Bearer {token}"})
    assert page.status_code == api.status_code == 200
    assert "异议（2025-10-09）" in page.text and "异议（2025-10-09）" in api.text  # told one was received, and when
    for shown in (page.text, api.text):
        assert not any(x in shown for x in secrets), shown
    # every mail to it
    with ws.transaction() as s:
        mails = list(s.scalars(select(OutboxMessage).where(OutboxMessage.recipient == f"org:{_org(ws, 'kunshan')}")))
    assert any("异议" in m.subject for m in mails), "the applicant is told of the move"
    for m in mails:
        assert not any(x in m.subject + m.body_text + m.body_html for x in secrets)
    # the office that judges it sees the objector
    client.cookies.clear()
    log_in(client, "jiangsu")
    queue = client.get("/objections")
    assert OBJECTOR in queue.text and UNIT in queue.text


@pytest.mark.parametrize("blank", INVISIBLE)
def test_a_public_objection_by_a_name_of_invisible_characters_is_refused(site: tuple, blank: str) -> None:
    ws, client = site
    r = _object(client, _notice(ws), name=blank)
    assert r.status_code == 400 and "真实姓名" in r.text
    assert _objections(ws) == 0


def test_invisible_and_reordering_characters_are_taken_out_of_a_name_that_has_letters(site: tuple) -> None:
    ws, client = site
    assert (
        _object(client, _notice(ws), name="\u202e王\u200b五\u2060", unit="苏州\u3164某某科技有限公司").status_code
        == 201
    )
    (row,) = objections.list_objections(ws, 1, application=KUNSHAN)
    assert (row.objector_name, row.objector_unit) == ("王五", "苏州某某科技有限公司")


@pytest.mark.parametrize("blank", INVISIBLE)
def test_a_liaison_receipt_by_a_name_of_invisible_characters_is_refused_by_the_api(site: tuple, blank: str) -> None:
    ws, client = site
    token = users.create_token(ws, "jiangsu", "系统").token
    body = {"name": blank, "title": "处长", "phone": "025-83456789", "mobile": "13700000000", "email": "l@js.example"}
    r = client.post("/api/v1/cycles/1/liaison", json=body, headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 400 and "/name" in [e["field"] for e in r.json()["errors"]]
    assert "320000" not in {p.province for p in liaison.list_receipts(ws, 1).provinces if p.filed}


@pytest.mark.parametrize("blank", INVISIBLE)
def test_an_organisation_named_by_invisible_characters_is_refused_as_the_cli_and_roster_add_it(
    site: tuple, blank: str
) -> None:
    ws, _client = site
    with pytest.raises(BadInput) as refused:  # a park (a government of a division is named by the system: B11)
        organisations.add_organisation(
            ws, name=blank, kind="park", division_code="320500", attributes={"park_level": "national"}
        )
    assert "name" in str(refused.value) or refused.value.field == "name"


def test_the_normaliser_composes_and_keeps_what_is_written() -> None:
    assert normalise("e\u0301") == "\u00e9"  # NFC
    assert normalise("  苏州  工业园区 \u00a0管委会 ") == "苏州 工业园区 管委会"
    assert normalise("第一行\r\n第二行\u2028", multiline=True) == "第一行\n第二行"
    assert person_or_unit_name("\u202eA\u202c公司", "name", 50) == "A公司"
    with pytest.raises(BadInput) as punctuation:
        person_or_unit_name("——", "unit", 50)  # punctuation alone is not a name
    assert punctuation.value.field == "unit"
    with pytest.raises(BadInput) as filler:
        objections.record_objection(
            ws=None,  # type: ignore[arg-type]  # refused before the database is touched
            app_id=KUNSHAN,
            actor=Actor(Role.PROVINCE, "320000"),
            objector=objectors.Objector("\u3164", "个人", PHONE, objectors.ObjectorKind.PERSON),
            content="x",
            files=[],
        )
    assert filler.value.field == "name"


# Every other name and text a person types, through the API and (where there is one) the form: a value of invisible
# characters only is refused naming its field and nothing changes; letters among invisible ones are kept, cleaned.
HIDDEN = "\u202e\u200b\u2060\u3164"  # an RTL override, a zero-width space, a word joiner, a Hangul filler


def _bearer(ws: Workspace, login: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {users.create_token(ws, login, '系统').token}"}


def _fields(r) -> list[str]:  # noqa: ANN001
    return [e["field"] for e in r.json()["errors"]]


@pytest.mark.parametrize("edge", ["api", "form"])
def test_the_handler_of_an_objection_must_be_a_name(site: tuple, edge: str) -> None:
    ws, client = site
    assert _object(client, _notice(ws)).status_code == 201
    (row,) = objections.list_objections(ws, 1, application=KUNSHAN)
    client.cookies.clear()

    def resolve(handler: str):  # noqa: ANN202
        body = {"outcome": "dismissed", "reasons": "经核实，\u200b数据无误。", "handler": handler}
        if edge == "api":
            return client.post(f"/api/v1/objections/{row.id}/resolve", json=body, headers=_bearer(ws, "jiangsu"))
        csrf = log_in(client, "jiangsu") if not client.cookies else csrf_of(client.get("/objections").text)
        return client.post(f"/objections/{row.id}/resolve", data={**body, "csrf": csrf, "confirm": "yes"})

    for handler in (HIDDEN, "——"):  # nothing visible; punctuation alone
        refused = resolve(handler)
        assert refused.status_code == 400
        assert _fields(refused) == ["/handler"] if edge == "api" else "名称" in refused.text
    assert objections.list_objections(ws, 1, application=KUNSHAN)[0].handler is None
    assert resolve(f"李{HIDDEN}处长").status_code in (200, 303)
    (done,) = objections.list_objections(ws, 1, application=KUNSHAN)
    assert (done.handler, done.reasons) == ("李处长", "经核实，数据无误。")


@pytest.mark.parametrize("edge", ["api", "form"])
def test_an_organisation_s_contact_person_and_address_go_through_the_normaliser(site: tuple, edge: str) -> None:
    ws, client = site
    org = int(_org(ws, "kunshan"))

    def save(person: str, email: str):  # noqa: ANN202
        body = {"contact_person": person, "email": email, "phone": "0512-57361234"}
        if edge == "api":
            return client.put(f"/api/v1/organisations/{org}/contact", json=body, headers=_bearer(ws, "jiangsu"))
        client.cookies.clear()
        csrf = log_in(client, "jiangsu")
        return client.post(f"/organisations/{org}/contact", data={**body, "csrf": csrf})

    before = contacts.show_contact(ws, org)
    refused = save(HIDDEN, "ks@kunshan.example")
    assert refused.status_code == 400 and contacts.show_contact(ws, org) == before
    if edge == "api":
        assert _fields(refused) == ["/contact_person"]
    assert save("张\u200b三", "ks@kunshan.example\nBcc: x@evil.example").status_code == 400  # a header, not a typo
    assert save(f"张{HIDDEN}三", "\u200bks@\u2060kunshan.example\ufeff").status_code in (200, 303)
    kept = contacts.show_contact(ws, org)
    assert kept is not None and (kept.contact_person, kept.email) == ("张三", "ks@kunshan.example")


def test_the_office_s_writes_of_names_addresses_and_mail_go_through_the_normaliser(site: tuple) -> None:
    ws, client = site
    cnipa, org = _bearer(ws, "cnipa"), int(_org(ws, "kunshan"))
    named = client.post("/api/v1/organisations", json={"name": HIDDEN, "kind": "company"}, headers=cnipa)
    assert named.status_code == 400 and "/name" in _fields(named)
    renamed = client.patch(f"/api/v1/organisations/{org}", json={"name": HIDDEN}, headers=cnipa)
    assert renamed.status_code == 400 and _fields(renamed) == ["/name"]
    header = client.patch(f"/api/v1/organisations/{org}", json={"email": "a@b.example\r\nBcc: c@d.example"},
                          headers=cnipa)  # fmt: skip
    assert header.status_code == 400 and _fields(header) == ["/email"]
    cleaned = client.patch(f"/api/v1/organisations/{org}", json={"email": "\u202eks@kunshan.example\u200b"},
                           headers=cnipa)  # fmt: skip
    assert cleaned.status_code == 200 and cleaned.json()["email"] == "ks@kunshan.example"
    mail = {"audience": "all-liaisons", "subject": HIDDEN, "body": "请报送联络员回执。"}
    blank = client.post("/api/v1/cycles/1/messages", json=mail, headers=cnipa)
    assert blank.status_code == 400 and _fields(blank) == ["/subject"]


def test_a_liaison_s_address_is_kept_without_the_invisible_characters_pasted_with_it(site: tuple) -> None:
    ws, client = site
    body = {"name": "李四", "title": "处长", "phone": "025-83456789", "mobile": "13700000000",
            "email": "\u200bli@js.example\u2060"}  # fmt: skip
    r = client.post("/api/v1/cycles/1/liaison", json=body, headers=_bearer(ws, "jiangsu"))
    assert r.status_code == 200, r.text
    (jiangsu,) = [p for p in liaison.list_receipts(ws, 1).provinces if p.province == "320000"]
    assert jiangsu.liaison is not None and jiangsu.liaison.email == "li@js.example"


def test_a_case_s_parts_from_the_document_and_the_form_are_normalised() -> None:
    """The form's fields and the document's own (title, contact, sections) are kept as one normaliser keeps them;
    a contact person of invisible characters in the document is as if none were given, typed it is refused."""
    read = CaseText(title="\u202e强\u200b保护\u2060", basic="第一段\u200b\n第二段", practices="做法", effects="成效",
                    next_steps="下一步", contact="\u3164", name=None)  # fmt: skip
    case = submission.with_form(read, region="江苏省\u200b苏州市")
    assert (case.title, case.name, case.contact, case.region) == ("强保护", "强保护", None, "江苏省苏州市")
    assert case.basic == "第一段\n第二段"
    with pytest.raises(BadInput) as typed:
        submission.with_form(read, contact="——")
    assert typed.value.errors[0].field == "contact"


def test_a_message_s_link_is_a_path_of_the_portal(site: tuple) -> None:
    ws, _client = site
    office = Actor(Role.NATIONAL, None)
    for link in ("/\\evil.example", "//evil.example", "/a b", "https://evil.example"):
        with pytest.raises(BadInput):
            message_centre.post_message(ws, office, ["province:320000"], "通知", "正文", link=link)
    posted = message_centre.post_message(ws, office, ["province:320000"], "通知", "正文", link="/\u200bliaison")
    assert posted.posted == 1
    shown = message_centre.list_messages(ws, "province:320000").messages[0]
    assert shown.link == "/liaison"
