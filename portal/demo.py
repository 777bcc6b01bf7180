"""The demonstration database ``ipcycle demo`` serves: the 2025 cycle in mid-application.

Built through the service layer only, as users would have done it: provinces with applications in
several stages, a quota table, some liaison receipts filed and most still missing, and one account
per role whose password is printed (these are demonstration accounts, not real ones).
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.accounts import users
from engine.services.applications import dossier, stage_moves
from engine.services.national import quotas
from engine.services.programmes import cycles, programme_definitions
from engine.services.province import liaison
from engine.services.reference import organisations
from engine.store.workspace import Workspace

DEMO_NOW = datetime(2025, 10, 9, 10, 0)  # a Thursday after the National Day holiday, before the 10-24 deadline
OPENED = datetime(2025, 9, 12, 9, 0)
NATIONAL = Actor(Role.NATIONAL, account="demo")


@dataclass(frozen=True)
class DemoAccount:
    login: str
    password: str
    role: str
    label: str


@dataclass(frozen=True)
class Demo:
    cycle: int
    accounts: list[DemoAccount]
    organisations: dict[str, int]
    case_calls: dict[str, int] = field(default_factory=dict)  # programme id -> the open call's cycle


# (key, name, kind, division, attributes, category, stage reached); stage None: an account but no application yet
CAST: list[tuple[str, str, str, str, dict[str, str], str | None, str | None]] = [
    ("kunshan", "昆山市人民政府", "government", "320583", {}, "county", "provincial_notice"),
    ("jiangyin", "江阴市人民政府", "government", "320281", {}, "county", "provincial_review"),
    ("changshu", "常熟市人民政府", "government", "320581", {}, "county", "provincial_review"),
    ("zhangjiagang", "张家港市人民政府", "government", "320582", {}, "county", "provincial_review"),
    ("sip", "苏州工业园区管理委员会", "park", "320500", {"park_level": "national"}, "park", "draft"),
    ("taicang", "太仓市人民政府", "government", "320585", {}, None, None),
    ("ningbo", "宁波市人民政府", "government", "330200", {}, "city", "provincial_review"),
    ("zju", "浙江大学", "university", "330106", {"education_level": "undergraduate"}, "university", "draft"),
    ("hefei", "合肥市人民政府", "government", "340100", {}, "city", "provincial_review"),
    ("chengdu", "成都市人民政府", "government", "510100", {}, "city", "provincial_notice"),
]
PLACES = 2  # per province and category: Jiangsu's county places run out after one more recommendation
RECEIPTS = {"330000": ("李四", "处长", "0571-87654321", "13900000000", "liaison@zj.example")}
# The case calls open beside it, as their notices address them (C1, D1): a later batch of the typical cases and a
# later round of the TISC call, every date given at opening (their definitions' later_editions)
CASE_CALLS: dict[str, dict[str, date]] = {
    "typical-cases": {"call-issued": date(2025, 9, 30), "submission": date(2025, 11, 28)},
    "tisc-cases": {"call-issued": date(2025, 9, 26), "phase-1": date(2025, 11, 14), "phase-2": date(2025, 12, 19)},
}
# (key, name, kind, division): a member unit of the joint conference (no division: it answers to the national
# office), a TISC and a university centre of Jiangsu (through their province, D1/D6)
SUBMITTERS: list[tuple[str, str, str, str | None]] = [
    ("miit", "工业和信息化部办公厅", "member-unit", None),
    ("njust", "南京理工大学技术与创新支持中心", "tisc", "320100"),
    ("ujs", "江苏大学国家知识产权信息服务中心", "university-centre", "321100"),
]
ACCOUNTS = [
    ("cnipa", "national", "国家知识产权局"),
    ("jiangsu", "province:320000", "江苏省知识产权局（典型案例：省知识产权工作统筹协调机制办公室）"),
    ("zhejiang", "province:330000", "浙江省知识产权局"),
    ("taicang", "applicant:{taicang}", "申报单位 太仓市人民政府"),
    ("kunshan", "applicant:{kunshan}", "申报单位 昆山市人民政府"),
    ("miit", "applicant:{miit}", "典型案例报送单位 工业和信息化部办公厅（联席会议成员单位）"),
    ("njust-tisc", "applicant:{njust}", "优秀案例报送单位 南京理工大学技术与创新支持中心（TISC）"),
    ("ujs-centre", "applicant:{ujs}", "优秀案例报送单位 江苏大学国家知识产权信息服务中心"),
]


def demo_password(login: str) -> str:
    """A password the demo prints; not the log-in itself (the password rules refuse that)."""
    return f"demo-2025-{hashlib.sha256(login.encode()).hexdigest()[:6]}"


def _file_materials(ws: Workspace, app_id: int, me: Actor) -> None:
    count = len(dossier.show_declarations(ws, app_id).declarations)
    if count:
        dossier.attest(ws, app_id, list(range(1, count + 1)), me)
    for m in dossier.show_materials(ws, app_id).materials:
        dossier.add_material_data(ws, app_id, m.id, "申报书.pdf", b"%PDF-1.4\n% demo application form\n", me)


def _review(ws: Workspace, app_id: int, province: Actor) -> None:
    for d in dossier.show_declarations(ws, app_id).declarations:
        if d.attested and d.met is None:
            dossier.record_finding(ws, app_id, d.number, True, "材料齐全", province)


def prepare_demo(ws: Workspace, clock: FixedClock, now: datetime = DEMO_NOW) -> Demo:
    """Fill an empty workspace with the demonstration cycle; the clock ends at ``now``."""
    ws.create_schema()
    programme_definitions.load_programmes(ws)
    liaison.ensure_provincial_offices(ws)
    clock.set(OPENED)
    cycle = cycles.open_cycle(ws, "demonstration-creation", 2025).id
    quotas.fill_quotas(ws, cycle, PLACES, NATIONAL, "演示名额表")
    clock.set(datetime(2025, 9, 16, 10, 0))
    for code, (name, title, phone, mobile, email) in RECEIPTS.items():
        liaison.file_receipt(ws, cycle, Actor(Role.PROVINCE, code), name, title, phone, mobile, email)
    orgs: dict[str, int] = {}
    clock.set(datetime(2025, 9, 22, 10, 0))
    to_recommend: list[tuple[int, Actor]] = []
    for key, name, kind, division, attributes, category, stage in CAST:
        org = organisations.add_organisation(ws, name=name, kind=kind, division_code=division, attributes=attributes)
        orgs[key] = org.id
        if category is None or stage is None:
            continue
        me = Actor(Role.APPLICANT, str(org.id))
        app = stage_moves.apply(ws, cycle, category, org.id, me).id
        if stage == "draft":
            continue
        _file_materials(ws, app, me)
        stage_moves.fire(ws, app, "submit", me)
        province = Actor(Role.PROVINCE, f"{division[:2]}0000")
        _review(ws, app, province)
        if stage == "provincial_notice":
            to_recommend.append((app, province))
    clock.set(now - timedelta(hours=1))  # recommended this morning: the provincial notice is running at `now`
    for app, province in to_recommend:
        stage_moves.fire(ws, app, "recommend", province, "择优推荐")
    clock.set(datetime(2025, 9, 30, 10, 0))
    case_calls = {pid: cycles.open_cycle(ws, pid, 2025, dates, NATIONAL).id for pid, dates in CASE_CALLS.items()}
    for who, title, body, where in SUBMITTERS:
        orgs[who] = organisations.add_organisation(ws, name=title, kind=body, division_code=where).id
    clock.set(now)
    made = []
    for login, role, label in ACCOUNTS:
        password = demo_password(login)
        users.create_user(ws, login, role.format(**{k: v for k, v in orgs.items()}), password)
        made.append(DemoAccount(login, password, role.format(**orgs), label))
    return Demo(cycle=cycle, accounts=made, organisations=orgs, case_calls=case_calls)


def demo_workspace(path: Path, now: datetime | None = None) -> tuple[Workspace, FixedClock, Demo]:
    """A fresh SQLite file (replaced if it exists) holding the demonstration."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    clock = FixedClock(OPENED)
    ws = Workspace(f"sqlite:///{path}", clock)
    demo = prepare_demo(ws, clock, now or DEMO_NOW)
    return ws, clock, demo


def scratch_file() -> Path:
    return Path(tempfile.gettempdir()) / "ipcycle-demo.db"
