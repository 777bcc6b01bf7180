"""The objection form on the national office's own notices (创建对象公示): the same rules as a provincial notice's
(a real name, a phone, evidence, a unit's stamped scan, inside the period, a limit per address, no JavaScript),
a receipt, the national office's queue and its resolution, and the outcome looked up; no contact detail shown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from engine.services.applications import stage_moves
from engine.services.applications.timers import tick
from engine.services.applications.trail import history
from engine.services.publicity import objection_form, objections, open_notices
from tests.support.lifecycle import NATIONAL, evaluate
from tests.support.portal_support import KUNSHAN, csrf_of, log_in, reviewed_demo_site

PDF = b"%PDF-1.4\n% evidence\n"
PHONE = "13912345678"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple]:
    """昆山 selected on Thursday 2025-10-23: under the national office's notice to Wednesday the 29th."""
    ws, clock, client = reviewed_demo_site(tmp_path)
    evaluate(ws, KUNSHAN, 90)
    stage_moves.fire(ws, KUNSHAN, "select", NATIONAL)
    yield ws, clock, client
    ws.dispose()


def national_key(client: TestClient) -> str:
    ws = client.app.state.portal.ws  # type: ignore[attr-defined]
    return next(n.key for n in open_notices.running_notices(ws) if n.kind == "national")


def file(client: TestClient, key: str, files: list | None = None, **fields: str):  # noqa: ANN201
    page = client.get(f"/notices/{key}")
    assert page.status_code == 200
    data = {"csrf": csrf_of(page.text), "application": str(KUNSHAN), "kind": "person", "name": "王五", "unit": "",
            "phone": PHONE, "content": "创建对象申报的专利数据与实际不符。", **fields}  # fmt: skip
    given = files if files is not None else [("evidence", ("证据.pdf", PDF, "application/pdf"))]
    return client.post(f"/notices/{key}/objections", data=data, files=given)


def receipt_of(html: str) -> str:
    return html.split('class="receipt-number">')[1].split("<")[0]


def test_the_national_notice_carries_the_objection_form_with_its_period(site: tuple) -> None:
    *_, client = site
    key = national_key(client)
    listing = client.get("/notices").text
    section = listing.split(f'data-key="{key}"')[1].split("</section>")[0]
    assert "国家知识产权局" in section and "创建对象公示" in section and "昆山市人民政府" in section
    assert "2025年10月23日（星期四） 至 2025年10月29日（星期三）" in section and "还剩 5 个工作日" in section
    assert "查看公示并提出异议" in section
    page = client.get(f"/notices/{key}").text
    assert f'action="/notices/{key}/objections"' in page and 'enctype="multipart/form-data"' in page
    assert "<script" not in page  # a plain form: it works without JavaScript


def test_an_objection_goes_to_the_national_office_which_resolves_it_and_the_objector_looks_it_up(
    site: tuple,
) -> None:
    ws, clock, client = site
    key = national_key(client)
    r = file(client, key)
    assert r.status_code == 201, r.text
    receipt = receipt_of(r.text)
    assert receipt.startswith("YY20251023-") and "由国家知识产权局核实处理" in r.text
    assert history(ws, KUNSHAN).stage == "selection_objection"
    held = client.get(f"/notices/{key}").text
    assert "异议核实中，公示暂停" in held and "因异议暂停" in held  # still listed: a second objector may object too

    client.cookies.clear()
    csrf = log_in(client, "jiangsu")
    assert PHONE not in client.get("/objections").text  # not on the province's desk
    (row,) = objections.list_objections(ws, 1)
    data = {"csrf": csrf, "outcome": "dismissed", "reasons": "省局无权处理", "handler": "张三"}
    assert client.post(f"/objections/{row.id}/resolve", data=data).status_code == 404
    clock.advance(timedelta(days=1))  # verified the next day
    client.cookies.clear()
    csrf = log_in(client, "cnipa")
    queue = client.get("/objections").text
    assert "王五" in queue and PHONE in queue and "公开异议表" in queue and "创建对象公示" in queue
    assert f'action="/objections/{row.id}/resolve"' in queue
    data = {
        "csrf": csrf,
        "outcome": "dismissed",
        "reasons": "经核实，专利数据无误。",
        "handler": "李处长",
        "confirm": "yes",
    }
    r = client.post(f"/objections/{row.id}/resolve", data=data)
    assert r.status_code == 303 and r.headers["location"] == f"/objections?cycle=1#h-obj-{row.id}"
    assert history(ws, KUNSHAN).stage == "selection_notice"  # back under notice, its five working days anew
    last = history(ws, KUNSHAN).events[-1]
    assert (last.event, last.account) == ("dismiss_objection", "cnipa")

    client.cookies.clear()
    looked = client.get("/objections/outcome", params={"receipt": receipt})
    assert looked.status_code == 200 and "异议不成立" in looked.text and "经核实，专利数据无误。" in looked.text
    assert "国家知识产权局" in looked.text
    for url in ("/notices", f"/notices/{national_key(client)}", f"/objections/outcome?receipt={receipt}"):
        text = client.get(url).text
        assert PHONE not in text and "王五" not in text, url


