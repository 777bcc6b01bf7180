"""A10/B12 (issue 22): "请各省级知识产权局明确相关处级干部担任…联络员" — a liaison whose title is not a division-level
(处级) one is filed with a warning that quotes the notice; a 处长 or 调研员 is filed without one."""

from __future__ import annotations

from engine.definition.model import Role
from engine.machine.machine import Actor
from engine.services.province import liaison
from engine.store.workspace import Workspace
from tests.support.reminders_support import open_creation_2025

JIANGSU = Actor(Role.PROVINCE, "320000")


def test_a_liaison_below_division_level_is_filed_with_the_notice_s_words(ws: Workspace) -> None:
    cycle = open_creation_2025(ws)
    filed = liaison.file_receipt(ws, cycle, JIANGSU, "张三", "科员", "025-1234567", "13800000000", "a@js.example")
    assert filed.rank_warning is not None and "明确相关处级干部担任联络员" in filed.rank_warning
    assert "科员" in filed.rank_warning
    for title in ("处长", "副处长", "二级调研员"):
        again = liaison.file_receipt(ws, cycle, JIANGSU, "张三", title, "025-1234567", "13800000000", "a@js.example")
        assert again.amended and again.rank_warning is None, title
