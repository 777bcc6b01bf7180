"""``ipcycle walkthrough``: the README's main job — one 2025–2027 cycle end to end on SQLite.

It uses only the service layer and the scheduler's own tick, travelling with an injected clock,
so what it prints (and the mail it leaves in the sink folder) is what would happen on those days.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

import click

from engine.cli.walkthrough_2023 import run_2023
from engine.definition.model import Role
from engine.kernel.clock import FixedClock
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.applications import dossier, overview, stage_moves
from engine.services.evaluation import indicator_sets, score_records
from engine.services.national import fraud, quotas, recognition_register
from engine.services.programmes import cycles, programme_definitions, progress
from engine.services.province import liaison, report_packages
from engine.services.publicity import published_copies
from engine.services.reference import organisations
from engine.store.workspace import Workspace
from notifications.delivery.sink import FolderSink
from notifications.scheduler import Transport, scheduler_tick
from policies.reference.provinces import province_codes

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


MARK = ".ipcycle-walkthrough"  # in a mail folder the walkthrough made (so its next run may empty it)


def _clear_mail(mail_dir: Path, force: bool) -> None:
    """Empty the walkthrough's own mail folder; a folder with anything else in it is refused unless forced."""
    if not mail_dir.exists():
        return
    if not mail_dir.is_dir():
        raise BadInput(f"--mail: {mail_dir} is not a folder")
    entries = list(mail_dir.iterdir())
    if entries and not (mail_dir / MARK).exists() and not force:
        raise BadInput(f"--mail: {mail_dir} holds {len(entries)} files the walkthrough did not write (add --force "
                       "to empty it, or name another folder)")  # fmt: skip
    for old in mail_dir.glob("*.eml"):
        old.unlink()


def _prepare(ws: Workspace, app_id: int, me: Actor) -> None:
    """The applicant attests the B3 conditions and files its 申报书, as submit requires."""
    count = len(dossier.show_declarations(ws, app_id).declarations)
    dossier.attest(ws, app_id, list(range(1, count + 1)), me)
    form = _scratch("申报书.txt", "知识产权强国建设示范创建申报书（演示）\n".encode())
    for m in dossier.show_materials(ws, app_id).materials:
        dossier.add_material(ws, app_id, m.id, form, me)


def _letter() -> Path:
    """The provincial letter (推荐函) the walkthrough files: a one-page PDF."""
    return _scratch("推荐函.pdf", b"%PDF-1.4\n% walkthrough: provincial recommendation letter\n%%EOF\n")


INDICATORS = """\
indicators:   # a stand-in for attachment 3 (not in the seed)
  - {id: I1, name: 知识产权创造质量, weight: 25, maximum: 100}
  - {id: I2, name: 知识产权运用效益, weight: 25, maximum: 100}
  - {id: I3, name: 知识产权保护效果, weight: 25, maximum: 100}
  - {id: I4, name: 知识产权管理能力和服务水平, weight: 25, maximum: 100}
"""
STANDARD = "thresholds:\n  - {indicator: total, minimum: 70}\n"


def _reference_file(name: str, text: str) -> Path:
    return _scratch(f"{name}.yaml", text.encode())


_SCRATCH: list[Path] = []  # the run's private folder for the files its clerks "upload"


def _scratch(name: str, data: bytes) -> Path:
    """A file in a folder of this run's own (never a fixed name under /tmp that another run could share)."""
    if not _SCRATCH:
        _SCRATCH.append(Path(tempfile.mkdtemp(prefix="ipcycle-walkthrough-")))
    path = _SCRATCH[0] / name
    path.write_bytes(data)
    return path


def _score(ws: Workspace, app_id: int, base: int) -> None:
    """Two reviewers score every indicator (the evaluation the application's stage holds)."""
    for reviewer, delta in (("专家甲", 0), ("专家乙", 4)):
        values = {f"I{i}": str(min(100, base + delta + i)) for i in range(1, 5)}
        score_records.record_scores(ws, app_id, reviewer, values, NATIONAL)


def _say(clock: FixedClock, text: str) -> None:
    click.echo(f"[{clock.now():%Y-%m-%d}] {text}")


