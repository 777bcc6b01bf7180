"""Liaison receipts as a provincial clerk files them, the offices that exist from the start, and the
cycle's milestones exported to a calendar file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from engine.services.province import liaison
from tests.support.reminders_support import cli, creation_workspace, open_creation_2025

RECEIPT = ["--name", "张敏", "--title", "知识产权保护处处长", "--phone", "025-83271234", "--mobile", "13912345678"]


@pytest.fixture
def db(tmp_path: Path) -> str:
    with creation_workspace(tmp_path) as (ws, _):
        liaison.ensure_provincial_offices(ws)
        open_creation_2025(ws)
        return ws.url


def test_the_provincial_offices_exist_once(tmp_path: Path) -> None:
    with creation_workspace(tmp_path) as (ws, _):
        assert liaison.ensure_provincial_offices(ws) == 32
        assert liaison.ensure_provincial_offices(ws) == 0
        code, out = cli("org", "list", "--db", ws.url, "--json")
    offices = {o["division_code"]: o["name"] for o in json.loads(out) if o["kind"] == "provincial-office"}
    assert len(offices) == 32 and offices["660000"] == "新疆生产建设兵团知识产权局"
    assert offices["320000"] == "江苏省知识产权局"


def test_a_province_files_and_corrects_its_receipt(db: str) -> None:
    file = ["liaison", "file", "--cycle", "1", "--db", db, "--json", *RECEIPT]
    code, out = cli(*file, "--as", "province:320000", "--email", "zhangmin@jsip.example.cn", "--now", "2025-09-15")
    assert code == 0
    filed = json.loads(out)
    assert filed["province_name"] == "江苏省" and filed["amended"] is False and filed["late"] is False
    code, out = cli(*file, "--as", "province:320000", "--email", "ipc@jsip.example.cn", "--now", "2025-09-22")
    corrected = json.loads(out)
    assert corrected["amended"] is True and corrected["late"] is False  # filed on time, corrected later
    listing = json.loads(cli("liaison", "list", "--cycle", "1", "--db", db, "--json")[1])
    assert listing["missing"] == 31 and listing["due"] == "2025-09-19"
    jiangsu = next(p for p in listing["provinces"] if p["province"] == "320000")
    assert jiangsu["liaison"]["email"] == "ipc@jsip.example.cn"
    assert "MISSING" in cli("liaison", "list", "--cycle", "1", "--db", db)[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--as", "province:330000", "--province", "320000", "--email", "a@b.cn"],
            "--province: 省级知识产权局只报送本省",
        ),
        (["--as", "national", "--email", "a@b.cn"], "--province: 国家知识产权局代为登记回执时，须写明"),
        (["--as", "province:320000", "--email", "张敏 <a@b.cn>"], "--email: 电子邮箱“张敏 <a@b.cn>”不是电子邮件地址"),
        (["--as", "province:320000", "--email", "a@b.cn\r\nBcc: x@evil.cn"], "--email: 电子邮箱不能含换行"),
        (
            ["--as", "province:320000", "--email", "a@b.cn", "--mobile", "12345"],
            "--mobile: 手机“12345”不是大陆手机号码",
        ),
        (["--as", "applicant:1", "--email", "a@b.cn"], "--as: 联络员回执由省级知识产权局报送"),
    ],
)
def test_a_bad_receipt_is_refused_and_nothing_is_stored(db: str, args: list[str], message: str) -> None:
    code, out = cli("liaison", "file", "--cycle", "1", "--db", db, *RECEIPT, *args)
    assert code == 2 and message in out
    assert json.loads(cli("liaison", "list", "--cycle", "1", "--db", db, "--json")[1])["missing"] == 32


def test_the_national_office_records_a_receipt_received_by_mail(db: str) -> None:
    code, out = cli("liaison", "file", "--cycle", "1", "--db", db, "--json", *RECEIPT,
                    "--as", "national", "--province", "660000", "--email", "ip@xpcc.example.cn")  # fmt: skip
    assert code == 0 and json.loads(out)["province_name"] == "新疆生产建设兵团"


def test_the_cycle_calendar_exports_every_milestone(db: str, tmp_path: Path) -> None:
    target = tmp_path / "cycle.ics"
    code, _ = cli("cycle", "calendar", "--cycle", "1", "--ics", str(target), "--db", db, "--now", "2025-09-12")
    assert code == 0
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    days = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in events}
    assert days == {
        "知识产权强国建设示范创建2025：组织申报开始（通知印发）": date(2025, 9, 12),
        "知识产权强国建设示范创建2025：报送工作联络员回执": date(2025, 9, 19),
        "知识产权强国建设示范创建2025：完成推荐及材料报送": date(2025, 10, 24),
        "知识产权强国建设示范创建2025：评估验收开始（创建期最后一年）": date(2027, 1, 1),
        "知识产权强国建设示范创建2025：评估验收和公示认定完成": date(2027, 12, 31),
    }
    first = {str(e["UID"]) for e in events}
    cli("cycle", "calendar", "--cycle", "1", "--ics", str(target), "--db", db, "--now", "2025-10-01")
    assert {str(e["UID"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")} == first  # re-import moves


def test_the_national_office_gives_the_offices_their_addresses_from_a_file(tmp_path: Path, db: str) -> None:
    csv = tmp_path / "offices.csv"
    csv.write_text("code,email\n320000,office@jsip.example.cn\n660000,ip@xjbt.example.cn\n", encoding="utf-8")
    code, out = cli("liaison", "offices", "import", "--as", "national", str(csv), "--db", db)
    assert code == 0 and "2 office addresses imported" in out
    code, out = cli("org", "list", "--db", db, "--json")
    offices = [o for o in json.loads(out) if o["kind"] == "provincial-office"]
    assert len(offices) == 32  # addressed, not duplicated
    assert {o["division_code"]: o["email"] for o in offices}["660000"] == "ip@xjbt.example.cn"

    bad = tmp_path / "bad.csv"
    bad.write_text("320000,new@jsip.example.cn\n320500,x@example.cn\n110000,not-an-address\n", encoding="utf-8")
    code, out = cli("liaison", "offices", "import", "--as", "national", str(bad), "--db", db)
    assert code == 2 and "bad.csv 第2行" in out and "bad.csv 第3行" in out and "不是有效的电子邮箱" in out
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes("320000,办公室@example.cn".encode("gbk"))
    code, out = cli("liaison", "offices", "import", "--as", "national", str(gbk), "--db", db)
    assert code == 2 and "UTF-8" in out
    code, out = cli("org", "list", "--db", db, "--json")
    assert {o["division_code"]: o["email"] for o in json.loads(out) if o["kind"] == "provincial-office"}[
        "320000"
    ] == "office@jsip.example.cn"  # nothing of the bad files was kept


def test_a_roster_row_of_kind_provincial_office_addresses_the_existing_office(tmp_path: Path, db: str) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,kind,division_code,email\n江苏省知识产权局,provincial-office,320000,a@jsip.example.cn\n")
    code, out = cli("org", "import", "--as", "national", str(roster), "--db", db)
    assert code == 0, out
    code, out = cli("org", "list", "--db", db, "--json")
    jiangsu = [o for o in json.loads(out) if o["division_code"] == "320000"]
    assert [o["email"] for o in jiangsu] == ["a@jsip.example.cn"]


def test_an_organisation_name_with_a_line_break_is_refused(db: str) -> None:
    code, out = cli(
        "org", "add", "--as", "national", "--db", db, "--name", "某公司\nBcc: x@evil.example", "--kind", "company"
    )
    assert code == 2 and "--name" in out and "换行" in out


def test_a_programme_without_a_liaison_step_refuses_a_receipt(tmp_path: Path) -> None:
    from engine.definition.model import Role
    from engine.kernel.errors import BadInput
    from engine.machine.machine import Actor
    from engine.services.programmes import cycles
    from engine.services.programmes.programme_definitions import load_programmes
    from engine.store.workspace import Workspace
    from tests.support.db import fresh_url
    from tests.support.reminders_support import WORKFLOWS_DIR

    ws = Workspace(fresh_url(tmp_path))
    ws.create_schema()
    load_programmes(ws, [WORKFLOWS_DIR / "typical-cases.yaml"])
    cycle = cycles.open_cycle(ws, "typical-cases", 2024).id
    with pytest.raises(BadInput, match="不设联络员回执") as refused:
        liaison.file_receipt(ws, cycle, Actor(Role.PROVINCE, "320000"), "王五", "处长", "025-83456789", "13700000000",
                             "l@js.example")  # fmt: skip
    assert refused.value.field == "cycle"
    assert liaison.list_receipts(ws, cycle).missing == 32
    ws.dispose()
