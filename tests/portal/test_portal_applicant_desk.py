"""The applicant's desk beyond applying: its own contact (the province corrects it), the deadline that matters on
every list row, and a receipt after submitting — in the pages and through /api/v1/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.services.accounts import users
from engine.services.reference import contacts
from tests.support.portal_support import csrf_of, demo_site, field_error, log_in


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple]:
    ws, clock, demo, client = demo_site(tmp_path)
    yield ws, clock, demo, client
    ws.dispose()


def test_an_applicant_keeps_its_contact_and_a_bad_value_is_named_beside_its_field_and_changes_nothing(site) -> None:
    ws, _clock, demo, client = site
    kunshan = demo.organisations["kunshan"]
    csrf = log_in(client, "kunshan")
    desk = client.get("/applicant").text
    assert f'href="/organisations/{kunshan}/contact"' in desk
    form = {"csrf": csrf, "email": "ip@ks.example.cn", "phone": "0512-57361234", "contact_person": "周敏"}
    saved = client.post(f"/organisations/{kunshan}/contact", data=form)
    assert saved.status_code == 303
    shown = client.get(saved.headers["location"]).text
    assert "联系方式已保存" in shown and 'value="ip@ks.example.cn"' in shown and 'value="周敏"' in shown

    bad = client.post(f"/organisations/{kunshan}/contact", data={**form, "email": "not-an-address", "phone": "电话"})
    assert bad.status_code == 400
    assert "电子邮箱" in (field_error(bad.text, "email") or "")
    assert "联系电话" in (field_error(bad.text, "phone") or "")
    assert 'value="not-an-address"' in bad.text  # what was typed is kept
    kept = contacts.show_contact(ws, kunshan)
    assert kept is not None
    assert (kept.email, kept.phone, kept.contact_person) == ("ip@ks.example.cn", "0512-57361234", "周敏")

    taicang = demo.organisations["taicang"]  # another organisation, even of the same province: as if unknown
    assert client.get(f"/organisations/{taicang}/contact").status_code == 404
    assert client.post(f"/organisations/{taicang}/contact", data=form).status_code == 404


def test_its_province_corrects_the_contact_another_province_cannot_and_the_api_does_the_same(site) -> None:
    ws, _clock, demo, client = site
    kunshan = demo.organisations["kunshan"]
    csrf = log_in(client, "jiangsu")
    assert f'href="/organisations/{kunshan}/contact"' in client.get("/applications/1").text
    fixed = {"csrf": csrf, "email": "kjj@ks.example.cn", "phone": "", "contact_person": "王强"}
    r = client.post(f"/organisations/{kunshan}/contact", data=fixed)
    assert r.status_code == 303
    assert contacts.show_contact(ws, kunshan).email == "kjj@ks.example.cn"  # type: ignore[union-attr]

    client.cookies.clear()
    zhejiang = {"Authorization": f"Bearer {users.create_token(ws, 'zhejiang').token}"}
    body = {"email": "x@zj.example", "phone": "", "contact_person": "某人"}
    theirs = client.put(f"/api/v1/organisations/{kunshan}/contact", json=body, headers=zhejiang)
    nobody = client.put("/api/v1/organisations/99999/contact", json=body, headers=zhejiang)
    assert theirs.status_code == nobody.status_code == 404
    assert contacts.show_contact(ws, kunshan).email == "kjj@ks.example.cn"  # type: ignore[union-attr]

    own = {"Authorization": f"Bearer {users.create_token(ws, 'kunshan').token}"}
    url = f"/api/v1/organisations/{kunshan}/contact"
    done = client.put(url, json={**body, "email": "ip@ks.example.cn"}, headers=own)
    assert done.status_code == 200 and done.json()["email"] == "ip@ks.example.cn"
    refused = client.put(f"/api/v1/organisations/{kunshan}/contact", json={**body, "email": "@"}, headers=own)
    assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "/email"


def test_the_office_s_organisation_edit_and_the_contact_page_change_the_contact_by_the_same_rules(site) -> None:
    ws, _clock, demo, client = site
    kunshan = demo.organisations["kunshan"]
    jiangsu = {"Authorization": f"Bearer {users.create_token(ws, 'jiangsu').token}"}
    own = {"Authorization": f"Bearer {users.create_token(ws, 'kunshan').token}"}
    office, contact = f"/api/v1/organisations/{kunshan}", f"/api/v1/organisations/{kunshan}/contact"
    fields = {"email": "kjj@ks.example.cn", "phone": "0512-57361234", "contact_person": "王强"}
    assert client.patch(office, json=fields, headers=jiangsu).status_code == 200  # the province, on the office edge
    shown = contacts.show_contact(ws, kunshan)
    assert shown and (shown.email, shown.phone, shown.contact_person) == tuple(fields.values())
    for bad in ({"email": "kjj@ks!.example"}, {"phone": "电话"}, {"contact_person": "！！"}):
        key = next(iter(bad))
        by_office = client.patch(office, json=bad, headers=jiangsu)
        by_own = client.put(contact, json={**fields, **bad}, headers=own)
        assert by_office.status_code == by_own.status_code == 400, key  # one check, the same answer on each edge
        assert (
            by_office.json()["errors"] == by_own.json()["errors"] and by_own.json()["errors"][0]["field"] == f"/{key}"
        )
    assert contacts.show_contact(ws, kunshan) == shown  # nothing changed
    renamed = client.patch(office, json={"name": "昆山市人民政府", "email": ""}, headers=jiangsu)
    assert renamed.status_code == 200 and renamed.json()["email"] is None  # an empty address clears it, as before
    assert contacts.show_contact(ws, kunshan).phone == "0512-57361234"  # type: ignore[union-attr]  # the rest stays


def _deadline(html: str, app_id: int) -> str:
    row = re.search(rf'<tr class="application" data-id="{app_id}">(.*?)</tr>', html, re.S)
    assert row, f"no row for application {app_id}"
    cell = re.search(r'<td class="deadline">(.*?)</td>', row.group(1), re.S)
    assert cell, row.group(1)
    return cell.group(1)


def test_every_row_shows_the_deadline_that_matters_now_in_its_stage(site) -> None:
    ws, _clock, _demo, client = site
    log_in(client, "jiangsu")
    listing = client.get("/province/applications").text
    # 昆山 (1) is under the notice recommended this morning: 5 working days with the 10-11 调休 Saturday
    assert "公示期满：2025年10月14日（星期二）" in _deadline(listing, 1)
    # 江阴 (2) waits for the province's review: the recommendation (report) date of B12
    assert "2025年10月24日（星期五）" in _deadline(listing, 2)
    api = client.get("/api/v1/cycles/1/applications").json()["items"]
    assert {a["id"]: a["deadline"]["due"] for a in api}[2] == "2025-10-24"

    client.cookies.clear()
    log_in(client, "kunshan")
    mine = client.get("/applicant").text  # the applicant waiting on its province still sees the date
    assert "公示期满" in mine and "2025年10月14日" in mine


def test_a_submission_ends_on_its_receipt_with_what_was_sent_when_and_a_reference(site) -> None:
    ws, _clock, demo, client = site
    csrf = log_in(client, "taicang")
    created = client.post("/applicant/apply", data={"csrf": csrf, "category": "county"})
    app = int(created.headers["location"].rsplit("/", 1)[1])
    page = client.get(f"/applications/{app}").text
    numbers = sorted(set(re.findall(r'name="numbers" value="(\d+)"', page)))
    client.post(f"/applications/{app}/attest", data={"csrf": csrf, "numbers": numbers})
    pdf = ("太仓申报书.pdf", b"%PDF-1.4\n% the application form\n", "application/pdf")
    up = client.post(f"/applications/{app}/materials", data={"csrf": csrf, "material": "application-form"},
                     files={"file": pdf})  # fmt: skip
    assert up.status_code == 303, up.text
    assert client.get(f"/applications/{app}/receipt").status_code == 404  # nothing submitted yet
    done = client.post(f"/applications/{app}/fire", data={"csrf": csrf, "event": "submit"})
    assert done.headers["location"] == f"/applications/{app}/receipt"
    receipt = client.get(done.headers["location"]).text
    number = re.search(r'class="receipt-number">([^<]+)<', receipt)
    assert number and number.group(1).startswith(f"2025-320000-{app:06d}-")
    assert "2025年10月9日（星期四） 10:00 北京时间" in receipt  # when: the demo's clock
    assert "太仓申报书.pdf" in receipt and "省级审核" in receipt
    assert "查看申报回执" in client.get(f"/applications/{app}").text

    client.cookies.clear()
    log_in(client, "kunshan")  # another applicant: as if there were no such application
    assert client.get(f"/applications/{app}/receipt").status_code == 404
    assert csrf_of(client.get("/applicant").text)