@click.command()
@click.option(
    "--db",
    "db_path",
    default="walkthrough.db",
    show_default=True,
    type=click.Path(path_type=Path),
    help="SQLite file to (re)create for the walkthrough",
)
@click.option("--force", is_flag=True, help="replace FILE, or empty DIR, though the walkthrough did not make them")
@click.option(
    "--mail",
    "mail_dir",
    default="walkthrough-mail",
    show_default=True,
    type=click.Path(path_type=Path),
    help="local mail sink: every e-mail the scheduler sends is written here as an .eml file",
)
def walkthrough(db_path: Path, force: bool, mail_dir: Path) -> None:
    """Run the 2023 city/county evaluation to its lists, then one 2025–2027 demonstration-creation cycle end to end
    on a fresh SQLite file."""
    if db_path.exists() and db_path.name != "walkthrough.db" and not force:
        raise BadInput(f"--db: {db_path} exists; the walkthrough replaces its file (add --force to allow it)")
    _clear_mail(mail_dir, force)
    db_path.unlink(missing_ok=True)
    clock = FixedClock(datetime(2025, 9, 12, 9))
    ws = Workspace(str(db_path), clock)
    transport = Transport(FolderSink(mail_dir), "ipcycle <ipcycle@localhost>", f"folder {mail_dir}")
    mail_dir.mkdir(parents=True, exist_ok=True)
    (mail_dir / MARK).write_text("made by ipcycle walkthrough: its next run empties this folder\n", "utf-8")
    try:
        cycle = _run(ws, clock, transport, mail_dir.parent / "walkthrough-lists")
    finally:
        ws.dispose()
        while _SCRATCH:
            shutil.rmtree(_SCRATCH.pop(), ignore_errors=True)
    click.echo(
        f"\nDone. {len(list(mail_dir.glob('*.eml')))} e-mails are in {mail_dir}/ (open any .eml file).\n"
        f"Explore: ipcycle applications list --cycle {cycle} --db {db_path}   "
        f"ipcycle recognitions list --db {db_path}   ipcycle recommendation status --cycle {cycle} --db {db_path}   "
        f"ipcycle reminders log --cycle {cycle} --db {db_path}\n"
        f"The provinces' 推荐名单 (.xlsx, .docx) are in {mail_dir.parent / 'walkthrough-lists'}/."
    )


