"""The national office's own pages (and a province's accounts and organisations): quotas changed after opening with
a preview, accounts with temporary passwords replaced at the first log-in, organisations and their addresses, the
roster and pilot lists previewed before they load, the audit of it all, held mail and failed timed moves retried."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select, update

from engine.services.accounts import users as accounts
from engine.services.national import quotas
from engine.services.reference import organisations, pilots
from engine.store.core import Timer, TimerStatus
from engine.store.outbox import OutboxMessage, OutboxStatus
from notifications.planning.stage_notices import plan_stage_notices
from tests.support.portal_support import XLSX, csrf_of, demo_site, field_error, field_value, log_in, xlsx

KUNSHAN_ORG = 33  # the demo's 昆山市人民政府, in Jiangsu


def _standing(ws, province: str, category: str) -> quotas.QuotaStanding:  # noqa: ANN001
    return next(q for q in quotas.quota_table(ws, 1) if (q.province_code, q.category) == (province, category))


def test_a_quota_is_previewed_refused_below_the_places_used_then_changed_with_its_reason(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "cnipa")
    before = _standing(ws, "320000", "county")
    assert before.used == 1
    form = {"csrf": csrf, "province": "320000", "category": "county", "reason": "补充通知：调整名额"}

    low = client.post("/national/cycles/1/quotas", data={**form, "places": "0"})
    assert low.status_code == 400 and "已使用 1 个名额" in (field_error(low.text, "places") or "")
    assert field_value(low.text, "reason") == "补充通知：调整名额"

    shown = client.post("/national/cycles/1/quotas", data={**form, "places": "3"})
    assert shown.status_code == 200 and "调整预览（尚未生效）" in shown.text
    assert re.search(r'class="left">2<', shown.text)  # 3 places, 1 used
    assert _standing(ws, "320000", "county").quota == before.quota  # a preview changes nothing

    done = client.post("/national/cycles/1/quotas", data={**form, "places": "3", "confirm": "yes"})
    assert done.status_code == 303
    assert _standing(ws, "320000", "county").quota == 3
    page = client.get(done.headers["location"])
    assert "名额已调整" in page.text and "补充通知：调整名额" in page.text


def test_a_province_creates_its_applicant_s_account_whose_temporary_password_must_be_replaced(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "jiangsu")
    listed = client.get("/accounts")
    assert "kunshan" in listed.text and "cnipa" not in listed.text and "zhejiang" not in listed.text
    made = client.post("/accounts", data={"csrf": csrf, "login": "kunshan2", "organisation": str(KUNSHAN_ORG)})
    assert made.status_code == 201
    password = re.search(r'class="temporary-password">([^<]+)<', made.text)
    assert password, "the temporary password is shown once"
    assert client.post("/accounts/cnipa/password", data={"csrf": csrf}).status_code in (403, 409)
    elsewhere = client.post("/accounts", data={"csrf": csrf, "login": "hangzhou9", "organisation": "11"})
    assert elsewhere.status_code == 400 and "本省" in elsewhere.text
    assert "hangzhou9" not in {u.login for u in accounts.list_users(ws)}

    client.cookies.clear()
    login_page = client.get("/login")
    r = client.post(
        "/login", data={"login": "kunshan2", "password": password.group(1), "csrf": csrf_of(login_page.text)}
    )
    assert r.status_code == 303
    first = client.get("/applicant")
    assert first.status_code == 303 and first.headers["location"] == "/account"
    account = client.get("/account")
    assert "请先在下方设置您自己的密码" in account.text
    own = {"csrf": csrf_of(account.text), "current_password": password.group(1), "new_password": "my own words 2025"}
    changed = client.post("/account/password", data=own)
    assert changed.status_code == 200
    assert client.get("/applicant").status_code == 200


def test_the_office_resets_and_disables_accounts_and_the_audit_lists_each_change(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "cnipa")
    reset = client.post("/accounts/taicang/password", data={"csrf": csrf})
    assert reset.status_code == 200 and 'class="temporary-password"' in reset.text
    assert next(u for u in accounts.list_users(ws) if u.login == "taicang").must_change_password
    unticked = client.post("/accounts/taicang/disable", data={"csrf": csrf})
    assert unticked.status_code == 400 and not next(u for u in accounts.list_users(ws) if u.login == "taicang").disabled
    assert client.post("/accounts/taicang/disable", data={"csrf": csrf, "confirm": "yes"}).status_code == 200
    assert next(u for u in accounts.list_users(ws) if u.login == "taicang").disabled
    audit = client.get("/national/audit?reference=accounts")
    assert audit.status_code == 200 and audit.text.count('data-reference="accounts"') >= 2 and "taicang" in audit.text


def test_organisations_are_kept_by_their_province_and_an_address_change_is_audited(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "jiangsu")
    listed = client.get("/organisations")
    assert "昆山市人民政府" in listed.text and "浙江省知识产权局" not in listed.text
    assert client.get("/organisations/11").status_code == 404  # 浙江省知识产权局: another province's
    bad = client.post(f"/organisations/{KUNSHAN_ORG}", data={"csrf": csrf, "name": "昆山市人民政府", "email": "no"})
    assert bad.status_code == 400 and field_error(bad.text, "email")
    ok = client.post(f"/organisations/{KUNSHAN_ORG}", data={"csrf": csrf, "name": "昆山市人民政府",
                                                           "email": "ip@ks.example"})  # fmt: skip
    assert ok.status_code == 200 and "ip@ks.example" in ok.text
    template = client.get("/organisations/roster-template.xlsx")
    assert template.status_code == 200 and template.content.startswith(b"PK")
    wrong = client.post("/organisations", data={"csrf": csrf, "name": "杭州市人民政府", "kind": "government",
                                                "division": "330100", "email": ""})  # fmt: skip
    assert wrong.status_code == 400 and "所在省级知识产权局" in wrong.text  # another province's, refused by ROLE
    assert field_value(wrong.text, "name") == "杭州市人民政府"
    assert "杭州市人民政府" not in {o.name for o in organisations.list_organisations(ws)}
    client.cookies.clear()
    log_in(client, "cnipa")
    audit = client.get("/national/audit?reference=organisations")
    assert "ip@ks.example" in audit.text and "昆山市人民政府" in audit.text
    assert "<td>江苏省知识产权局</td>" in audit.text and "province:320000" not in audit.text  # who, in words
    assert next(o for o in organisations.list_organisations(ws) if o.id == KUNSHAN_ORG).email == "ip@ks.example"


def test_pilot_lists_and_rosters_are_previewed_then_loaded_and_a_bad_row_loads_nothing(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "cnipa")
    pilots_before = len(pilots.list_pilots(ws))
    bad = xlsx(("division_code", "kind", "year"), ("320583", "county", "2019"), ("999999", "town", "x"))
    shown = client.post("/national/reference/preview", data={"csrf": csrf, "which": "pilots"},
                        files={"file": ("pilots.xlsx", bad, XLSX)})  # fmt: skip
    assert shown.status_code == 400 and "未作任何变更" in shown.text and "第3行" in shown.text
    good = xlsx(("division_code", "kind", "year"), ("320583", "county", "2019"), ("320481", "county", "2019"))
    shown = client.post("/national/reference/preview", data={"csrf": csrf, "which": "pilots"},
                        files={"file": ("pilots.xlsx", good, XLSX)})  # fmt: skip
    assert shown.status_code == 200 and "导入预览" in shown.text and len(pilots.list_pilots(ws)) == pilots_before
    carried = re.search(r'name="carried" value="([^"]+)"', shown.text)
    assert carried
    done = client.post("/national/reference", data={"csrf": csrf, "which": "pilots", "name": "pilots.xlsx",
                                                    "carried": carried.group(1)})  # fmt: skip
    assert done.status_code == 303 and len(pilots.list_pilots(ws)) > pilots_before

    roster = xlsx(("单位名称", "单位类型", "行政区划代码", "统一社会信用代码", "联系邮箱"),
                  ("溧阳市人民政府", "人民政府", "320481", "", "ip@ly.example"))  # fmt: skip
    shown = client.post("/national/reference/preview", data={"csrf": csrf, "which": "roster"},
                        files={"file": ("roster.xlsx", roster, XLSX)})  # fmt: skip
    assert shown.status_code == 200 and "溧阳市人民政府" in shown.text, shown.text
    assert "溧阳市人民政府" not in {o.name for o in organisations.list_organisations(ws)}
    carried = re.search(r'name="carried" value="([^"]+)"', shown.text)
    assert carried
    client.post("/national/reference", data={"csrf": csrf, "which": "roster", "name": "roster.xlsx",
                                             "carried": carried.group(1)})  # fmt: skip
    assert "溧阳市人民政府" in {o.name for o in organisations.list_organisations(ws)}


def test_held_mail_is_listed_before_it_is_sent_again_and_a_failed_timed_move_is_retried(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "cnipa")
    assert plan_stage_notices(ws) >= 2  # the demo's stage notices, planned as the scheduler would
    with ws.transaction() as s:
        held = s.scalars(select(OutboxMessage.id).where(OutboxMessage.cycle_id == 1).limit(2)).all()
        s.execute(update(OutboxMessage).where(OutboxMessage.id.in_(held)).values(status=OutboxStatus.HELD))
        timer = s.scalars(select(Timer).where(Timer.status == TimerStatus.PENDING).limit(1)).one()
        timer.status, timer.outcome = TimerStatus.FAILED, "database was away"
        timer_id = timer.id
    page = client.get("/national/outbox?cycle=1&status=held")
    assert page.status_code == 200 and page.text.count('class="mail held"') == 2
    asked = client.post("/national/outbox/retry", data={"csrf": csrf, "cycle": "1", "status": "held"})
    assert asked.status_code == 200 and "确认重新发送以下 2 封邮件" in asked.text
    with ws.transaction() as s:
        assert s.scalar(select(OutboxMessage.status).where(OutboxMessage.id == held[0])) == OutboxStatus.HELD
    done = client.post("/national/outbox/retry", data={"csrf": csrf, "cycle": "1", "status": "held", "confirm": "yes"})
    assert done.status_code == 303 and "requeued=2" in done.headers["location"]

    failed = client.get("/national/timers?cycle=1")
    assert f'data-timer="{timer_id}"' in failed.text and "database was away" in failed.text
    retried = client.post(f"/national/timers/{timer_id}/retry", data={"csrf": csrf})
    assert retried.status_code == 303
    with ws.transaction() as s:
        assert s.get(Timer, timer_id).status == TimerStatus.PENDING  # type: ignore[union-attr]
