"""The national board (/national) as the office reads it: its heat map's cells and quota meters equal what the
applications themselves say, before and right after moves (the counts are kept by the moves, not grouped per
request)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from engine.definition.model import Role
from engine.kernel.errors import Refused
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.services.province import liaison
from engine.store.core import Application
from engine.store.workspace import Workspace
from portal.board_pieces import drawn_boards
from tests.support.portal_support import demo_site, log_in

CELL = re.compile(r'class="cell" data-province="(\d{6})" data-stage="([a-z_]+)" aria-label="[^"]* (\d+) 件"')


def cells(html: str) -> dict[tuple[str, str], int]:
    return {(p, st): int(n) for p, st, n in CELL.findall(html)}


def grouped(ws: Workspace, cycle: int) -> dict[tuple[str, str], int]:
    with ws.transaction() as s:
        rows = s.execute(
            select(Application.province_code, Application.stage, func.count())
            .where(Application.cycle_id == cycle)
            .group_by(Application.province_code, Application.stage)
        )
        return {(p, st): n for p, st, n in rows}


def county_meter(html: str, province: str) -> str:
    row = re.search(rf'<tr class="province" data-province="{province}">(.*?)</tr>', html, re.S)
    assert row, province
    used = re.search(r'data-category="county">.*?<span class="used">([^<]+)</span>', row.group(1), re.S)
    assert used, row.group(1)
    return used.group(1)


def application_of(ws: Workspace, org_id: int) -> int:
    with ws.transaction() as s:
        found = s.scalar(select(Application.id).where(Application.organisation_id == org_id))
        assert found is not None
        return found


def test_the_board_shows_every_move_at_once(tmp_path: Path) -> None:
    ws, _clock, demo, client = demo_site(tmp_path)
    log_in(client, "cnipa")
    board = client.get(f"/national?cycle={demo.cycle}").text
    assert cells(board) == grouped(ws, demo.cycle)
    assert cells(board)[("320000", "provincial_review")] == 3
    assert county_meter(board, "320000") == "1 / 2"  # 昆山 under notice holds a place

    jiangyin = demo.organisations["jiangyin"]
    stage_moves.fire(ws, application_of(ws, jiangyin), "withdraw", Actor(Role.APPLICANT, str(jiangyin)))
    kunshan = demo.organisations["kunshan"]
    stage_moves.fire(ws, application_of(ws, kunshan), "withdraw", Actor(Role.APPLICANT, str(kunshan)))
    board = client.get(f"/national?cycle={demo.cycle}").text
    assert cells(board) == grouped(ws, demo.cycle)
    assert cells(board)[("320000", "provincial_review")] == 2
    assert cells(board)[("320000", "withdrawn")] == 2
    assert ("320000", "provincial_notice") not in cells(board)  # no cell for a count that fell to 0
    assert county_meter(board, "320000") == "0 / 2"  # the withdrawn notice freed its place

    changshu = demo.organisations["changshu"]
    with pytest.raises(Refused):  # a refused move changes no count
        stage_moves.fire(ws, application_of(ws, changshu), "withdraw", Actor(Role.APPLICANT, str(jiangyin)))
    assert cells(client.get(f"/national?cycle={demo.cycle}").text) == cells(board)


def receipt_cell(html: str, province: str) -> str:
    row = re.search(rf'<tr class="province" data-province="{province}">.*?<td class="receipt ([a-z]+)"', html, re.S)
    assert row, province
    return row.group(1)


def test_an_unchanged_board_is_drawn_once_and_any_change_draws_it_again(tmp_path: Path) -> None:
    """The heat map and provinces table are kept per distinct board: a receipt (no count moves) shows at once."""
    ws, clock, demo, client = demo_site(tmp_path)
    log_in(client, "cnipa")
    drawn = drawn_boards(client.app.state.portal)  # type: ignore[attr-defined]
    client.get(f"/national?cycle={demo.cycle}")
    clock.advance(timedelta(minutes=5))  # only the clock moved: the same pieces, the new time
    again = client.get(f"/national?cycle={demo.cycle}").text
    assert drawn.drawings == 1
    assert f"{clock.now():%H:%M} 北京时间" in again

    assert receipt_cell(again, "320000") == "missing"
    liaison.file_receipt(ws, demo.cycle, Actor(Role.PROVINCE, "320000"), "张三", "处长", "025-12345678",
                         "13800000000", "a@js.example")  # fmt: skip
    after = client.get(f"/national?cycle={demo.cycle}").text
    assert receipt_cell(after, "320000") == "filed"
    assert drawn.drawings == 2
