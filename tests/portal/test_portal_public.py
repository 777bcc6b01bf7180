"""The public pages, without logging in: running notices with their days left, the objection form's rules
(a real name, a phone, evidence, a unit's stamped scan, inside the period, a limit per address), the
receipt and its outcome, and the published lists; and every public route shows nothing internal."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from engine.definition.model import Role
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.publicity import objection_form, objections, open_notices
from engine.services.publicity.objections import ObjectionOutcome
from tests.support.portal_support import csrf_of, demo_site

JIANGYIN = 2  # in provincial review in the demo; recommended here, it goes under Jiangsu's notice of 2025-10-09
JIANGSU = Actor(Role.PROVINCE, "320000")
PDF = b"%PDF-1.4\n% evidence\n"
PHONE = "13912345678"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple]:
    ws, clock, demo, client = demo_site(tmp_path)
    stage_moves.fire(ws, JIANGYIN, "recommend", JIANGSU, "择优推荐")
    yield ws, clock, demo, client
    ws.dispose()


def notice_key(client: TestClient) -> str:
    return next(n.key for n in open_notices.running_notices(client.app.state.portal.ws) if n.province == "江苏省")  # type: ignore[attr-defined]


def form(client: TestClient, key: str, **fields: str) -> dict[str, str]:
    page = client.get(f"/notices/{key}")
    assert page.status_code == 200
    data = {"csrf": csrf_of(page.text), "application": str(JIANGYIN), "kind": "person", "name": "王五",
            "unit": "", "phone": PHONE, "content": "申报材料中的专利数据与实际不符。"}  # fmt: skip
    data.update(fields)
    return data


def file(client: TestClient, key: str, files: list | None = None, **fields: str):  # noqa: ANN201
    data = form(client, key, **fields)
    given = files if files is not None else [("evidence", ("证据.pdf", PDF, "application/pdf"))]
    return client.post(f"/notices/{key}/objections", data=data, files=given)


def test_the_notices_page_shows_the_running_provincial_notice_with_its_period_and_days_left(site: tuple) -> None:
    *_, client = site
    r = client.get("/notices")
    assert r.status_code == 200
    assert "江苏省" in r.text and "江阴市人民政府" in r.text
    assert "2025年10月9日（星期四） 至 2025年10月14日（星期二）" in r.text  # 11 Oct.: a make-up working day
    assert "还剩 5 个工作日" in r.text
    assert "昆山市人民政府" in r.text  # the demo recommended it the same day: one shared notice of the day (B4)


def test_a_person_objects_gets_a_receipt_and_sees_the_outcome_once_the_province_resolves(site: tuple) -> None:
    ws, clock, _demo, client = site
    key = notice_key(client)
    r = file(client, key)
    assert r.status_code == 201, r.text
    receipt = r.text.split('class="receipt-number">')[1].split("<")[0]
    assert re.fullmatch(r"YY20251009-[0-9A-F]{13}", receipt)  # 52 random bits: a day's receipts cannot be run through
    looked = client.get("/objections/outcome", params={"receipt": receipt})
    assert "正在核实处理" in looked.text and PHONE not in looked.text and "王五" not in looked.text
    held = open_notices.running_notice(ws, key)
    assert held is not None and held.held
    (row,) = objections.list_objections(ws, 1, application=JIANGYIN)
    assert (row.objector_name, row.objector_phone, row.recorded_by) == ("王五", PHONE, "public-form")
    clock.advance(timedelta(days=1))
    objections.resolve_objection(ws, row.id, JIANGSU, ObjectionOutcome.DISMISSED, "经核实数据无误", "张处长")
    looked = client.get("/objections/outcome", params={"receipt": receipt})
    assert "异议不成立" in looked.text and "经核实数据无误" in looked.text
    assert client.get("/objections/outcome", params={"receipt": "YY20251009-00000000"}).status_code == 404
    for near in (receipt[:-1], receipt[:19], receipt.lower() + "0"):  # a part of it, or one digit more, finds nothing
        assert client.get("/objections/outcome", params={"receipt": near}).status_code == 404, near


def test_the_form_refuses_what_the_notice_refuses(site: tuple) -> None:
    ws, _clock, _demo, client = site
    key = notice_key(client)
    assert file(client, key, name="").status_code == 400
    r = file(client, key, phone="call me")
    assert r.status_code == 400 and "phone" in r.text and "call me" in r.text  # the form comes back filled in
    assert file(client, key, files=[]).status_code == 400  # no evidence
    r = file(client, key, kind="unit", unit="某某公司")
    assert r.status_code == 400 and "加盖公章" in r.text
    r = file(client, key, files=[("evidence", ("证据.pdf", b"<html>not a pdf", "application/pdf"))])
    assert r.status_code == 400
    assert objections.list_objections(ws, 1) == []
    stamped = [("evidence", ("证据.pdf", PDF, "application/pdf")), ("stamped", ("盖章.pdf", PDF, "application/pdf"))]
    assert file(client, key, files=stamped, kind="unit", unit="某某公司").status_code == 201
    assert [o.objector_unit for o in objections.list_objections(ws, 1)] == ["某某公司"]


def test_a_late_objection_is_refused_with_the_rule(site: tuple) -> None:
    ws, clock, _demo, client = site
    key = notice_key(client)
    data = form(client, key)  # the form as it was opened during the notice
    clock.advance(timedelta(days=7))  # 2025-10-16: the notice ended on the 14th
    r = client.post(f"/notices/{key}/objections", data=data, files=[("evidence", ("e.pdf", PDF, "application/pdf"))])
    assert r.status_code == 409 and "[B4]" in r.text and "不在公示期内" in r.text
    assert objections.list_objections(ws, 1) == []
    assert client.get(f"/notices/{key}").status_code == 404  # no longer among the running notices


def test_objections_are_limited_per_address(site: tuple) -> None:
    ws, *_, client = site
    key = notice_key(client)
    for _ in range(objection_form.MAX_PER_ADDRESS):
        assert file(client, key).status_code == 201
    r = file(client, key)
    assert r.status_code == 409 and "[OBJECTION-RATE]" in r.text
    assert len(objections.list_objections(ws, 1)) == objection_form.MAX_PER_ADDRESS


def test_the_form_needs_its_token(site: tuple) -> None:
    ws, *_, client = site
    key = notice_key(client)
    data = form(client, key, csrf="forged")
    r = client.post(f"/notices/{key}/objections", data=data, files=[("evidence", ("e.pdf", PDF, "application/pdf"))])
    assert r.status_code == 403
    assert objections.list_objections(ws, 1) == []


def test_no_public_route_shows_internal_programmes_other_objectors_or_unpublished_lists(site: tuple) -> None:
    from engine.store.cases import PublishedEntry
    from portal.demo import DEMO_NOW
    from tests.support.casehelpers import open_tisc, open_typical

    ws, clock, _demo, client = site
    open_typical(ws, clock)  # C7: 此件不公开
    open_tisc(ws, clock)
    clock.set(DEMO_NOW)
    with ws.transaction(write=True) as s:
        for programme, name in (("typical-cases", "内部典型案例甲"), ("tisc-cases", "公开优秀案例乙")):
            s.add(PublishedEntry(programme_id=programme, edition=2021, number=1, name=name, abstract="摘要",
                                 list_title=f"{name}名单", source="test", recorded_at=DEMO_NOW))  # fmt: skip
    key = notice_key(client)
    first = file(client, key, name="王五", phone="13911110000")
    file(client, key, name="赵六", phone="13922220000", content="另一人的异议")
    receipt = first.text.split('class="receipt-number">')[1].split("<")[0]
    urls = ["/notices", f"/notices/{key}", f"/objections/outcome?receipt={receipt}", "/lists", "/public"]
    pages = {url: client.get(url, follow_redirects=True) for url in urls}
    for url, r in pages.items():
        assert r.status_code == 200, url
        internal = () if url == "/lists" else ("内部典型案例甲", "知识产权强国建设典型案例")
        for secret in ("13911110000", "13922220000", "赵六", "王五", "另一人的异议", *internal):
            assert secret not in r.text, (url, secret)
    assert "公开优秀案例乙" in pages["/lists"].text  # a public call's published cases are there
    # C7 (issue 22): the internal call's outcome list is public once published, as seed 002 was
    assert "内部典型案例甲" in pages["/lists"].text
    assert "尚未公布名单" in pages["/lists"].text  # no national list was published from the portal
    for url in ("/lists/1", "/lists/1/file.docx", "/lists/1/file.xlsx"):
        assert client.get(url).status_code == 404, url


def test_the_notices_page_reads_a_notice_s_units_together_however_many_there_are(site: tuple) -> None:
    """Each unit's name was read by a query of its own (a province's notice of 20 units: 25 queries a page view)."""
    from sqlalchemy import event

    from engine.services.national import quotas

    ws, _clock, demo, client = site
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    def read() -> tuple[str, int]:
        statements.clear()
        event.listen(ws.engine, "before_cursor_execute", count)
        try:
            page = client.get("/notices")
        finally:
            event.remove(ws.engine, "before_cursor_execute", count)
        assert page.status_code == 200
        return page.text, len(statements)

    two, with_two = read()
    assert "江阴市人民政府" in two and "常熟市人民政府" not in two
    quotas.change_quota(ws, demo.cycle, "320000", "county", 4, Actor(Role.NATIONAL), "两个名额之外再推荐两个")
    for changshu_and_zhangjiagang in (3, 4):  # recommended the same day: the same shared notice (B4)
        stage_moves.fire(ws, changshu_and_zhangjiagang, "recommend", JIANGSU, "择优推荐")
    four, with_four = read()
    assert all(name in four for name in ("昆山市人民政府", "江阴市人民政府", "常熟市人民政府", "张家港市人民政府"))
    assert with_four == with_two
