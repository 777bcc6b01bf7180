"""B11, notice 004 §五(二) “本级掌握或通过其他渠道可以获取的信息和数据不得要求下一层级报送”: what the system
holds is offered, not asked again — the next edition's liaison receipt starts from the last one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.definition.model import Role
from engine.machine.machine import Actor
from engine.services.programmes import cycles
from engine.services.province import liaison
from tests.support.portal_support import demo_site, field_value, log_in

JIANGSU = Actor(Role.PROVINCE, "320000")
LAST = {"name": "张三", "title": "处长", "phone": "025-83271234", "mobile": "13800000000", "email": "zs@js.example"}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple]:
    ws, clock, demo, client = demo_site(tmp_path)
    yield ws, demo, client
    ws.dispose()


def test_the_next_editions_receipt_starts_from_the_provinces_last_one(site: tuple) -> None:
    ws, demo, client = site
    liaison.file_receipt(ws, demo.cycle, JIANGSU, **LAST)
    following = cycles.open_cycle(ws, "demonstration-creation", 2028).id
    log_in(client, "jiangsu")
    page = client.get(f"/province/liaison?cycle={following}")
    assert page.status_code == 200
    for key, value in LAST.items():
        assert field_value(page.text, key) == value, key
    assert "已按本省上一届（2025年）回执预填" in page.text and "尚未报送" in page.text
    # nothing is filed until the province confirms it: the national office still sees it missing
    mine = next(p for p in liaison.list_receipts(ws, following).provinces if p.province == "320000")
    assert not mine.filed


def test_each_province_gets_its_own_last_receipt_and_one_without_gets_an_empty_form(site: tuple) -> None:
    ws, demo, client = site
    liaison.file_receipt(ws, demo.cycle, JIANGSU, **LAST)
    zhejiang = next(p for p in liaison.list_receipts(ws, demo.cycle).provinces if p.province == "330000")
    assert zhejiang.liaison is not None and zhejiang.liaison.name != LAST["name"]  # the demo's own receipt
    following = cycles.open_cycle(ws, "demonstration-creation", 2028).id
    log_in(client, "zhejiang")
    page = client.get(f"/province/liaison?cycle={following}")
    assert field_value(page.text, "name") == zhejiang.liaison.name
    assert field_value(page.text, "email") == zhejiang.liaison.email
    shanghai = liaison.receipt_prefill(ws, following, "310000")  # never filed one
    assert shanghai.from_edition is None and not any(shanghai.fields.values())
