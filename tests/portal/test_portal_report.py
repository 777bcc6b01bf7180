"""The province's report package in the portal and the API (B4, A7, A8, B11): the blockers with rule and link,
the prefilled 推荐名单 previewed and downloaded, the letter checked by content, confirmed once, every version kept;
a nil return through the API."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from docx import Document
from openpyxl import load_workbook

from engine.services.accounts import users
from engine.services.applications.timers import tick
from tests.support.portal_support import KUNSHAN, demo_site, log_in

LETTER = b"%PDF-1.4\n% letter of the Jiangsu office\n"


def test_a_province_reports_its_package_with_its_letter_once_and_every_version_stays(tmp_path: Path) -> None:
    ws, clock, _demo, client = demo_site(tmp_path)
    log_in(client, "jiangsu")
    page = client.get("/province/report").text
    assert "[B4]" in page and f'href="/applications/{KUNSHAN}"' in page  # 昆山's notice still runs: where to look
    assert 'action="/province/report"' not in page  # no form that could only be refused

    clock.advance(timedelta(days=14))
    tick(ws)  # the notice ends by the scheduler's timed move
    csrf = log_in(client, "jiangsu")  # a fortnight later: the session of that morning has lapsed
    page = client.get("/province/report").text
    assert "暂不能报送" not in page and "昆山市人民政府" in page and 'action="/province/report"' in page
    sheet = load_workbook(io.BytesIO(client.get("/province/report/list.xlsx").content)).active
    assert any("昆山市人民政府" in str(c.value) for row in sheet.iter_rows() for c in row)
    word = Document(io.BytesIO(client.get("/province/report/list.docx").content))
    assert any("昆山市人民政府" in c.text for t in word.tables for row in t.rows for c in row.cells)

    form = {"csrf": csrf, "cycle": "1"}
    pdf = {"letter": ("推荐函.pdf", LETTER, "application/pdf")}
    unconfirmed = client.post("/province/report", data=form, files=pdf)
    assert unconfirmed.status_code == 400 and "确认" in unconfirmed.text
    fake = client.post("/province/report", data={**form, "confirm": "yes"},
                       files={"letter": ("推荐函.pdf", b"<html>not a letter</html>", "application/pdf")})  # fmt: skip
    assert fake.status_code == 400
    assert "尚未报送" in client.get("/province/report").text  # nothing changed
    done = client.post("/province/report", data={**form, "confirm": "yes"},
                       files={"letter": ("推荐函.pdf", LETTER, "application/pdf")})  # fmt: skip
    assert done.status_code == 303
    page = client.get("/province/report").text
    assert "已报送（第1版）" in page and "/province/report/versions/1/letter" in page
    letter = client.get("/province/report/versions/1/letter?cycle=1")
    assert letter.content == LETTER and letter.headers["content-disposition"].startswith("attachment")
    kept = load_workbook(io.BytesIO(client.get("/province/report/list.xlsx?version=1").content)).active
    assert any("昆山市人民政府" in str(c.value) for row in kept.iter_rows() for c in row)

    client.cookies.clear()
    log_in(client, "zhejiang")  # another province sees its own round, never Jiangsu's letter
    assert client.get("/province/report/versions/1/letter?cycle=1").status_code == 404


def test_a_province_makes_a_nil_return_through_the_api(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    token = {"Authorization": f"Bearer {users.create_token(ws, 'zhejiang').token}"}
    view = client.get("/api/v1/cycles/1/report-package", headers=token).json()
    assert view["state"] == "not-yet" and view["can_nil"] and not view["can_report"]
    empty = client.post("/api/v1/cycles/1/report-package", data={"nil_reason": "  "}, headers=token)
    assert empty.status_code == 400
    filed = client.post("/api/v1/cycles/1/report-package", data={"nil_reason": "宁缺毋滥"}, headers=token)
    assert filed.status_code == 200 and filed.json()["nil"] is True
    view = client.get("/api/v1/cycles/1/report-package", headers=token).json()
    assert view["state"] == "nil-return" and view["versions"][0]["reason"] == "宁缺毋滥"
    national = {"Authorization": f"Bearer {users.create_token(ws, 'cnipa').token}"}
    assert client.get("/api/v1/cycles/1/report-package", headers=national).status_code == 403


def test_every_api_operation_is_named_after_its_function_and_the_bearer_scheme_is_declared(tmp_path: Path) -> None:
    *_, client = demo_site(tmp_path)
    schema = client.get("/api/openapi.json").json()
    ids = {op["operationId"] for item in schema["paths"].values() for op in item.values()}
    wanted = {"apply", "attest_declarations", "upload_material", "fire_event", "record_findings",
              "file_liaison_receipt", "file_objection", "resolve_objection", "download_objection_file",
              "list_objections", "report_package", "get_report_package", "get_receipt", "submit_case", "list_cases",
              "list_messages", "update_contact", "change_password", "list_tokens", "revoke_token"}  # fmt: skip
    assert wanted <= ids, wanted - ids
    assert schema["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": "a token the account lists and revokes"
    }  # fmt: skip
