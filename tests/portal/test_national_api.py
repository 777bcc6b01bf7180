"""The national office's part of the 2025 cycle through /api/v1/ alone (a bearer token, no CLI after the demo):
a date extended for one province with its reminders moved, indicators and a standard from xlsx, scores, selection
by rank, the 创建对象 list published after its notice, acceptance, recognition, evaluation and 摘牌; and the other
operations the office and a province use (quotas, accounts, organisations, timers, mail, search)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from engine.services.accounts import users
from engine.services.applications.timers import tick
from engine.services.national import recognition_register
from engine.services.shared.reference_audit import reference_log
from tests.support.portal_support import KUNSHAN, XLSX, csrf_of, demo_site, log_in, xlsx

OPERATIONS = (
    "open_cycle amend_milestone set_quota load_indicators load_standard enter_scores select_by_rank publish_list "
    "evaluate_recognition revoke_recognition record_fraud create_user update_user create_organisation "
    "update_organisation import_roster import_pilots import_recognitions preview_reminders retry_mail list_timers "
    "retry_timer search list_indicator_sets list_promotions record_promotion list_progress_reports "
    "file_progress_report review_progress_report progress_overview remind_progress_reports"
).split()


def test_the_national_office_runs_its_part_of_the_2025_cycle_through_the_api(tmp_path: Path) -> None:
    ws, clock, _demo, client = demo_site(tmp_path)
    national = {"Authorization": f"Bearer {users.create_token(ws, 'cnipa').token}"}
    province = {"Authorization": f"Bearer {users.create_token(ws, 'jiangsu').token}"}
    ids = {
        op["operationId"] for path in client.get("/api/openapi.json").json()["paths"].values() for op in path.values()
    }
    assert set(OPERATIONS) <= ids

    # 延期 for Jiangsu: previewed (nothing moves), then confirmed; its reminders count back from the new date
    def jiangsu_days() -> list[str]:
        items = client.get("/api/v1/cycles/1/reminders?until=2025-11-10", headers=national).json()["items"]
        return sorted(
            i["send_on"] for i in items if i["to"] == "province:320000" and i["milestone"] == "recommendation"
        )

    before = jiangsu_days()
    body = {"due": "2025-10-31", "reason": "补充通知：江苏延期一周", "province": "320000"}
    shown = client.post("/api/v1/cycles/1/milestones/recommendation", json={**body, "confirm": False}, headers=national)
    assert shown.status_code == 200 and shown.json()["confirmed"] is False and jiangsu_days() == before
    assert client.post("/api/v1/cycles/1/milestones/recommendation", json=body, headers=province).status_code == 403
    done = client.post("/api/v1/cycles/1/milestones/recommendation", json=body, headers=national)
    assert done.status_code == 200 and done.json()["after"] == "2025-10-31"
    assert jiangsu_days() != before and max(jiangsu_days()) > max(before)
    wrong = client.post(
        "/api/v1/cycles/1/milestones/liaison-receipt", json={**body, "due": "2025-11-30"}, headers=national
    )
    assert wrong.status_code == 400 and "recommendation" in wrong.json()["message"]

    # a fortnight on, Jiangsu's notice ended and its package is in: indicators from xlsx, a preview first
    clock.advance(timedelta(days=14))
    tick(ws)
    from tests.support.lifecycle import report_package

    assert report_package(ws, 1, "320000") == [KUNSHAN]
    sheet = xlsx(("id", "name", "weight", "maximum"), ("I1", "综合评价", 100, 100))
    files = {"file": ("指标.xlsx", sheet, XLSX)}
    dry = client.post("/api/v1/cycles/1/indicators", files=files, data={"dry_run": "true"}, headers=national)
    assert dry.status_code == 200 and dry.json()["dry_run"] and dry.json()["lines"][0]["change"] == "added"
    loaded = client.post("/api/v1/cycles/1/indicators", files=files, headers=national)
    assert loaded.status_code == 200 and not loaded.json()["dry_run"]
    bad = client.post(
        f"/api/v1/applications/{KUNSHAN}/scores", json={"reviewer": "专家甲", "scores": {"I1": "120"}}, headers=national
    )
    assert bad.status_code == 400 and "I1" in bad.json()["message"]
    scored = client.post(
        f"/api/v1/applications/{KUNSHAN}/scores", json={"reviewer": "专家甲", "scores": {"I1": "90"}}, headers=national
    )
    assert scored.status_code == 200, scored.text
    selected = client.post("/api/v1/cycles/1/selection", json={"category": "county", "places": 1}, headers=national)
    assert selected.status_code == 200 and selected.json()[0]["stage"] == "selection_notice"
    early = client.post("/api/v1/cycles/1/lists", json={"kind": "creation-objects"}, headers=national)
    assert early.status_code == 409  # the notice still runs
    clock.advance(timedelta(days=15))
    tick(ws)
    published = client.post("/api/v1/cycles/1/lists", json={"kind": "creation-objects"}, headers=national)
    assert published.status_code == 200, published.text

    # acceptance: refused in the creation period's first years (B7), then against a standard from xlsx, recognition
    # when its notice ends
    early = client.post(f"/api/v1/applications/{KUNSHAN}/events", json={"event": "start_acceptance"}, headers=national)
    assert early.status_code == 409 and [v["rule"] for v in early.json()["verdicts"]] == ["B7"], early.text
    assert "2027年1月1日" in early.json()["message"]
    clock.set(datetime(2027, 1, 4, 10))
    moved = client.post(f"/api/v1/applications/{KUNSHAN}/events", json={"event": "start_acceptance"}, headers=national)
    assert moved.status_code == 200, moved.text
    standard = {"file": ("验收标准.xlsx", xlsx(("indicator", "minimum"), ("total", 60)), XLSX)}
    assert client.post("/api/v1/cycles/1/standard", files=standard, headers=national).status_code == 200
    client.post(
        f"/api/v1/applications/{KUNSHAN}/scores", json={"reviewer": "专家乙", "scores": {"I1": "80"}}, headers=national
    )
    passed = client.post(f"/api/v1/applications/{KUNSHAN}/events", json={"event": "pass"}, headers=national)
    assert passed.status_code == 200, passed.text
    clock.advance(timedelta(days=15))
    tick(ws)
    assert client.get(f"/api/v1/applications/{KUNSHAN}", headers=national).json()["stage"] == "recognised"

    # 成效评估 that falls short, then 摘牌 citing it
    from engine.services.national import recognition_register as register

    unit = register.application_recognition(ws, KUNSHAN)
    assert unit is not None
    evaluated = client.post(
        f"/api/v1/recognitions/{unit.id}/evaluations",
        json={"cycle": 1, "reviewer": "专家丙", "scores": {"I1": "40"}},
        headers=national,
    )
    assert evaluated.status_code == 200, evaluated.text
    revoked = client.post(
        f"/api/v1/recognitions/{unit.id}/revocation",
        json={"reason": "成效评估未达标准", "evaluation": evaluated.json()["id"]},
        headers=national,
    )
    assert revoked.status_code == 200, revoked.text
    assert register.application_recognition(ws, KUNSHAN).status == "revoked"  # type: ignore[union-attr]

    found = client.get("/api/v1/search?q=昆山", headers=national).json()
    assert any(a["id"] == KUNSHAN for a in found["applications"]) and found["organisations"]


def test_quotas_accounts_organisations_timers_and_mail_through_the_api(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    national = {"Authorization": f"Bearer {users.create_token(ws, 'cnipa').token}"}
    jiangsu = {"Authorization": f"Bearer {users.create_token(ws, 'jiangsu').token}"}
    quota = {"province": "320000", "category": "county", "places": 0, "reason": "调减", "confirm": False}
    refused = client.put("/api/v1/cycles/1/quotas", json=quota, headers=national)
    assert refused.status_code == 400 and "used" in refused.json()["message"]
    raised = client.put("/api/v1/cycles/1/quotas", json={**quota, "places": 4, "confirm": False}, headers=national)
    assert raised.json()["before"] == 2 and raised.json()["left"] >= 3 and not raised.json()["confirmed"]
    assert client.put("/api/v1/cycles/1/quotas", json={**quota, "places": 4, "confirm": True}, headers=national).json()[
        "confirmed"
    ]
    table = client.get("/api/v1/cycles/1/quotas", headers=national).json()
    assert [q["quota"] for q in table if q["province_code"] == "320000" and q["category"] == "county"] == [4]

    # a province registers an organisation of its own, gives it an account, resets and disables it
    org = client.post(
        "/api/v1/organisations",
        json={"name": "太仓市科技局", "kind": "government", "division_code": "320585"},
        headers=jiangsu,
    )
    if org.status_code == 400:  # the demo may have 太仓 already: a province's org of its own either way
        org_id = next(o["id"] for o in client.get("/api/v1/search?q=320585", headers=national).json()["organisations"])
    else:
        assert org.status_code == 201, org.text
        org_id = org.json()["id"]
    assert (
        client.post(
            "/api/v1/organisations",
            json={"name": "杭州某局", "kind": "government", "division_code": "330102"},
            headers=jiangsu,
        ).status_code
        == 403
    )
    made = client.post("/api/v1/users", json={"login": "taicang2", "role": f"applicant:{org_id}"}, headers=jiangsu)
    assert made.status_code == 201, made.text
    other = client.post("/api/v1/users", json={"login": "nb", "role": "province:330000"}, headers=jiangsu)
    assert other.status_code == 403
    off = client.patch("/api/v1/users/taicang2", json={"disabled": True}, headers=jiangsu)
    assert off.status_code == 200 and off.json()["user"]["disabled"] is True
    emailed = client.patch(f"/api/v1/organisations/{org_id}", json={"email": "ip@taicang.example.cn"}, headers=jiangsu)
    assert emailed.status_code == 200 and emailed.json()["email"] == "ip@taicang.example.cn"
    assert (
        client.patch(f"/api/v1/organisations/{org_id}", json={"email": "not-mail"}, headers=jiangsu).status_code == 400
    )

    assert client.get("/api/v1/timers?status=failed", headers=national).json() == []
    assert client.post("/api/v1/cycles/1/mail/retry", json={"status": "held"}, headers=national).json() == {
        "requeued": 0
    }
    assert client.get("/api/v1/timers", headers=jiangsu).status_code == 403


def test_everyone_in_a_state_gets_a_message_previewed_first(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    national = {"Authorization": f"Bearer {users.create_token(ws, 'cnipa').token}"}
    jiangsu = {"Authorization": f"Bearer {users.create_token(ws, 'jiangsu').token}"}
    body = {"audience": "provinces-not-reported", "subject": "请按时报送推荐材料", "body": "截止日期为10月24日。"}
    shown = client.post("/api/v1/cycles/1/messages", json={**body, "confirm": False}, headers=national).json()
    assert shown["posted"] is None and len(shown["recipients"]) == 32  # nobody has reported on the demo's morning
    assert client.get("/api/v1/messages", headers=jiangsu).json()["unread"] == 0
    sent = client.post("/api/v1/cycles/1/messages", json=body, headers=national).json()
    assert sent["posted"]["posted"] == 32
    inbox = client.get("/api/v1/messages", headers=jiangsu).json()
    assert inbox["unread"] == 1 and inbox["messages"][0]["subject"] == "请按时报送推荐材料"
    drafts = client.post("/api/v1/cycles/1/messages", json={**body, "audience": "applicants-with-drafts",
                                                            "confirm": False}, headers=national).json()  # fmt: skip
    assert {r["name"] for r in drafts["recipients"]} == {"苏州工业园区管理委员会", "浙江大学"}


def test_an_account_made_through_the_api_gets_a_temporary_password_shown_once(tmp_path: Path) -> None:
    ws, _clock, demo, client = demo_site(tmp_path)
    jiangsu = {"Authorization": f"Bearer {users.create_token(ws, 'jiangsu').token}"}
    role = f"applicant:{demo.organisations['taicang']}"
    chosen = client.post("/api/v1/users", json={"login": "tc-clerk", "role": role, "password": "太仓-申报-2025-秋季"},
                         headers=jiangsu)  # fmt: skip
    assert chosen.status_code == 400 and "/password" in [e["field"] for e in chosen.json()["errors"]]
    assert "tc-clerk" not in {u.login for u in users.list_users(ws)}

    made = client.post("/api/v1/users", json={"login": "tc-clerk", "role": role}, headers=jiangsu)
    assert made.status_code == 201, made.text
    temporary = made.json()["password"]
    assert len(temporary) >= 12 and made.json()["user"]["must_change_password"] is True
    office = TestClient(client.app, follow_redirects=False)
    log_in(office, "jiangsu")
    page = office.get("/accounts")  # the province's list of its accounts names the account, never its password
    assert page.status_code == 200 and "tc-clerk" in page.text and temporary not in page.text
    assert temporary not in str([e.model_dump() for e in reference_log(ws, "accounts")])

    # the person logs in with it: every page but the account's sends them to set their own, and the API refuses
    clerk = TestClient(client.app, follow_redirects=False)
    form = clerk.get("/login")
    signed = clerk.post("/login", data={"login": "tc-clerk", "password": temporary, "csrf": csrf_of(form.text)})
    assert signed.status_code == 303
    assert clerk.get("/applicant").headers.get("location") == "/account"
    refused = clerk.get("/api/v1/cycles/1/applications")
    assert refused.status_code == 403 and "密码" in refused.json()["message"]
    csrf = csrf_of(clerk.get("/account").text)
    own = "太仓市-知识产权-申报专用"
    changed = clerk.post("/api/v1/me/password", json={"current_password": temporary, "new_password": own},
                         headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert changed.status_code == 200, changed.text
    assert changed.json()["must_change_password"] is False
    assert clerk.get("/api/v1/cycles/1/applications").status_code == 200

    # a reset through the API: a new temporary password, once; the person's own no longer opens the account
    reset = client.patch("/api/v1/users/tc-clerk", json={"reset_password": True}, headers=jiangsu)
    assert reset.status_code == 200 and reset.json()["password"] not in (None, temporary, own)
    assert reset.json()["user"]["must_change_password"] is True
    again = TestClient(client.app, follow_redirects=False)
    form = again.get("/login")
    assert (
        again.post("/login", data={"login": "tc-clerk", "password": own, "csrf": csrf_of(form.text)}).status_code == 401
    )


def test_reference_loads_through_the_api_record_the_files_name_and_hash_never_a_server_path(tmp_path: Path) -> None:
    ws, _clock, demo, client = demo_site(tmp_path)
    national = {"Authorization": f"Bearer {users.create_token(ws, 'cnipa').token}"}
    listed = f"organisation,category,year\n{demo.organisations['taicang']},county,2021\n".encode()
    done = client.post("/api/v1/recognitions", files={"file": ("此前认定名单.csv", listed, "text/csv")},
                       headers=national)  # fmt: skip
    assert done.status_code == 200, done.text
    pilots_sheet = xlsx(("division_code", "kind", "year"), ("320481", "county", "2019"))
    assert client.post("/api/v1/pilots", files={"file": ("试点县.xlsx", pilots_sheet, XLSX)},
                       headers=national).status_code == 200  # fmt: skip
    sheet = xlsx(("id", "name", "weight", "maximum"), ("I1", "综合评价", 100, 100))
    assert client.post("/api/v1/cycles/1/indicators", files={"file": ("指标.xlsx", sheet, XLSX)},
                       headers=national).status_code == 200  # fmt: skip
    standard = xlsx(("indicator", "minimum"), ("total", 60))
    assert client.post("/api/v1/cycles/1/standard", files={"file": ("验收标准.xlsx", standard, XLSX)},
                       headers=national).status_code == 200  # fmt: skip

    def sha(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    expected = {
        "recognitions": f"此前认定名单.csv sha256:{sha(listed)}",
        "pilots": f"试点县.xlsx sha256:{sha(pilots_sheet)}",
        "indicators": f"指标.xlsx sha256:{sha(sheet)}",
        "standard": f"验收标准.xlsx sha256:{sha(standard)}",
    }
    for reference, source in expected.items():
        assert {e.source for e in reference_log(ws, reference)} == {source}, reference
    imported = [r for r in recognition_register.list_recognitions(ws) if r.origin == "imported"]
    assert [(r.source, r.source_label) for r in imported] == [
        (expected["recognitions"], "导入名单（此前认定名单.csv）")
    ]


def test_an_indicator_set_and_standard_for_one_category_through_the_api(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    national = {"Authorization": f"Bearer {users.create_token(ws, 'cnipa').token}"}
    jiangsu = {"Authorization": f"Bearer {users.create_token(ws, 'jiangsu').token}"}
    common = xlsx(("id", "name", "weight", "maximum"), ("I1", "综合评价", 100, 100))
    company = xlsx(("id", "name", "weight", "maximum"), ("E1", "专利质量", 100, 50))
    assert client.post("/api/v1/cycles/1/indicators", files={"file": ("通用.xlsx", common, XLSX)},
                       headers=national).status_code == 200  # fmt: skip
    wrong = client.post("/api/v1/cycles/1/indicators", files={"file": ("企业.xlsx", company, XLSX)},
                        data={"category": "companies"}, headers=national)  # fmt: skip
    assert wrong.status_code == 400 and wrong.json()["errors"][0]["field"] == "/category"
    done = client.post("/api/v1/cycles/1/indicators", files={"file": ("企业.xlsx", company, XLSX)},
                       data={"category": "enterprise"}, headers=national)  # fmt: skip
    assert done.status_code == 200 and done.json()["set_title"] == "国家知识产权示范企业评价指标"
    standard = xlsx(("indicator", "minimum"), ("E1", 30))
    assert client.post("/api/v1/cycles/1/standard", files={"file": ("企业标准.xlsx", standard, XLSX)},
                       data={"category": "enterprise"}, headers=national).status_code == 200  # fmt: skip
    sets = client.get("/api/v1/cycles/1/indicators", headers=national).json()
    assert [(s["category"], [i["id"] for i in s["indicators"]]) for s in sets] == [
        (None, ["I1"]),
        ("enterprise", ["E1"]),
    ]
    assert sets[1]["standard"] == [{"indicator": "E1", "minimum": 30.0}] and sets[0]["standard"] == []
    assert client.get("/api/v1/cycles/1/indicators", headers=jiangsu).status_code == 403
