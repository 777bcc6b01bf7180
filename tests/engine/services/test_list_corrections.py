"""Lists that tell the truth (issue 22; B6, B7, B9, B10).

Notice 004 §五(四): "对存在弄虚作假的，一经发现并核实，将取消申报、创建、示范等相应资格"; §四(五): "对不符合要求的
示范单位，及时取消资格，予以摘牌". A list is who stands now: a unit disqualified or revoked after its list was
published comes off it, and the published list gets a new version (更正) saying who and why; earlier versions stay.
"""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import docx
from openpyxl import load_workbook

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.applications.timers import tick
from engine.services.national import fraud, namelists, recognition_register
from engine.services.publicity import published_copies
from engine.store.workspace import Workspace
from tests.support.lifecycle import drive_all, evaluate, new_application, open_2025, revoke

NATIONAL = Actor(Role.NATIONAL)


def _names(copy_id: int, ws: Workspace) -> list[str]:
    found = published_copies.published_copy(ws, copy_id)
    assert found is not None
    return [u.organisation for g in found[1] for u in g.units]


def test_a_unit_disqualified_for_fraud_comes_off_its_published_list_in_a_correction(
    ws: Workspace, clock: FixedClock
) -> None:
    cycle = open_2025(ws)
    kunshan = new_application(ws, cycle, "county")
    ningbo = new_application(ws, cycle, "city")
    assert drive_all(ws, clock, [kunshan, ningbo], "in_creation") == ["in_creation"] * 2
    first = published_copies.publish_list_copy(ws, cycle, "creation-objects", NATIONAL)
    assert first.version == 1 and first.units == 2 and first.changes == []

    clock.advance(timedelta(days=30))
    fraud.disqualify_for_fraud(ws, kunshan["id"], NATIONAL, "申报材料中专利数据弄虚作假")

    # the list as built now names only who stands
    built = namelists.publish_list(ws, cycle, "creation-objects", "md", NATIONAL)
    assert built.text is not None and "昆山市人民政府" not in built.text.split("更正说明")[-1]
    (current,) = [c for c in published_copies.published_lists(ws) if c.cycle == cycle and c.kind == "creation-objects"]
    assert current.version == 2 and current.units == 1
    (change,) = current.changes
    assert change.organisation == "昆山市人民政府" and change.category == "国家知识产权强县建设示范县"
    assert "弄虚作假" in change.change_zh and change.reason == "申报材料中专利数据弄虚作假"
    assert _names(current.id, ws) == ["宁波市人民政府"]
    # the earlier version is kept as published and can still be retrieved
    found = published_copies.published_copy(ws, current.id)
    assert found is not None and found[0].versions == [first.id, current.id]
    assert set(_names(first.id, ws)) == {"宁波市人民政府", "昆山市人民政府"}
    # the corrected files say what changed and why
    files = found[2]
    words = [p.text for p in docx.Document(BytesIO(files["docx"].read())).paragraphs]
    assert "更正说明" in words and any("昆山市人民政府" in w and "申报材料中专利数据弄虚作假" in w for w in words)
    cells = [c for row in load_workbook(BytesIO(files["xlsx"].read())).active.values for c in row if c]
    assert "更正说明" in cells and not any(c == "昆山市人民政府" for c in cells)
    assert "更正说明" in files["html"].read().decode()


def test_a_revoked_unit_comes_off_the_published_demonstration_units_list_with_the_revocation_marked(
    ws: Workspace, clock: FixedClock
) -> None:
    cycle = open_2025(ws)
    kunshan = new_application(ws, cycle, "county")
    ningbo = new_application(ws, cycle, "city")
    assert drive_all(ws, clock, [kunshan, ningbo], "recognised") == ["recognised"] * 2
    published = published_copies.publish_list_copy(ws, cycle, "demonstration-units", NATIONAL)
    objects = published_copies.publish_list_copy(ws, cycle, "creation-objects", NATIONAL)
    assert published.units == 2

    clock.advance(timedelta(days=400))
    revoke(ws, ningbo["id"], "成效评估不合格，未发挥辐射带动作用")

    by_kind = {c.kind: c for c in published_copies.published_lists(ws) if c.cycle == cycle}
    units = by_kind["demonstration-units"]
    assert units.version == 2 and [c.organisation for c in units.changes] == ["宁波市人民政府"]
    assert "摘牌" in units.changes[0].change_zh and units.changes[0].reason == "成效评估不合格，未发挥辐射带动作用"
    assert _names(units.id, ws) == ["昆山市人民政府"]
    # a 摘牌 ends the title, not the creation that earned it: the creation objects list stands unchanged
    assert by_kind["creation-objects"].id == objects.id and by_kind["creation-objects"].version == 1

    # B10 on a register row: cancelled for fraud, the list is corrected again, each version kept
    (unit,) = [r for r in recognition_register.list_recognitions(ws) if r.application == kunshan["id"]]
    fraud.cancel_recognition(ws, unit.id, NATIONAL, "认定材料弄虚作假")
    by_kind = {c.kind: c for c in published_copies.published_lists(ws) if c.cycle == cycle}
    assert by_kind["demonstration-units"].version == 3 and by_kind["demonstration-units"].units == 0
    assert by_kind["creation-objects"].version == 2  # fraud cancels the creation status too
    found = published_copies.published_copy(ws, by_kind["demonstration-units"].id)
    assert found is not None and len(found[0].versions) == 3


def test_nothing_is_corrected_when_no_published_list_named_the_unit(ws: Workspace, clock: FixedClock) -> None:
    cycle = open_2025(ws)
    kunshan = new_application(ws, cycle, "county")
    ningbo = new_application(ws, cycle, "city")
    drive_all(ws, clock, [kunshan, ningbo], "national_review")
    evaluate(ws, kunshan["id"])
    stage_moves.fire(ws, kunshan["id"], "select", NATIONAL)
    clock.advance(timedelta(days=15))
    tick(ws)
    published_copies.publish_list_copy(ws, cycle, "creation-objects", NATIONAL)
    fraud.disqualify_for_fraud(ws, ningbo["id"], NATIONAL, "弄虚作假")  # never on the list
    (current,) = [c for c in published_copies.published_lists(ws) if c.cycle == cycle]
    assert current.version == 1 and current.changes == []
