"""The public list page after a correction (issue 22; B10): the current version with the change marked, what
changed and why, and every earlier version still there to open."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.national import fraud
from engine.services.publicity import published_copies
from engine.store.workspace import Workspace
from portal.app import create_app
from tests.support.lifecycle import drive_all, new_application, open_2025

NATIONAL = Actor(Role.NATIONAL)


def test_the_public_page_shows_the_corrected_list_with_the_change_marked_and_keeps_the_first(
    ws: Workspace, clock: FixedClock
) -> None:
    cycle = open_2025(ws)
    kunshan = new_application(ws, cycle, "county")
    ningbo = new_application(ws, cycle, "city")
    drive_all(ws, clock, [kunshan, ningbo], "in_creation")
    first = published_copies.publish_list_copy(ws, cycle, "creation-objects", NATIONAL)
    clock.advance(timedelta(days=30))
    fraud.disqualify_for_fraud(ws, kunshan["id"], NATIONAL, "申报材料中专利数据弄虚作假")
    client = TestClient(create_app(ws, secret="test-secret"))

    index = client.get("/lists").text
    assert "第2版（更正：删去昆山市人民政府，经核实存在弄虚作假，取消相应资格）" in index
    link = re.search(r'href="/lists/(\d+)">知识产权强国建设示范创建对象名单', index)
    assert link is not None and int(link.group(1)) != first.id

    current = client.get(f"/lists/{link.group(1)}").text
    assert "更正说明（第2版）" in current and "<del>昆山市人民政府</del>" in current
    assert "申报材料中专利数据弄虚作假" in current
    table = current.split("更正说明")[1].split("</section>")[1]
    assert "宁波市人民政府" in table and "昆山市人民政府" not in table
    assert f'<a href="/lists/{first.id}">第1版</a>' in current

    earlier = client.get(f"/lists/{first.id}").text
    assert "此为第1版，已被更正" in earlier and f'<a href="/lists/{link.group(1)}">查看现行版本</a>' in earlier
    assert "昆山市人民政府" in earlier  # as it was published