def test_an_upheld_objection_takes_the_unit_off_the_notice(site: tuple) -> None:
    ws, _clock, client = site
    key = national_key(client)
    receipt = receipt_of(file(client, key).text)
    client.cookies.clear()
    csrf = log_in(client, "cnipa")
    (row,) = objections.list_objections(ws, 1, national=True)
    data = {"csrf": csrf, "outcome": "upheld", "reasons": "经核实，数据不实。", "handler": "李处长", "confirm": "yes"}
    r = client.post(f"/objections/{row.id}/resolve", data=data)
    assert r.status_code == 303 and r.headers["location"] == f"/objections?cycle=1#h-obj-{row.id}"
    assert history(ws, KUNSHAN).stage == "not_selected"
    client.cookies.clear()
    assert "异议成立" in client.get("/objections/outcome", params={"receipt": receipt}).text
    assert not [n for n in open_notices.running_notices(ws) if n.kind == "national"]


def test_the_national_form_refuses_what_the_provincial_one_refuses_and_records_nothing(site: tuple) -> None:
    ws, *_, client = site
    key = national_key(client)
    assert file(client, key, name="").status_code == 400
    r = file(client, key, phone="call me")
    assert r.status_code == 400 and "phone" in r.text and "call me" in r.text  # the form comes back filled in
    assert file(client, key, files=[]).status_code == 400  # no evidence
    r = file(client, key, kind="unit", unit="某某公司")
    assert r.status_code == 400 and "加盖公章" in r.text
    r = file(client, key, application="2")  # 江阴 is not under this notice
    assert r.status_code == 400 and "application" in r.text
    forged = file(client, key, csrf="forged")
    assert forged.status_code == 403
    assert objections.list_objections(ws, 1) == [] and history(ws, KUNSHAN).stage == "selection_notice"
    stamped = [("evidence", ("证据.pdf", PDF, "application/pdf")), ("stamped", ("盖章.pdf", PDF, "application/pdf"))]
    assert file(client, key, files=stamped, kind="unit", unit="某某公司").status_code == 201
    assert [(o.objector_unit, o.national) for o in objections.list_objections(ws, 1)] == [("某某公司", True)]


def test_a_late_objection_to_a_national_notice_is_refused_with_its_rule(site: tuple) -> None:
    ws, clock, client = site
    key = national_key(client)
    page = client.get(f"/notices/{key}")
    data = {"csrf": csrf_of(page.text), "application": str(KUNSHAN), "kind": "person", "name": "王五",
            "unit": "", "phone": PHONE, "content": "逾期提出"}  # fmt: skip
    evidence = [("evidence", ("e.pdf", PDF, "application/pdf"))]
    clock.advance(timedelta(days=7))  # Thursday the 30th: the notice ended on the 29th; the scheduler has not run
    r = client.post(f"/notices/{key}/objections", data=data, files=evidence)
    assert r.status_code == 409 and "[B6]" in r.text and "不在公示期内" in r.text
    tick(ws)  # the notice ends: the form's page is gone, and a late post is still refused with the rule
    assert history(ws, KUNSHAN).stage == "in_creation"
    assert client.get(f"/notices/{key}").status_code == 404
    r = client.post(f"/notices/{key}/objections", data=data, files=evidence)
    assert r.status_code == 409 and "[B6]" in r.text
    assert objections.list_objections(ws, 1) == []


def test_objections_to_a_national_notice_are_limited_per_address(site: tuple) -> None:
    ws, *_, client = site
    key = national_key(client)
    for _ in range(objection_form.MAX_PER_ADDRESS):
        assert file(client, key).status_code == 201
    r = file(client, key)
    assert r.status_code == 409 and "[OBJECTION-RATE]" in r.text
    assert len(objections.list_objections(ws, 1, national=True)) == objection_form.MAX_PER_ADDRESS


def test_a_notice_published_on_a_day_off_takes_objections_from_its_first_working_day(tmp_path: Path) -> None:
    ws, clock, client = reviewed_demo_site(tmp_path)
    evaluate(ws, KUNSHAN, 90)
    clock.advance(timedelta(days=2))  # Saturday 2025-10-25
    stage_moves.fire(ws, KUNSHAN, "select", NATIONAL)
    key = national_key(client)
    page = client.get(f"/notices/{key}").text
    assert "公示期自 2025年10月27日（星期一） 起" in page and f'action="/notices/{key}/objections"' not in page
    data = {"csrf": client.cookies["ipcycle_form"], "application": str(KUNSHAN), "kind": "person", "name": "王五",
            "phone": PHONE, "content": "早到的异议"}  # fmt: skip
    r = client.post(f"/notices/{key}/objections", data=data, files=[("evidence", ("e.pdf", PDF, "application/pdf"))])
    assert r.status_code == 409 and "[B6]" in r.text and "不在公示期内" in r.text  # a form kept from elsewhere
    assert objections.list_objections(ws, 1) == []
    clock.advance(timedelta(days=2))  # Monday the 27th
    assert file(client, key).status_code == 201
    ws.dispose()
