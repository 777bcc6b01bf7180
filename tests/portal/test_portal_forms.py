"""Forms a clerk can trust: a bad value shows the form again with every other value as typed, the error beside
its field and in the summary at the top, and nothing changed; the API names the same field in ``errors``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from engine.definition.model import Role
from engine.machine.machine import Actor
from engine.services.accounts import users
from engine.services.applications import stage_moves
from engine.services.province import liaison
from engine.services.publicity import objections, open_notices
from tests.support.portal_support import csrf_of, demo_site, field_error, field_value, log_in, summary_errors

JIANGYIN = 2
JIANGSU = Actor(Role.PROVINCE, "320000")
PHONE = "13912345678"
RECEIPT = {"name": "张三", "title": "处长", "phone": "025-83271234", "mobile": "1380000", "email": "zs@js.example"}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple]:
    ws, clock, demo, client = demo_site(tmp_path)
    yield ws, demo, client
    ws.dispose()


def test_a_bad_mobile_on_the_liaison_receipt_keeps_the_other_four_fields_and_names_the_mobile(site: tuple) -> None:
    ws, demo, client = site
    csrf = log_in(client, "jiangsu")
    r = client.post("/province/liaison", data={"csrf": csrf, "cycle": str(demo.cycle), **RECEIPT})
    assert r.status_code == 400
    assert "不是大陆手机号码" in (field_error(r.text, "mobile") or "")
    assert summary_errors(r.text) == [field_error(r.text, "mobile")]
    for name in ("name", "title", "phone", "email", "mobile"):
        assert field_value(r.text, name) == RECEIPT[name], name
        assert name == "mobile" or field_error(r.text, name) is None
    assert "--mobile" not in r.text and "ipcycle" not in r.text.split("<main")[1]
    mine = next(p for p in liaison.list_receipts(ws, demo.cycle).provinces if p.province == "320000")
    assert not mine.filed  # nothing stored


def test_every_bad_field_of_the_receipt_is_named_at_once(site: tuple) -> None:
    _ws, demo, client = site
    csrf = log_in(client, "jiangsu")
    data = {**RECEIPT, "name": " ", "email": "not-mail"}
    r = client.post("/province/liaison", data={"csrf": csrf, "cycle": str(demo.cycle), **data})
    assert r.status_code == 400
    assert field_error(r.text, "name") == "请填写姓名"
    assert field_error(r.text, "mobile") and field_error(r.text, "email")
    assert len(summary_errors(r.text)) == 3 and field_value(r.text, "title") == "处长"


def test_the_api_names_the_bad_field_as_a_json_pointer(site: tuple) -> None:
    ws, demo, client = site
    token = users.create_token(ws, "jiangsu").token
    headers = {"Authorization": f"Bearer {token}"}
    r = client.post(f"/api/v1/cycles/{demo.cycle}/liaison", json=RECEIPT, headers=headers)
    body = r.json()
    assert r.status_code == 400 and body["status"] == 400 and body["code"] == "bad_input"
    assert body["errors"] == [
        {
            "field": "/mobile",
            "code": "invalid_mobile",
            "message": "手机“1380000”不是大陆手机号码（11 位数字，以 1 开头）",
        }
    ]
    assert body["verdicts"] == [] and "--" not in body["message"]
    r = client.post(f"/api/v1/cycles/{demo.cycle}/liaison", json={**RECEIPT, "mobile": 5}, headers=headers)
    assert r.status_code == 400 and [e["field"] for e in r.json()["errors"]] == ["/mobile"]
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert set(schema["ErrorBody"]["required"]) == {"status", "code", "message", "verdicts", "errors"}
    assert set(schema["FieldErrorBody"]["properties"]) == {"field", "code", "message"}


def _notice(client: TestClient) -> str:
    ws = client.app.state.portal.ws  # type: ignore[attr-defined]
    return next(n.key for n in open_notices.running_notices(ws) if n.province == "江苏省")


def test_a_public_objection_with_a_bad_phone_keeps_what_was_typed_and_names_the_phone(site: tuple) -> None:
    ws, _demo, client = site
    stage_moves.fire(ws, JIANGYIN, "recommend", JIANGSU, "择优推荐")
    key = _notice(client)
    page = client.get(f"/notices/{key}")
    typed = {"application": str(JIANGYIN), "kind": "unit", "name": "王五", "unit": "某某律师事务所",
             "phone": "call me", "content": "申报材料中的专利数据与实际不符。"}  # fmt: skip
    files = [("evidence", ("证据.pdf", b"%PDF-1.4\n%\n", "application/pdf"))]
    r = client.post(f"/notices/{key}/objections", data={"csrf": csrf_of(page.text), **typed}, files=files)
    assert r.status_code == 400
    assert field_error(r.text, "phone") == "请填写可以联系到您的电话号码（数字、空格、- 或开头的 +）"
    for name, value in typed.items():
        assert field_value(r.text, name) == value, name
    assert objections.list_objections(ws, 1, application=JIANGYIN) == []
    r = client.post(f"/notices/{key}/objections", data={"csrf": csrf_of(page.text), **typed, "phone": PHONE})
    assert r.status_code == 400 and field_error(r.text, "evidence") == "请提供证明材料（PDF 或图片）"
    assert field_value(r.text, "unit") == "某某律师事务所"


SAMPLES = {
    "mobile": ["13905171234", "+86 139-0517-1234", " 139 0517 1234 ", "1380000", "23905171234", "139051712345",
               "1３９０５１７１２３４", "+8713905171234"],
    "phone": ["025-83271234", "(025) 8327 1234 转 601", "+86 25 83271234", "83271", "025-8327123x", "电话"],
    "email": ["liming@jsip.example.cn", " liming@jsip.example.cn ", "liming@", "li ming@jsip.cn", "li@jsip"],
}  # fmt: skip


def test_the_liaison_schema_states_every_check_the_receipt_gets(site: tuple) -> None:
    import re

    ws, demo, client = site
    headers = {"Authorization": f"Bearer {users.create_token(ws, 'jiangsu').token}"}
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["LiaisonRequest"]
    fields = schema["properties"]
    assert set(schema["required"]) == set(fields) == {"name", "title", "phone", "mobile", "email"}
    assert all(f.get("description") for f in fields.values())
    assert "处级" in fields["title"]["description"] and "late" in schema["description"]
    good = {"name": "李明", "title": "处长", "phone": "025-83271234", "mobile": "13905171234", "email": "lm@js.example"}
    url = f"/api/v1/cycles/{demo.cycle}/liaison"
    for field, values in SAMPLES.items():  # what the pattern says is what the service takes
        for value in values:
            stated = re.search(fields[field]["pattern"], value) is not None
            r = client.post(url, json={**good, field: value}, headers=headers)
            assert (r.status_code == 200) == stated, (field, value, r.text)
            assert stated or [e["field"] for e in r.json()["errors"]] == [f"/{field}"]
    for field in ("name", "title"):  # and the lengths are the service's
        limit = fields[field]["maxLength"]
        assert client.post(url, json={**good, field: "张" * limit}, headers=headers).status_code == 200
        r = client.post(url, json={**good, field: "张" * (limit + 1)}, headers=headers)
        assert r.status_code == 400 and [e["field"] for e in r.json()["errors"]] == [f"/{field}"]
    filed = client.post(url, json={**good, "title": "科员"}, headers=headers).json()
    assert filed["rank_warning"] and "处级" in filed["rank_warning"]  # below 处级: said, not refused
    assert filed["late"] is True and filed["due"] < "2025-10-09"  # after the receipt's date: accepted, marked late
