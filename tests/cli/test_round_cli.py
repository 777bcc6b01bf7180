"""The provincial round from the command line: bad objections and reports change nothing, lists name names."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.applications import stage_moves
from engine.store.workspace import Workspace
from tests.support.cli import Ran
from tests.support.db import fresh_url
from tests.support.lifecycle import new_application, open_2025, review

PDF = b"%PDF-1.4\n%%EOF\n"


def _under_notice(tmp_path: Path) -> int:
    """Kunshan (江苏) recommended on Monday 2025-09-15: its notice runs to Friday 09-19."""
    ws = Workspace(fresh_url(tmp_path, "cli"), FixedClock(datetime(2025, 9, 15, 9)))  # the cli fixture's
    try:
        cycle = open_2025(ws)
        app = new_application(ws, cycle, "county", email="kunshan@example.cn")
        stage_moves.fire(ws, app["id"], "submit", Actor(Role.APPLICANT, str(app["org"])))
        review(ws, app["id"], "320000")
        stage_moves.fire(ws, app["id"], "recommend", Actor(Role.PROVINCE, "320000"))
        return int(app["id"])
    finally:
        ws.dispose()


def test_bad_objections_are_refused_and_nothing_is_stored(cli: Callable[..., Ran], tmp_path: Path) -> None:
    app = str(_under_notice(tmp_path))
    pdf, fake = tmp_path / "证据.pdf", tmp_path / "证据2.pdf"
    pdf.write_bytes(PDF)
    fake.write_bytes(b"MZ\x90\x00 not a pdf at all")
    who = ["--as", "province:320000", "--name", "王某", "--unit", "个人", "--phone", "13800000000"]
    person = [*who, "--kind", "person", "--content", "数据不实"]
    assert "--name" in cli("objection", "file", app, *person[:2], "--kind", "person", "--content", "x", expect=2).stderr
    assert "不是PDF或图片" in cli("objection", "file", app, *person, "--evidence", str(fake), expect=2).stderr
    unit = [*who, "--kind", "unit", "--content", "数据不实"]
    assert "--stamped" in cli("objection", "file", app, *unit, expect=2).stderr
    early = cli("objection", "file", app, *person, "--received", "2025-09-12", expect=3).stderr
    assert "[B4]" in early and "不在公示期内" in early
    other = cli("objection", "file", app, *[*person[:1], "province:330000", *person[2:]], expect=3).stderr
    assert "[ROLE]" in other
    assert json.loads(cli("objection", "list", "--cycle", "1", "--json").stdout) == []

    filed = json.loads(cli("objection", "file", app, *person, "--evidence", str(pdf), "--json").stdout)
    assert filed["status"] == "open" and filed["files"][0]["media_type"] == "application/pdf"
    assert filed["files"][0]["stored_as"] != "证据.pdf" and filed["notice_held"]
    listed = cli("applications", "list", "--cycle", "1", "--province", "320000").stdout
    assert "昆山市人民政府" in listed and "省级公示异议处理" in listed and "暂停" in listed
    bare = cli("objection", "resolve", str(filed["id"]), "--as", "province:320000", "--outcome", "dismissed",
               "--handler", "李处长", expect=2)  # fmt: skip
    assert "--reason" in bare.stderr
    done = cli("objection", "resolve", str(filed["id"]), "--as", "province:320000", "--outcome", "dismissed",
               "--reason", "经核实数据属实", "--handler", "李处长").stdout  # fmt: skip
    assert "异议不成立" in done and "李处长" in done


def test_bad_reports_are_refused_and_lists_name_names(cli: Callable[..., Ran], tmp_path: Path) -> None:
    _under_notice(tmp_path)
    letter = tmp_path / "推荐函.pdf"
    letter.write_bytes(PDF)
    report = ["recommendation", "report", "--cycle", "1", "--as", "province:320000", "--out", str(tmp_path)]
    assert "[B4]" in cli(*report, expect=3).stderr  # no letter
    still = cli(*report, "--letter", str(letter), expect=3).stderr  # Kunshan is still under notice
    assert "[B4]" in still and "2025年9月19日" in still and "经公示无异议后" in still
    assert "[ROLE]" in cli(*report[:4], "--as", "national", "--letter", str(letter), expect=3).stderr
    assert "nothing reported" in cli("recommendation", "versions", "--cycle", "1", "--province", "320000").stdout
    status = json.loads(cli("recommendation", "status", "--cycle", "1", "--json").stdout)
    assert {r["state"] for r in status} == {"not-yet"} and len(status) == 32

    cli(*report, "--letter", str(letter), "--now", "2025-09-22T10:00")  # the notice ended with 09-19
    (v1,) = json.loads(cli("recommendation", "versions", "--cycle", "1", "--province", "320000", "--json").stdout)
    assert v1["applications"] == [1] and v1["letter"] == "推荐函.pdf" and v1["reported_now"] == [1]
    versions = cli("recommendation", "versions", "--cycle", "1", "--province", "320000").stdout
    assert "1 application(s) listed, 1 reported now" in versions  # it printed "0 reported now" (issue 22)
    book = tmp_path / "list.xlsx"
    cli("applications", "list", "--cycle", "1", "--xlsx", str(book))
    cells = [c.value for row in load_workbook(book).active.iter_rows() for c in row]
    assert "昆山市人民政府" in cells and "国家知识产权局评审" in cells
    late = cli(*report, "--letter", str(letter), "--now", "2025-10-27T10:00", expect=3).stderr
    assert "[B4]" in late and "已过" in late
