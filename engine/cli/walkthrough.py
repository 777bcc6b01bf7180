"""``ipcycle walkthrough``: the README's main job — one 2025–2027 cycle end to end on SQLite.

It uses only the service layer, travelling with an injected clock, so what it prints is what
the commands would do on those days.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import click

from engine import applications, cycles, organisations, programmes, quotas, reports, timers
from engine.cli.common import main
from engine.clock import FixedClock
from engine.definition import Role
from engine.errors import BadInput, Refused
from engine.machine import Actor
from engine.workspace import Workspace

NATIONAL = Actor(Role.NATIONAL)
CAST = [
    ("city", "宁波市人民政府", "government", "330200", {}),
    ("county", "昆山市人民政府", "government", "320583", {}),
    ("park", "苏州工业园区管理委员会", "park", "320500", {"park_level": "national"}),
    ("service-cluster", "杭州市滨江区人民政府", "government", "330108", {}),
    ("enterprise", "某某科技股份有限公司", "company", "440305", {"entity_form": "jsc", "uscc": "91440305MA5F0000X9"}),
    ("university", "浙江大学", "university", "330106", {"education_level": "undergraduate"}),
    ("institute", "某某省农业科学院", "institute", "330102", {"founder": "local-government"}),
]


def _say(clock: FixedClock, text: str) -> None:
    click.echo(f"[{clock.now():%Y-%m-%d}] {text}")


@main.command()
@click.option(
    "--db",
    "db_path",
    default="walkthrough.db",
    show_default=True,
    type=click.Path(path_type=Path),
    help="SQLite file to (re)create for the walkthrough",
)
@click.option("--force", is_flag=True, help="replace FILE even if it is not the default walkthrough.db")
def walkthrough(db_path: Path, force: bool) -> None:
    """Run one 2025–2027 demonstration-creation cycle end to end on a fresh SQLite file."""
    if db_path.exists() and db_path.name != "walkthrough.db" and not force:
        raise BadInput(f"--db: {db_path} exists; the walkthrough replaces its file (add --force to allow it)")
    db_path.unlink(missing_ok=True)
    clock = FixedClock(datetime(2025, 9, 12, 9))
    ws = Workspace(str(db_path), clock)
    try:
        _run(ws, clock)
    finally:
        ws.dispose()
    click.echo(f"\nDone. Explore it: ipcycle status --cycle 1 --db {db_path}   ipcycle history 1 --db {db_path}")


def _run(ws: Workspace, clock: FixedClock) -> None:
    ws.create_schema()
    programmes.load_programmes(ws)
    cycle = cycles.open_cycle(ws, "demonstration-creation", 2025)
    _say(clock, f"opened cycle {cycle['id']}: {cycle['title']} {cycle['edition']}")
    for m in cycle["milestones"]:
        click.echo(f"             {m['due']}  {m['title']}")
    quotas.fill_quotas(ws, cycle["id"], 3, NATIONAL, "walkthrough: 3 places per province and category")
    _say(clock, "quota table: 3 places per province and category (attachment 2)")
    apps = []
    for category, name, kind, division, attrs in CAST:
        attrs = dict(attrs)
        uscc = attrs.pop("uscc", None)
        org = organisations.add_organisation(ws, name, kind, division, uscc, attributes=attrs)
        app = applications.apply(ws, cycle["id"], category, org["id"], Actor(Role.APPLICANT, str(org["id"])))
        apps.append((app["id"], org["id"], f"{division[:2]}0000", name, category))
    _say(clock, f"{len(apps)} organisations applied, one per category")
    idle = apps.pop()  # the research institute never submits
    for app_id, org_id, _, _, _ in apps:
        applications.fire(ws, app_id, "submit", Actor(Role.APPLICANT, str(org_id)))
    clock.set(datetime(2025, 10, 20, 10))
    for app_id, _, province, _, _ in apps:
        applications.fire(ws, app_id, "recommend", Actor(Role.PROVINCE, province), reason="省级审核通过，择优推荐")
        applications.fire(ws, app_id, "report", Actor(Role.PROVINCE, province), reason="省级公示无异议")
    _say(clock, f"provinces recommended and reported {len(apps)} applications")
    _say(clock, f"{idle[3]} has not submitted its application")
    _travel(ws, clock, datetime(2025, 10, 25, 0, 30))
    clock.set(datetime(2025, 11, 20, 10))
    for app_id, *_ in apps[:-1]:
        applications.fire(ws, app_id, "select", NATIONAL, reason="评审择优确定为创建对象")
    applications.fire(ws, apps[-1][0], "reject", NATIONAL, reason="评审未通过")
    _say(clock, f"CNIPA selected {len(apps) - 1} creation objects; public notice of 5 working days")
    _travel(ws, clock, datetime(2025, 12, 1, 0, 30))
    clock.set(datetime(2027, 10, 11, 10))
    for app_id, *_ in apps[:-2]:
        applications.fire(ws, app_id, "start_acceptance", NATIONAL)
        applications.fire(ws, app_id, "pass", NATIONAL, reason="评估验收合格")
    _say(clock, f"acceptance passed for {len(apps) - 2}; public notice of the results")
    try:
        applications.fire(ws, apps[-2][0], "pass", NATIONAL)
    except Refused as exc:
        _say(clock, f"refused as expected: {exc.failed()[0].reason_en}")
    _travel(ws, clock, datetime(2028, 1, 1, 0, 30))
    st = reports.status(ws, cycle["id"])
    _say(clock, f"status of cycle {cycle['id']}: " + ", ".join(f"{k} {v}" for k, v in st["by_stage"].items()))


def _travel(ws: Workspace, clock: FixedClock, until: datetime) -> None:
    """Tick once a day up to ``until``, narrating every timed move."""
    day = clock.now()
    while day < until:
        day = min(day + timedelta(days=1), until)
        clock.set(day)
        moved: dict[str, int] = {}
        for r in timers.tick(ws):
            moved[r["event"]] = moved.get(r["event"], 0) + len(r["moved"])
        for event, n in moved.items():
            if n:
                _say(clock, f"timed move {event}: {n} application(s)")
