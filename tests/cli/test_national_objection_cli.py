"""Objections to the national office's own notices from the command line: filed and resolved ``--as national``,
refused for a province, and listed with the notice they were filed to."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from engine.kernel.clock import FixedClock
from engine.store.workspace import Workspace
from tests.support.cli import Ran
from tests.support.db import fresh_url
from tests.support.lifecycle import drive, new_application, open_2025

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def cli_now() -> str:
    return "2025-10-09T10:00"  # 昆山 was selected on 30 September: its 创建对象公示 runs to 13 October


def _selected(tmp_path: Path) -> int:
    clock = FixedClock(datetime(2025, 9, 15, 9))
    ws = Workspace(fresh_url(tmp_path, "cli"), clock)  # the cli fixture's database
    try:
        app = new_application(ws, open_2025(ws), "county")
        assert drive(ws, clock, app, "selection_notice") == "selection_notice"
        return int(app["id"])
    finally:
        ws.dispose()


def test_the_national_office_files_and_resolves_an_objection_to_its_own_notice(
    cli: Callable[..., Ran], tmp_path: Path
) -> None:
    app = str(_selected(tmp_path))
    pdf = tmp_path / "证据.pdf"
    pdf.write_bytes(PDF)
    person = ["--name", "王某", "--unit", "个人", "--phone", "13800000000", "--kind", "person", "--content", "数据不实"]
    refused = cli("objection", "file", app, "--as", "province:320000", *person, expect=3).stderr
    assert "[ROLE]" in refused
    filed = cli("objection", "file", app, "--as", "national", *person, "--evidence", str(pdf)).stdout
    assert "notice national (创建对象公示) 2025-09-30 – 2025-10-13 (held)" in filed
    (row,) = json.loads(cli("objection", "list", "--cycle", "1", "--json").stdout)
    assert (row["national"], row["notice"], row["stage"]) == (True, None, "创建对象公示异议处理")
    done = cli("objection", "resolve", str(row["id"]), "--as", "national", "--outcome", "dismissed",
               "--reason", "经核实数据属实", "--handler", "李处长").stdout  # fmt: skip
    assert "异议不成立" in done and "application now: 创建对象公示" in done
