"""The machine layer: one shared transitions machine per definition and category, and atomic moves."""

from __future__ import annotations

import pytest

from engine.definition.model import Role
from engine.machine.machine import Actor, machine_for
from engine.services.applications import stage_moves
from engine.services.applications.trail import history
from engine.store.core import Cycle
from engine.store.workspace import Workspace
from tests.support.lifecycle import new_application, open_2025


def test_applications_share_one_machine_and_leave_no_model_behind(ws: Workspace) -> None:
    cycle = open_2025(ws)
    apps = [new_application(ws, cycle, "county", name=f"县{i}", division_code=f"3205{81 + i}") for i in range(3)]
    for app in apps:
        stage_moves.fire(ws, app["id"], "submit", Actor(Role.APPLICANT, str(app["org"])))
    with ws.transaction() as s:
        text = s.get(Cycle, cycle).version.text
    machine = machine_for(text, "county")
    assert machine is machine_for(text, "county")
    assert machine is not machine_for(text, "city")
    assert machine.machine.models == []


def test_an_error_after_the_state_change_rolls_the_whole_move_back(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = new_application(ws, open_2025(ws), "city")
    before = history(ws, app["id"])

    def broken_audit(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full while writing the audit row")

    monkeypatch.setattr(stage_moves, "record_move", broken_audit)
    with pytest.raises(RuntimeError, match="disk full"):
        stage_moves.fire(ws, app["id"], "submit", Actor(Role.APPLICANT, str(app["org"])))
    monkeypatch.undo()
    assert history(ws, app["id"]) == before
    assert history(ws, app["id"]).stage == "draft"
