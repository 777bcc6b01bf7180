"""The command-line contract: exit codes, JSON shapes, --now, --dates and pinned definitions."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import Ran
from tests.support.paths import REPO


def js(proc: Ran | subprocess.CompletedProcess[str]) -> Any:
    return json.loads(proc.stdout)


def test_a_cycle_through_the_cli(cli, tmp_path: Path) -> None:
    cycle = js(cli("cycle", "open", "--as", "national", "demonstration-creation", "--edition", "2025", "--json"))
    dates = {m["id"]: m["due"] for m in cycle["milestones"]}
    assert dates == {
        "application-opens": "2025-09-12",
        "liaison-receipt": "2025-09-19",
        "recommendation": "2025-10-24",
        "acceptance-opens": "2027-01-01",
        "acceptance": "2027-12-31",
    }
    org = js(
        cli(
            "org",
            "add",
            "--as",
            "national",
            "--name",
            "昆山市人民政府",
            "--kind",
            "government",
            "--division",
            "320583",
            "--json",
        )
    )
    (tmp_path / "quota.csv").write_text("province_code,category,quota\n320000,county,2\n", "utf-8")
    assert (
        "Missing option '--as'" in cli("quota", "import", str(tmp_path / "quota.csv"), "--cycle", "1", expect=2).stderr
    )
    cli("quota", "import", str(tmp_path / "quota.csv"), "--cycle", str(cycle["id"]), "--as", "national")
    app = js(cli("apply", "--cycle", str(cycle["id"]), "--category", "county", "--org", str(org["id"]), "--json"))
    assert app == {"id": app["id"], "stage": "draft"}
    me, a = f"applicant:{org['id']}", str(app["id"])
    refused = cli("fire", a, "submit", "--as", me, expect=3)  # B3 conditions and the 申报书 come first
    assert "[B3]" in refused.stderr and "知识产权强国建设示范创建申报书" in refused.stderr
    cli("declaration", "attest", a, "1", "2", "3", "--as", me)
    (tmp_path / "申报书.pdf").write_bytes(b"%PDF-1.4")
    cli("material", "add", a, "application-form", str(tmp_path / "申报书.pdf"), "--as", me)
    moved = js(cli("fire", a, "submit", "--as", me, "--json"))
    assert moved["stage"] == "provincial_review"
    for n in ("1", "2", "3"):
        cli("declaration", "find", a, n, "--met", "--as", "province:320000")
    nxt = js(cli("next", str(app["id"]), "--as", "province:320000", "--json"))
    assert {r["event"]: r["to"] for r in nxt} == {"recommend": "provincial_notice", "decline": "not_recommended"}

    refused = cli("fire", str(app["id"]), "recommend", "--as", "province:320000", "--now", "2025-10-27", expect=3)
    assert "[B4]" in refused.stderr and "2025-10-24" in refused.stderr
    cli("fire", str(app["id"]), "recommend", "--as", "province:320000", "--reason", "择优推荐")

    hist = js(cli("history", str(app["id"]), "--json"))
    assert [e["event"] for e in hist["events"]] == ["apply", "submit", "recommend"]
    assert hist["events"][-1]["reason"] == "择优推荐" and hist["events"][-1]["role"] == "province"
    st = js(cli("status", "--cycle", str(cycle["id"]), "--province", "320000", "--json"))
    assert st["by_stage"] == {"provincial_notice": 1} and st["by_province"] == {"320000": {"provincial_notice": 1}}


def test_bad_input_exits_2_and_names_the_problem(cli) -> None:
    assert (
        "unknown programme 'nope'"
        in cli("cycle", "open", "--as", "national", "nope", "--edition", "2025", expect=2).stderr
    )
    assert (
        "没有2026年这一届次"
        in cli("cycle", "open", "--as", "national", "demonstration-creation", "--edition", "2026", expect=2).stderr
    )
    assert "--as" in cli("fire", "1", "submit", "--as", "governor", expect=2).stderr
    assert "没有第99号申报" in cli("fire", "99", "submit", "--as", "national", expect=2).stderr
    assert "--kind" in cli("org", "add", "--as", "national", "--name", "x", "--kind", "club", expect=2).stderr
    assert "--now" in cli("status", "--cycle", "1", "--now", "yesterday", expect=2).stderr
    cli("fire", expect=2)


def test_next_edition_derives_its_dates_and_a_dates_file_wins(cli, tmp_path: Path) -> None:
    derived = js(cli("cycle", "open", "--as", "national", "demonstration-creation", "--edition", "2028", "--json"))
    assert {m["id"]: m["due"] for m in derived["milestones"]}["acceptance"] == "2030-12-31"
    dates = tmp_path / "dates.yaml"
    dates.write_text("liaison-receipt: 2031-09-26\nrecommendation: 2031-10-31\n", "utf-8")
    given = js(
        cli(
            "cycle",
            "open",
            "--as",
            "national",
            "demonstration-creation",
            "--edition",
            "2031",
            "--dates",
            str(dates),
            "--json",
        )
    )
    by_id = {m["id"]: (m["due"], m["source"]) for m in given["milestones"]}
    assert by_id["recommendation"] == ("2031-10-31", "given")
    assert by_id["application-opens"] == ("2031-09-12", "definition")
    dates.write_text("recomendation: 2034-10-31\n", "utf-8")
    err = cli(
        "cycle",
        "open",
        "--as",
        "national",
        "demonstration-creation",
        "--edition",
        "2034",
        "--dates",
        str(dates),
        expect=2,
    ).stderr
    assert "recomendation" in err
    assert len(js(cli("cycle", "list", "--json"))) == 2


def test_a_running_cycle_keeps_the_definition_it_was_opened_with(cli, tmp_path: Path) -> None:
    cli("cycle", "open", "--as", "national", "demonstration-creation", "--edition", "2025")
    edited = tmp_path / "workflows"
    edited.mkdir()
    text = (REPO / "workflows" / "demonstration-creation.yaml").read_text("utf-8")
    shutil.copy(REPO / "workflows" / "demonstration-creation.yaml", edited / "x.yaml")
    (edited / "x.yaml").write_text(text.replace("due: {month: 10, day: 24}", "due: {month: 11, day: 24}"), "utf-8")
    from engine.kernel.clock import FixedClock
    from engine.services.programmes.cycles import open_cycle, show_cycle
    from engine.services.programmes.programme_definitions import load_programmes
    from engine.store.workspace import Workspace

    ws = Workspace(cli.url, FixedClock.__new__(FixedClock))
    ws.clock = FixedClock(__import__("datetime").datetime(2025, 9, 20))
    load_programmes(ws, [edited / "x.yaml"])
    old = {m.id: m.due for m in show_cycle(ws, 1).milestones}
    new = {m.id: m.due for m in open_cycle(ws, "demonstration-creation", 2028).milestones}
    ws.dispose()
    assert old["recommendation"] == __import__("datetime").date(2025, 10, 24)
    assert new["recommendation"] == __import__("datetime").date(2028, 11, 24)


def test_validate_reports_file_and_line(cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    text = (REPO / "workflows" / "demonstration-creation.yaml").read_text("utf-8")
    bad.write_text(text.replace("guard: entity-form", "guard: entity-shape"), "utf-8")
    err = cli("programme", "validate", str(bad), expect=2).stderr
    assert err.startswith(f"{bad}:") and "unknown guard 'entity-shape'" in err
    ok = cli("programme", "validate", str(REPO / "workflows" / "demonstration-creation.yaml"))
    assert ok.stdout.strip().endswith("ok (demonstration-creation)")


def test_programme_commands(cli) -> None:
    listed = js(cli("programme", "list", "--json"))
    creation = next(r for r in listed if r["id"] == "demonstration-creation")
    assert creation["visibility"] == "public"
    shown = js(cli("programme", "show", "demonstration-creation", "--json"))
    assert len(shown["categories"]) == 7 and "disqualify" in shown["events"]
    assert cli("programme", "diagram", "demonstration-creation", "--format", "dot").stdout.startswith("digraph")
    schema = js(cli("programme", "schema"))
    assert "transitions" in schema["properties"] and "Transition" in schema["$defs"]
    assert "Usage" in cli("fire", "--help").stdout


def test_impossible_dates_and_codes_are_bad_input(cli, tmp_path: Path) -> None:
    dates = tmp_path / "dates.yaml"
    dates.write_text("recommendation: 2031-02-30\n", "utf-8")
    err = cli(
        "cycle",
        "open",
        "--as",
        "national",
        "demonstration-creation",
        "--edition",
        "2031",
        "--dates",
        str(dates),
        expect=2,
    ).stderr
    assert "cannot read dates" in err
    assert "not a province code" in cli("next", "1", "--as", "province:990000", expect=2).stderr
    assert "not a province code" in cli("status", "--cycle", "1", "--province", "12", expect=2).stderr
    assert "cannot use" in cli("status", "--cycle", "1", "--db", "nosuchdriver://x", expect=2).stderr
    assert cli("cycle", "list", "--json").stdout.strip() == "[]"


def test_now_as_a_bare_date_means_nine_in_the_morning() -> None:
    from datetime import datetime

    from engine.kernel.clock import parse_now

    assert parse_now("2025-09-16") == parse_now("20250916") == datetime(2025, 9, 16, 9)
    assert parse_now("2025-09-16T00:00") == datetime(2025, 9, 16, 0, 0)
    assert parse_now("2025-09-16T08:00+00:00") == datetime(2025, 9, 16, 16, 0)


def test_apply_keeps_an_application_in_its_own_province(cli) -> None:
    cli("cycle", "open", "--as", "national", "demonstration-creation", "--edition", "2025")
    org = js(
        cli(
            "org",
            "add",
            "--as",
            "national",
            "--name",
            "昆山市人民政府",
            "--kind",
            "government",
            "--division",
            "320583",
            "--json",
        )
    )
    err = cli(
        "apply", "--cycle", "1", "--category", "county", "--org", str(org["id"]), "--province", "110000", expect=2
    )
    assert "昆山市人民政府位于江苏省，不在北京市" in err.stderr
    err = cli(
        "apply", "--cycle", "1", "--category", "county", "--org", str(org["id"]), "--province", "999999", expect=2
    )
    assert "不是省级行政区划代码" in err.stderr


def test_given_dates_that_close_a_window_before_it_opens_are_refused(cli, tmp_path: Path) -> None:
    dates = tmp_path / "dates.yaml"
    dates.write_text("application-opens: 2031-10-30\nrecommendation: 2031-10-24\n", "utf-8")
    err = cli(
        "cycle",
        "open",
        "--as",
        "national",
        "demonstration-creation",
        "--edition",
        "2031",
        "--dates",
        str(dates),
        expect=2,
    ).stderr
    assert "开始日期（2031-10-30）晚于截止日期" in err
    assert cli("cycle", "list", "--json").stdout.strip() == "[]"


@pytest.mark.system  # a real process
def test_the_real_entry_point_exits_3_on_a_refused_move_and_2_on_bad_input(tmp_path: Path) -> None:
    """The contract as a script sees it, from a new ``python -m engine.cli`` rather than the in-process runner."""
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    env = {**os.environ, "PYTHONPATH": path, "IPCYCLE_DB": str(tmp_path / "cli.db"), "IPCYCLE_NOW": "2025-09-15T10:00"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "engine.cli", *args]
        return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)

    assert run("init").returncode == 0
    assert run("cycle", "open", "--as", "national", "demonstration-creation", "--edition", "2025").returncode == 0
    org = js(
        run(
            "org",
            "add",
            "--as",
            "national",
            "--name",
            "昆山市人民政府",
            "--kind",
            "government",
            "--division",
            "320583",
            "--json",
        )
    )
    app = js(run("apply", "--cycle", "1", "--category", "county", "--org", str(org["id"]), "--json"))
    refused = run("fire", str(app["id"]), "submit", "--as", f"applicant:{org['id']}")
    assert refused.returncode == 3 and refused.stdout == ""
    assert refused.stderr.startswith("refused: ") and "[B3]" in refused.stderr
    bad = run("fire", str(app["id"]), "submit", "--as", "governor")
    assert bad.returncode == 2 and "--as: 'governor'" in bad.stderr
    assert js(run("history", str(app["id"]), "--json"))["events"][-1]["event"] == "apply"  # nothing changed
