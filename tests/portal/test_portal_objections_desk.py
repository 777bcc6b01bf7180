"""The province's side of objections: one received by post recorded with its evidence and a unit's stamped scan,
each file opened as a download from the queue and the application page, resolved only with an outcome chosen and
confirmed; the application page offers no move that could only be refused there, and never shows the objector to
the party objected to."""

from __future__ import annotations

from pathlib import Path

from engine.services.applications.trail import history
from tests.support.portal_support import KUNSHAN, demo_site, log_in

SCAN = b"%PDF-1.4\n% stamped objection letter\n"
PHOTO = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_a_letter_is_recorded_opened_and_dismissed_by_the_province(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "jiangsu")
    queue = client.get("/objections").text
    assert 'action="/objections"' in queue and "昆山市人民政府" in queue  # 昆山 is under notice
    letter = {"csrf": csrf, "application": str(KUNSHAN), "kind": "unit", "name": "王某", "unit": "某科技公司",
              "phone": "0512-12345678", "content": "申报材料中的专利数据不实。"}  # fmt: skip
    unstamped = client.post("/objections", data=letter, files={"evidence": ("证据.png", PHOTO, "image/png")})
    assert unstamped.status_code == 400 and "公章" in unstamped.text
    assert history(ws, KUNSHAN).stage == "provincial_notice"  # nothing recorded
    files = [("stamped", ("异议书.pdf", SCAN, "application/pdf")), ("evidence", ("证据.png", PHOTO, "image/png"))]
    assert client.post("/objections", data=letter, files=files).status_code == 303
    assert history(ws, KUNSHAN).stage == "provincial_objection"

    queue = client.get("/objections").text
    assert "/objections/1/files/1" in queue and "/objections/1/files/2" in queue
    scan = client.get("/objections/1/files/2")  # the evidence first, then the stamped scan
    assert scan.content == SCAN and scan.headers["content-disposition"].startswith("attachment")
    assert client.get("/objections/1/files/1").content == PHOTO
    assert 'value="dismissed" checked' not in queue and 'value="upheld" checked' not in queue  # none preselected

    page = client.get(f"/applications/{KUNSHAN}").text
    assert "/objections/1/files/1" in page and 'href="/objections?cycle=1#h-obj-1"' in page
    assert 'data-event="dismiss_objection"' not in page and 'data-event="uphold_objection"' not in page

    resolve = {"csrf": csrf, "reasons": "经核实，专利数据无误。", "handler": "李处长"}
    assert client.post("/objections/1/resolve", data=resolve).status_code == 400  # no outcome chosen
    assert client.post("/objections/1/resolve", data={**resolve, "outcome": "dismissed"}).status_code == 400
    done = client.post("/objections/1/resolve", data={**resolve, "outcome": "dismissed", "confirm": "yes"})
    assert done.status_code == 303 and history(ws, KUNSHAN).stage == "provincial_notice"

    client.cookies.clear()
    log_in(client, "kunshan")  # the unit objected to never sees who objected, nor the files
    assert "王某" not in client.get(f"/applications/{KUNSHAN}").text
    assert client.get("/objections/1/files/1").status_code == 404
    client.cookies.clear()
    log_in(client, "zhejiang")
    assert client.get("/objections/1/files/1").status_code == 404


