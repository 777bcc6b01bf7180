"""The provincial round of the 2025 cycle through ``/api/v1/`` alone, with the bearer tokens of the demo's accounts
(the clock moved and the scheduler's tick run between days, as ``ipcycle tick`` would): apply, attest, upload,
submit and keep the receipt, findings, recommend within the quota, an objection received by letter recorded, its
scan downloaded and the objection dismissed, the notice ended by the tick, the package reported with a letter, and a
second province's nil return. The same round as the Chromium journey (test_portal_browser_round.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from engine.services.accounts import users
from notifications.scheduler import scheduler_tick
from tests.support.portal_support import demo_site
from tests.support.reminders_support import RecordingSender, recording

PDF = b"%PDF-1.4\n% a scanned, stamped page\n"
LETTER = b"%PDF-1.4\n% the Jiangsu office's letter\n"


def _quota(client: TestClient, token: dict[str, str], category: str) -> tuple[int, int]:
    rows = client.get("/api/v1/cycles/1/quotas", headers=token).json()
    row = next(r for r in rows if r["category"] == category)
    return row["used"], row["quota"]


def _messages(client: TestClient, token: dict[str, str]) -> list[dict[str, Any]]:
    listed = client.get("/api/v1/messages", headers=token)
    assert listed.status_code == 200
    return list(listed.json()["messages"])


def test_a_provincial_round_through_the_api_alone(tmp_path: Path) -> None:
    ws, clock, _demo, client = demo_site(tmp_path)
    mail = recording(RecordingSender())  # the scheduler's tick: timed moves, then the mail and messages they call for
    taicang, jiangsu, zhejiang = ({"Authorization": f"Bearer {users.create_token(ws, login).token}"}
                                  for login in ("taicang", "jiangsu", "zhejiang"))  # fmt: skip

    liaison = {"name": "李明", "title": "处长", "phone": "025-83218888", "mobile": "13905171234",
               "email": "liming@jsip.example.cn"}  # fmt: skip
    filed = client.post("/api/v1/cycles/1/liaison", json=liaison, headers=jiangsu)  # the province's liaison first
    assert filed.status_code == 200 and (filed.json()["province_name"], filed.json()["name"]) == ("江苏省", "李明")
    created = client.post("/api/v1/cycles/1/applications", json={"category": "county"}, headers=taicang)
    assert created.status_code == 201 and created.json()["stage"] == "draft"
    app = created.json()["id"]
    [submit] = [e for e in client.get(f"/api/v1/applications/{app}/next", headers=taicang).json()
                if e["event"] == "submit"]  # fmt: skip
    assert not submit["allowed"] and {r["rule"] for r in submit["refusals"]} == {"B3", "B4"}  # what is missing
    numbers = [1, 2, 3]
    attested = client.post(f"/api/v1/applications/{app}/declarations", json={"numbers": numbers}, headers=taicang)
    assert attested.status_code == 200
    assert all(d["attested"] for d in attested.json()["declarations"])
    upload = client.post(f"/api/v1/applications/{app}/materials", data={"material": "application-form"},
                         files={"file": ("太仓申报书.pdf", PDF, "application/pdf")}, headers=taicang)  # fmt: skip
    assert upload.status_code == 200
    moved = client.post(f"/api/v1/applications/{app}/events", json={"event": "submit"}, headers=taicang)
    assert moved.status_code == 200 and moved.json()["stage"] == "provincial_review"
    receipt = client.get(f"/api/v1/applications/{app}/receipt", headers=taicang)
    assert receipt.status_code == 200 and receipt.json()["reference"].startswith(f"2025-320000-{app:06d}-")
    assert receipt.json()["materials"][0]["file"]["name"] == "太仓申报书.pdf"

    findings = {"numbers": numbers, "met": True, "note": "经核查，条件符合。"}
    assert client.post(f"/api/v1/applications/{app}/findings", json=findings, headers=jiangsu).status_code == 200
    assert _quota(client, jiangsu, "county") == (1, 2)  # 昆山 holds one of Jiangsu's two county places
    moved = client.post(f"/api/v1/applications/{app}/events", json={"event": "recommend"}, headers=jiangsu)
    assert moved.status_code == 200 and moved.json()["stage"] == "provincial_notice"
    assert _quota(client, jiangsu, "county") == (2, 2)

    letter = {"kind": "unit", "name": "赵六", "unit": "苏州某科技有限公司", "phone": "0512-66668888",
              "content": "申报书所列专利数据与实际不符。", "received": "2025-10-10"}  # fmt: skip
    clock.set(datetime(2025, 10, 10, 9, 0))  # the next morning's tick tells the applicant; a letter arrives by post
    scheduler_tick(ws, mail)
    assert any("省级公示" in m["body"] for m in _messages(client, taicang))
    filed = client.post(f"/api/v1/applications/{app}/objections", data=letter,
                        files={"stamped": ("异议函.pdf", PDF, "application/pdf")}, headers=jiangsu)  # fmt: skip
    assert filed.status_code == 201, filed.text
    objection = filed.json()["id"]
    queue = client.get("/api/v1/cycles/1/objections", headers=jiangsu).json()
    assert [(o["id"], o["status"], o["objector_name"]) for o in queue if o["application"] == app] == [
        (objection, "open", "赵六")
    ]
    assert all(o["application"] != app for o in client.get("/api/v1/cycles/1/objections", headers=zhejiang).json())
    package = client.get("/api/v1/cycles/1/report-package", headers=jiangsu).json()
    assert not package["can_report"] and any(b["link"] and "objections" in b["link"] for b in package["blockers"])
    scan = client.get(f"/api/v1/objections/{objection}/files/1", headers=jiangsu)  # opened before judging
    assert scan.content == PDF and scan.headers["content-disposition"].startswith("attachment")
    judged = {"outcome": "dismissed", "reasons": "经核实，专利数据无误。", "handler": "李处长"}
    resolved = client.post(f"/api/v1/objections/{objection}/resolve", json=judged, headers=jiangsu)
    assert resolved.status_code == 200 and resolved.json()["outcome"] == "dismissed"
    assert client.get(f"/api/v1/applications/{app}", headers=jiangsu).json()["stage"] == "provincial_notice"

    clock.set(datetime(2025, 10, 21, 9, 0))  # the notice's days have run: the scheduler's tick ends it
    scheduler_tick(ws, mail)
    heard = " ".join(m["body"] for m in _messages(client, taicang))
    assert "收到单位异议" in heard and "异议不成立" in heard and "赵六" not in heard  # never who objected
    digest = " ".join(m["body"] for m in _messages(client, jiangsu) if m["kind"] == "stage-change")
    assert "太仓市人民政府（国家知识产权强县建设示范县）进入“省级公示期满无异议（待报送）”" in digest
    package = client.get("/api/v1/cycles/1/report-package", headers=jiangsu).json()
    assert package["can_report"] and package["state"] == "not-yet" and not package["blockers"]
    assert {r["organisation"] for r in package["rows"]} >= {"太仓市人民政府", "昆山市人民政府"}
    reported = client.post("/api/v1/cycles/1/report-package",
                           files={"letter": ("推荐函.pdf", LETTER, "application/pdf")}, headers=jiangsu)  # fmt: skip
    assert reported.status_code == 200, reported.text
    package = client.get("/api/v1/cycles/1/report-package", headers=jiangsu).json()
    assert package["state"] == "reported" and [v["version"] for v in package["versions"]] == [1]
    assert app in package["versions"][0]["applications"] and package["versions"][0]["letter"] == "推荐函.pdf"
    assert client.get(f"/api/v1/applications/{app}", headers=taicang).json()["stage"] == "national_review"
    clock.set(datetime(2025, 10, 22, 9, 0))
    scheduler_tick(ws, mail)
    told = [m for m in _messages(client, taicang) if "国家知识产权局评审" in m["body"]]
    assert told and told[0]["link"] == f"/applications/{app}" and not told[0]["read"]  # the applicant heard of it

    reason = {"nil_reason": "本省申报单位均未达到示范县条件，宁缺毋滥。"}
    nil = client.post("/api/v1/cycles/1/report-package", data=reason, headers=zhejiang)
    assert nil.status_code == 200 and nil.json()["nil"] is True
    package = client.get("/api/v1/cycles/1/report-package", headers=zhejiang).json()
    assert package["state"] == "nil-return" and "宁缺毋滥" in package["versions"][0]["reason"]
