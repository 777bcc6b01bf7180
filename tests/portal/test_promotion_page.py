"""B8 (004 §四(四): 加强对示范单位的经验总结和推广) and D7 (001 §三: 通过全国知识产权宣传周和优秀案例发布会等
多渠道宣传推广 … 向世界知识产权组织推送) in the browser and the API: the national office lists the record of
promotion and records an occasion for the units it covered, confirmed first; a bad value keeps what was typed
and records nothing."""

from __future__ import annotations

from pathlib import Path

from engine.services.accounts import users
from engine.services.national import promotion, recognition_register
from engine.services.reference import pilots
from tests.support.lifecycle import NATIONAL
from tests.support.portal_support import demo_site, field_error, field_value, log_in


def _recognised(ws, demo, tmp_path: Path) -> int:  # noqa: ANN001
    listed = tmp_path / "已认定.csv"
    listed.write_text(f"organisation,category,year\n{demo.organisations['taicang']},county,2021\n", "utf-8")
    pilots.import_recognitions(ws, listed, NATIONAL)
    (unit,) = recognition_register.list_recognitions(ws)
    return unit.id


def test_the_office_records_an_occasion_on_its_page_once_it_confirms(tmp_path: Path) -> None:
    ws, _clock, demo, client = demo_site(tmp_path)
    unit = _recognised(ws, demo, tmp_path)
    csrf = log_in(client, "cnipa")
    page = client.get("/national/promotion")
    assert page.status_code == 200 and "尚无推广记录" in page.text and "全国知识产权宣传周" in page.text
    assert f'name="recognitions" value="{unit}"' in page.text
    form = {"csrf": csrf, "kind": "exchange", "title": "2025年示范创建经验交流会", "held_on": "2025-10-08",
            "recognitions": str(unit)}  # fmt: skip

    unconfirmed = client.post("/national/promotion", data=form)
    assert unconfirmed.status_code == 400 and "确认记录" in unconfirmed.text
    assert field_value(unconfirmed.text, "title") == "2025年示范创建经验交流会" and promotion.promotions(ws) == []
    for bad, field in ((dict(held_on="2025-13-01"), "held_on"), (dict(held_on="2025-12-01"), "held_on"),
                       (dict(kind="wipo"), "recognitions"), (dict(title=""), "title")):  # fmt: skip
        refused = client.post("/national/promotion", data={**form, **bad, "confirm": "yes"})
        assert refused.status_code == 400, bad
        assert field in refused.text and promotion.promotions(ws) == [], bad
    future = client.post("/national/promotion", data={**form, "held_on": "2025-12-01", "confirm": "yes"})
    assert "尚未到来" in (field_error(future.text, "held_on") or "")
    done = client.post("/national/promotion", data={**form, "confirm": "yes"})
    assert done.status_code == 303 and done.headers["location"] == "/national/promotion?recorded=1"
    listed = client.get(done.headers["location"])
    assert (
        "已记录 1 项推广" in listed.text and "太仓市人民政府" in listed.text and "经验交流、学习互鉴活动" in listed.text
    )
    assert client.post("/national/promotion", data={**form, "confirm": "yes", "csrf": "forged"}).status_code in (
        400,
        403,
    )
    assert len(promotion.promotions(ws)) == 1
    client.cookies.clear()
    log_in(client, "jiangsu")
    assert client.get("/national/promotion").status_code == 403


def test_the_record_through_the_api(tmp_path: Path) -> None:
    ws, _clock, demo, client = demo_site(tmp_path)
    unit = _recognised(ws, demo, tmp_path)
    national = {"Authorization": f"Bearer {users.create_token(ws, 'cnipa').token}"}
    jiangsu = {"Authorization": f"Bearer {users.create_token(ws, 'jiangsu').token}"}
    body = {
        "kind": "publicity-week",
        "title": "2025年全国知识产权宣传周",
        "held_on": "2025-04-26",
        "recognitions": [unit],
    }
    assert client.post("/api/v1/promotions", json=body, headers=jiangsu).status_code == 403
    wipo = client.post("/api/v1/promotions", json={**body, "kind": "wipo"}, headers=national)
    assert wipo.status_code == 400 and wipo.json()["errors"][0]["field"] == "/recognitions"
    done = client.post("/api/v1/promotions", json=body, headers=national)
    assert done.status_code == 201 and done.json()["entries"][0]["kind_zh"] == "全国知识产权宣传周"
    mine = client.get(f"/api/v1/promotions?recognition={unit}", headers=national).json()
    assert [(e["title"], e["subject_zh"]) for e in mine] == [("2025年全国知识产权宣传周", "示范单位 太仓市人民政府")]
    assert client.get("/api/v1/promotions", headers=jiangsu).status_code == 403