def test_the_same_desk_through_the_api(tmp_path: Path) -> None:
    from engine.services.accounts import users

    ws, _clock, _demo, client = demo_site(tmp_path)
    jiangsu = {"Authorization": f"Bearer {users.create_token(ws, 'jiangsu').token}"}
    kunshan = {"Authorization": f"Bearer {users.create_token(ws, 'kunshan').token}"}
    form = {"kind": "unit", "name": "王某", "unit": "某科技公司", "phone": "0512-12345678", "content": "数据不实。"}
    url = f"/api/v1/applications/{KUNSHAN}/objections"
    assert client.post(url, data=form, headers=jiangsu).status_code == 400  # a unit's needs its stamped scan
    files = [("stamped", ("异议书.pdf", SCAN, "application/pdf"))]
    filed = client.post(url, data=form, files=files, headers=jiangsu)
    assert filed.status_code == 201 and history(ws, KUNSHAN).stage == "provincial_objection"
    number = filed.json()["id"]
    scan = client.get(f"/api/v1/objections/{number}/files/1", headers=jiangsu)
    assert scan.status_code == 200 and scan.content == SCAN
    assert client.get(f"/api/v1/objections/{number}/files/1", headers=kunshan).status_code == 403
    body = {"outcome": "dismissed", "reasons": "经核实，数据无误。", "handler": "李处长"}
    assert (
        client.post(f"/api/v1/objections/{number}/resolve", json={**body, "outcome": None}, headers=jiangsu).status_code
        == 400
    )
    done = client.post(f"/api/v1/objections/{number}/resolve", json=body, headers=jiangsu)
    assert done.status_code == 200 and done.json()["outcome"] == "dismissed"
    assert history(ws, KUNSHAN).stage == "provincial_notice"


def test_an_objection_of_an_earlier_cycle_is_resolved_in_its_own_cycle_once_a_newer_one_is_open(tmp_path: Path) -> None:
    from engine.services.accounts import users
    from engine.services.programmes import cycles

    ws, _clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "jiangsu")
    letter = {"csrf": csrf, "application": str(KUNSHAN), "kind": "person", "name": "王某", "unit": "个人",
              "phone": "0512-12345678", "content": "申报材料中的专利数据不实。"}  # fmt: skip
    assert client.post("/objections", data=letter).headers["location"] == "/objections?cycle=1"
    newer = cycles.open_cycle(ws, "demonstration-creation", 2028).id  # the next edition opens meanwhile

    queue = client.get("/objections").text  # the newest cycle's queue points to the one still open in 2025's
    assert f"周期 {newer}" in queue and 'href="/objections?cycle=1"' in queue
    page = client.get(f"/applications/{KUNSHAN}").text
    assert 'href="/objections?cycle=1#h-obj-1"' in page
    assert 'action="/objections/1/resolve"' in client.get("/objections?cycle=1").text
    resolve = {"csrf": csrf, "outcome": "dismissed", "reasons": "经核实，专利数据无误。", "handler": "李处长",
               "confirm": "yes"}  # fmt: skip
    done = client.post("/objections/1/resolve", data=resolve)
    assert done.status_code == 303 and done.headers["location"] == "/objections?cycle=1#h-obj-1"
    assert history(ws, KUNSHAN).stage == "provincial_notice"
    assert "异议不成立" in client.get("/objections?cycle=1").text
    assert "待处理" not in client.get("/objections").text

    assert client.post("/objections/1/resolve", data=resolve).status_code == 400  # already resolved, said so

    jiangsu = {"Authorization": f"Bearer {users.create_token(ws, 'jiangsu').token}"}  # the same through the API
    form = {k: v for k, v in letter.items() if k not in ("csrf", "application")}
    filed = client.post(f"/api/v1/applications/{KUNSHAN}/objections", data=form, headers=jiangsu)
    assert filed.status_code == 201 and filed.json()["cycle"] == 1
    listed = client.get("/api/v1/cycles/1/objections", headers=jiangsu).json()
    assert [(o["id"], o["status"]) for o in listed] == [(1, "resolved"), (2, "open")]
    assert client.get(f"/api/v1/cycles/{newer}/objections", headers=jiangsu).json() == []
    body = {k: resolve[k] for k in ("outcome", "reasons", "handler")}
    assert client.post("/api/v1/objections/2/resolve", json=body, headers=jiangsu).status_code == 200
    assert history(ws, KUNSHAN).stage == "provincial_notice"
    zhejiang = {"Authorization": f"Bearer {users.create_token(ws, 'zhejiang').token}"}  # another province's: nothing
    assert client.get("/api/v1/cycles/1/objections", headers=zhejiang).json() == []