def _run(ws: Workspace, clock: FixedClock, transport: Transport, lists_dir: Path) -> int:
    """The 2023 evaluation to its lists, then the 2025 cycle from opening to its register and a 更正."""
    ws.create_schema()
    programme_definitions.load_programmes(ws)
    liaison.ensure_provincial_offices(ws)
    offices = province_codes()
    liaison.set_office_addresses(ws, {code: f"ip-{code}@provinces.example" for code in offices})
    run_2023(ws, clock, _scratch, lambda text: _say(clock, text))
    clock.set(datetime(2025, 9, 12, 9))
    cycle = cycles.open_cycle(ws, "demonstration-creation", 2025)
    _say(clock, f"opened cycle {cycle.id}: {cycle.title} {cycle.edition}")
    for m in cycle.milestones:
        click.echo(f"             {m.due}  {m.title}")
    quotas.fill_quotas(ws, cycle.id, 3, NATIONAL, "walkthrough: 3 places per province and category")
    _say(clock, "quota table: 3 places per province and category (attachment 2)")
    apps = []
    for category, name, kind, division, attrs in CAST:
        attrs = dict(attrs)
        uscc = attrs.pop("uscc", None)
        email = f"office-{division}@applicants.example"
        org = organisations.add_organisation(ws, name, kind, division, uscc, email, attributes=attrs)
        app = stage_moves.apply(ws, cycle.id, category, org.id, Actor(Role.APPLICANT, str(org.id)))
        apps.append((app.id, org.id, f"{division[:2]}0000", name, category))
    _say(clock, f"{len(apps)} organisations applied, one per category")
    idle = apps.pop()  # the research institute never submits
    for app_id, org_id, _, _, _ in apps:
        _prepare(ws, app_id, Actor(Role.APPLICANT, str(org_id)))
        stage_moves.fire(ws, app_id, "submit", Actor(Role.APPLICANT, str(org_id)))
    _say(clock, f"{len(apps)} submitted their application to their province; {idle[3]} has not")
    late = {"650000", "660000", "540000"}  # these three file their liaison receipt only after reminders
    _travel(ws, clock, transport, datetime(2025, 9, 16, 10), from_today=True)
    for code in sorted(set(offices) - late):
        liaison.file_receipt(
            ws,
            cycle.id,
            Actor(Role.PROVINCE, code),
            "联络员",
            "处长",
            "010-12345678",
            "13800000000",
            f"liaison-{code}@provinces.example",
        )
    _say(clock, f"{len(offices) - len(late)} of {len(offices)} provinces filed their liaison receipt")
    _travel(ws, clock, transport, datetime(2025, 10, 13, 10))
    clock.set(datetime(2025, 10, 13, 10))
    for app_id, _, province, _, _ in apps:
        for d in dossier.show_declarations(ws, app_id).declarations:  # B3: the province's finding on each
            dossier.record_finding(ws, app_id, d.number, True, "经审核符合", Actor(Role.PROVINCE, province))
        stage_moves.fire(ws, app_id, "recommend", Actor(Role.PROVINCE, province), reason="省级审核通过，择优推荐")
    notice = overview.list_applications(ws, cycle.id, stage="provincial_notice")
    last = notice[0].next_deadline if notice else None
    _say(clock, f"provinces recommended {len(apps)} applications: provincial public notice (公示) of 5 working days, "
                f"to {last} (B4: 经公示无异议后报送)")  # fmt: skip
    try:
        report_packages.report(ws, cycle.id, Actor(Role.PROVINCE, apps[0][2]), letter=_letter())
    except Refused as exc:
        _say(clock, f"report refused as expected: [{exc.failed()[0].rule_id}] {exc.failed()[0].reason_en}")
    _travel(ws, clock, transport, datetime(2025, 10, 20, 10))
    clock.set(datetime(2025, 10, 20, 10))
    lists_dir.mkdir(exist_ok=True)
    for province in sorted({a[2] for a in apps}):
        province_actor = Actor(Role.PROVINCE, province)
        filed = report_packages.report(ws, cycle.id, province_actor, letter=_letter(), out_dir=lists_dir)
        _say(clock, f"{filed.province_name} reported one package with one letter: {len(filed.applications)} "
                    f"application(s), 推荐名单 in {Path(filed.xlsx or '').name} and .docx")  # fmt: skip
    nil = report_packages.report(ws, cycle.id, Actor(Role.PROVINCE, "110000"), nil_reason="宁缺毋滥，本届不推荐")
    _say(clock, f"{nil.province_name} made a nil return (本届不推荐); the others are reminded until they report")
    _travel(ws, clock, transport, datetime(2025, 10, 25, 0, 30))
    rounds = report_packages.round_status(ws, cycle.id)
    silent = sum(1 for r in rounds if r.state is report_packages.RoundState.NOT_YET)
    _say(clock, f"recommendation round: {len(rounds) - silent} provinces reported or made a nil return, "
                f"{silent} silent (named in the national digest)")  # fmt: skip
    clock.set(datetime(2025, 11, 20, 10))
    indicator_sets.load_indicators(ws, cycle.id, _reference_file("indicators", INDICATORS), NATIONAL)
    for n, (app_id, *_) in enumerate(apps):
        _score(ws, app_id, 90 - 6 * n)
    _say(clock, f"experts scored {len(apps)} applications against 4 indicators (attachment 3)")
    for app_id, *_ in apps[:-1]:
        stage_moves.fire(ws, app_id, "select", NATIONAL, reason="评审择优确定为创建对象")
    stage_moves.fire(ws, apps[-1][0], "reject", NATIONAL, reason="评审未通过")
    _say(clock, f"CNIPA selected {len(apps) - 1} creation objects; public notice of 5 working days")
    _travel(ws, clock, transport, datetime(2025, 12, 1, 0, 30))
    objects = published_copies.publish_list_copy(ws, cycle.id, "creation-objects", NATIONAL)
    _say(clock, f"published {objects.title}: {objects.units} creation objects (on the public page /lists)")
    clock.set(datetime(2027, 10, 11, 10))
    indicator_sets.load_standard(ws, cycle.id, _reference_file("standard", STANDARD), NATIONAL)
    for app_id, *_ in apps[:-2]:
        stage_moves.fire(ws, app_id, "start_acceptance", NATIONAL)
        _score(ws, app_id, 80)
        stage_moves.fire(ws, app_id, "pass", NATIONAL, reason="评估验收合格")
    _say(clock, f"acceptance passed for {len(apps) - 2}; public notice of the results")
    try:
        stage_moves.fire(ws, apps[-2][0], "pass", NATIONAL)
    except Refused as exc:
        _say(clock, f"refused as expected: {exc.failed()[0].reason_en}")
    _travel(ws, clock, transport, datetime(2028, 1, 1, 0, 30))
    units = recognition_register.list_recognitions(ws, status="valid")
    _say(clock, f"register of demonstration units: {len(units)} valid (ipcycle recognitions list)")
    published = published_copies.publish_list_copy(ws, cycle.id, "demonstration-units", NATIONAL)
    _say(clock, f"published {published.title}: {published.units} units")
    clock.set(datetime(2028, 3, 6, 10))
    (cheat,) = [u for u in units if u.cycle == cycle.id and u.application == apps[0][0]]
    fraud.cancel_recognition(ws, cheat.id, NATIONAL, "经核实，申报材料中的数据弄虚作假")
    for copy in published_copies.published_lists(ws):
        if copy.cycle == cycle.id and copy.changes:
            gone = "; ".join(f"{c.organisation}: {c.change_zh}（{c.reason}）" for c in copy.changes)
            _say(clock, f"{copy.title} corrected (更正), version {copy.version}: {copy.units} units; removed {gone}")
    st = progress.status(ws, cycle.id)
    _say(clock, f"status of cycle {cycle.id}: " + ", ".join(f"{k} {v}" for k, v in st.by_stage.items()))
    return cycle.id


def _travel(ws: Workspace, clock: FixedClock, transport: Transport, until: datetime, from_today: bool = False) -> None:
    """Run the scheduler's tick each morning up to ``until``, narrating timed moves and mail sent."""
    day = clock.now() - timedelta(days=1) if from_today else clock.now()
    while day < until:
        day = min(datetime.combine(day.date() + timedelta(days=1), datetime.min.time()).replace(hour=9), until)
        clock.set(max(day, clock.now()))
        report = scheduler_tick(ws, transport)
        moved: dict[str, int] = {}
        for r in report.moves:
            moved[r.event] = moved.get(r.event, 0) + len(r.moved)
        for event, n in moved.items():
            if n:
                _say(clock, f"timed move {event}: {n} application(s)")
        planned = ", ".join(f"{p['audience']} {p['planned']}" for p in report.planned if p["planned"])
        if report.sent.get("sent"):
            _say(clock, f"mail sent: {report.sent['sent']}" + (f" (reminders: {planned})" if planned else ""))
