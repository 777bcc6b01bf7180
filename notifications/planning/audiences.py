"""Who still owes what before a milestone: the audiences that reminder rules name.

Each audience answers two questions from the database: who owes something now (planning), and
which recipients of a claimed batch still do (asked again at sending time, so a reminder whose
reason has gone is cancelled; one query for the batch, not one per mail). Whoever owes nothing is
not an audience member and gets nothing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.definition.model import ANY_STAGE, Programme, Role
from engine.services.programmes.cycles import cycle_programme
from engine.services.province.liaison import offices, province_addressee, receipts
from engine.services.province.report_packages import RoundState, latest_packages, province_rounds
from engine.store.core import Application, Cycle, Organisation
from engine.store.liaison import LiaisonReceipt
from engine.store.outbox import OutboxMessage
from engine.store.registers import MaterialFile
from engine.store.round import ReportPackage
from engine.store.workspace import Workspace
from notifications.outbox.claims import StillOwed
from notifications.planning.case_audiences import CASE_MINIMUM_SHORTFALLS
from notifications.planning.owing import MAX_LISTED, Audience, Owing, RollLine
from policies.reference.provinces import province_codes


def owing_stages(p: Programme, role: Role, milestone: str) -> frozenset[str]:
    """Stages in which ``role`` must still act before ``milestone``: the sources of its moves in a
    window closing then, plus stages from which its own moves lead back into them (objections)."""
    windows = {wid for wid, w in p.windows.items() if w.closes == milestone}
    final = p.final_stages()
    found = {src for t in p.transitions if role in t.roles and t.window in windows for src in p.sources(t)}
    grew = True
    while grew:
        grew = False
        for t in p.transitions:
            if role in t.roles and t.to in found and ANY_STAGE not in t.from_:
                new = {src for src in p.sources(t) if src not in found and src not in final}
                found |= new
                grew = grew or bool(new)
    return frozenset(found)


@lru_cache(maxsize=64)
def _stages(snapshot: str, role: Role, milestone: str) -> frozenset[str]:
    from engine.definition.loader import programme_from_snapshot

    return owing_stages(programme_from_snapshot(snapshot), role, milestone)


def _province_code(row: OutboxMessage) -> str:
    return row.recipient.removeprefix("province:")


def _by_milestone(rows: list[OutboxMessage]) -> dict[str, list[OutboxMessage]]:
    out: dict[str, list[OutboxMessage]] = defaultdict(list)
    for row in rows:
        out[row.milestone or ""].append(row)
    return out


# -- provinces that have not filed their liaison receipt --------------------------------------


def _liaison_owing(ws: Workspace, s: Session, p: Programme, cycle: Cycle, milestone: str) -> list[Owing]:
    filed, office_rows = receipts(s, cycle.id), offices(s)
    out = []
    for code, name in province_codes().items():
        if code in filed:
            continue
        label, address = province_addressee(office_rows.get(code), None, name)
        item = "工作联络员回执（联络员姓名、职务、办公电话、手机、电子邮箱）"
        out.append(Owing(f"province:{code}", label, address, [item], 1, "未报送联络员回执", [], code))
    return out


def _liaison_still_owed(ws: Workspace, s: Session, p: Programme, cycle: Cycle, rows: list[OutboxMessage]) -> set[int]:
    codes = {_province_code(r) for r in rows}
    q = select(LiaisonReceipt.province_code).where(
        LiaisonReceipt.cycle_id == cycle.id, LiaisonReceipt.province_code.in_(codes)
    )
    filed = set(s.scalars(q))
    return {r.id for r in rows if _province_code(r) not in filed}


# -- provinces with applications not yet recommended and reported ----------------------------


PendingRow = tuple[int, str, str, str, int, str, str | None]  # app, province, category, stage, org, name, email


def _pending_rows(s: Session, cycle: Cycle, stages: frozenset[str]) -> list[PendingRow]:
    q = (
        select(
            Application.id,
            Application.province_code,
            Application.category,
            Application.stage,
            Organisation.id,
            Organisation.name,
            Organisation.email,
        )
        .join(Organisation, Organisation.id == Application.organisation_id)
        .where(Application.cycle_id == cycle.id, Application.stage.in_(stages))
        .order_by(Application.province_code, Application.id)
    )
    return s.execute(q).all()  # type: ignore[return-value]  # rows unpack and index like the tuples they stand for


@dataclass(frozen=True)
class Backlog:
    """One province's applications still to decide: how many, the first MAX_LISTED, their categories."""

    total: int
    listed: list[tuple[int, str, str, str]]  # application id, category, stage, organisation name; by id
    categories: list[str]  # in the order they first appear, by application id


def _backlogs(s: Session, cycle: Cycle, stages: frozenset[str]) -> dict[str, Backlog]:
    """Per province (in code order), what its reminder lists: two small queries, not a row per application
    (a national cycle has tens of thousands under provincial review and a mail lists thirty)."""
    pending = (Application.cycle_id == cycle.id, Application.stage.in_(stages))
    counts = (
        select(Application.province_code, Application.category, func.count(), func.min(Application.id))
        .where(*pending)
        .group_by(Application.province_code, Application.category)
        .order_by(Application.province_code, func.min(Application.id))
    )
    ranked = (
        select(Application.id, Application.province_code, Application.category, Application.stage,
               Application.organisation_id,
               func.row_number().over(partition_by=Application.province_code, order_by=Application.id).label("n"))
        .where(*pending)
        .subquery()
    )  # fmt: skip
    first = (
        select(ranked.c.id, ranked.c.province_code, ranked.c.category, ranked.c.stage, Organisation.name)
        .join(Organisation, Organisation.id == ranked.c.organisation_id)
        .where(ranked.c.n <= MAX_LISTED)
        .order_by(ranked.c.province_code, ranked.c.id)
    )
    totals: dict[str, int] = defaultdict(int)
    categories: dict[str, list[str]] = defaultdict(list)
    for code, category, count, _ in s.execute(counts):
        totals[code] += count
        categories[code].append(category)
    listed: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)
    for app_id, code, category, stage, name in s.execute(first):
        listed[code].append((app_id, category, stage, name))
    return {code: Backlog(total, listed[code], categories[code]) for code, total in totals.items()}


def _backlog_lines(p: Programme, backlog: Backlog, titles: dict[str, str]) -> tuple[list[str], list[str]]:
    """The listed lines and the contact groups of one province's backlog."""
    names = {c: _category(p, c) for c in backlog.categories}
    lines = [
        f"{org}（{names[cat][0]}，申报编号{app_id}）：{titles[stage]}" for app_id, cat, stage, org in backlog.listed
    ]
    return lines, _groups([names[c][1] for c in backlog.categories])


def _category(p: Programme, category: str) -> tuple[str, str | None]:
    c = p.category(category)
    return (c.name, c.contact_group) if c else (category, None)


def _categories(p: Programme, rows: list[PendingRow]) -> dict[str, tuple[str, str | None]]:
    """Name and contact group per category of ``rows``, looked up once per plan rather than per row."""
    return {cat: _category(p, cat) for cat in {r[2] for r in rows}}


def _stage_titles(p: Programme) -> dict[str, str]:
    return {st.id: st.title for st in p.stages}


def _unreported_owing(ws: Workspace, s: Session, p: Programme, cycle: Cycle, milestone: str) -> list[Owing]:
    stages = _stages(cycle.version.text, Role.PROVINCE, milestone)
    if not stages:
        return []
    titles = _stage_titles(p)
    filed, office_rows, names = receipts(s, cycle.id), offices(s), province_codes()
    out = []
    for code, backlog in _backlogs(s, cycle, stages).items():
        label, address = province_addressee(office_rows.get(code), filed.get(code), names.get(code, code))
        missing, groups = _backlog_lines(p, backlog, titles)
        summary = f"{backlog.total}项申报未完成推荐报送"
        out.append(Owing(f"province:{code}", label, address, missing, backlog.total, summary, groups, code))
    return out


def _unreported_still_owed(
    ws: Workspace, s: Session, p: Programme, cycle: Cycle, rows: list[OutboxMessage]
) -> set[int]:
    owed = set()
    for milestone, some in _by_milestone(rows).items():
        stages = _stages(cycle.version.text, Role.PROVINCE, milestone)
        q = (
            select(Application.province_code)
            .distinct()
            .where(
                Application.cycle_id == cycle.id,
                Application.province_code.in_({_province_code(r) for r in some}),
                Application.stage.in_(stages),
            )
        )
        pending = set(s.scalars(q))
        owed |= {r.id for r in some if _province_code(r) in pending}
    return owed


# -- provinces that have neither reported nor made a nil return (B4, 004 §五) -------------------


def _not_reported_owing(ws: Workspace, s: Session, p: Programme, cycle: Cycle, milestone: str) -> list[Owing]:
    """Every provincial office without a report package, with or without applications: a silent province
    is reminded too, so a nil return and a forgotten one can be told apart."""
    reported = latest_packages(s, cycle.id)
    stages = _stages(cycle.version.text, Role.PROVINCE, milestone)
    backlogs = _backlogs(s, cycle, stages) if stages else {}
    titles, nothing = _stage_titles(p), Backlog(0, [], [])
    filed, office_rows = receipts(s, cycle.id), offices(s)
    out = []
    for code, name in province_codes().items():
        if code in reported:
            continue
        label, address = province_addressee(office_rows.get(code), filed.get(code), name)
        backlog = backlogs.get(code, nothing)
        missing, groups = _backlog_lines(p, backlog, titles)
        total = backlog.total
        summary = f"未报送推荐名单（{total}项申报待办）" if total else "未报送推荐名单，也未报送“本届不推荐”（无申报）"
        out.append(Owing(f"province:{code}", label, address, missing, total, summary, groups, code))
    return out


def _not_reported_still_owed(
    ws: Workspace, s: Session, p: Programme, cycle: Cycle, rows: list[OutboxMessage]
) -> set[int]:
    q = (
        select(ReportPackage.province_code)
        .distinct()
        .where(ReportPackage.cycle_id == cycle.id, ReportPackage.province_code.in_({_province_code(r) for r in rows}))
    )
    reported = set(s.scalars(q))
    return {r.id for r in rows if _province_code(r) not in reported}


def _round_roll(s: Session, cycle: Cycle) -> list[RollLine]:
    """Each province as reported (with how many), nil return, or not yet: the digest names the silent ones."""
    out = []
    for r in province_rounds(s, cycle.id):
        shown = r.state.label + (f"（{r.applications}项）" if r.state is RoundState.REPORTED else "")
        out.append(RollLine(r.state.value, f"{r.name}：{shown}"))
    order = {RoundState.NOT_YET.value: 0, RoundState.NIL.value: 1, RoundState.REPORTED.value: 2}
    return sorted(out, key=lambda line: order[line.state])


# -- applicants whose application is still a draft --------------------------------------------


def _drafts_owing(ws: Workspace, s: Session, p: Programme, cycle: Cycle, milestone: str) -> list[Owing]:
    stages = _stages(cycle.version.text, Role.APPLICANT, milestone)
    if not stages:
        return []
    by_org: dict[int, list[PendingRow]] = defaultdict(list)
    pending = _pending_rows(s, cycle, stages)
    for row in pending:
        by_org[row[4]].append(row)
    filed = _filed_materials(s, cycle, stages)
    categories, titles = _categories(p, pending), _stage_titles(p)
    required = {  # the materials each category asks for (A8), worked out once per plan
        cat: [(m.id, m.title) for m in p.materials if m.categories is None or cat in m.categories] for cat in categories
    }
    out = []
    lacks: dict[tuple[str, frozenset[str]], str] = {}  # few distinct (category, filed materials): joined once each
    nothing: frozenset[str] = frozenset()
    for org_id, rows in by_org.items():
        missing, groups = [], []
        for app_id, _, category, stage, _, _, _ in rows:
            cat_name, group = categories[category]
            groups.append(group)
            have = filed.get(app_id)
            shape = (category, nothing if have is None else frozenset(have))
            lacking = lacks.get(shape)
            if lacking is None:
                lacking = lacks[shape] = "、".join(title for mid, title in required[category] if mid not in shape[1])
            line = f"{cat_name}（申报编号{app_id}）：{titles[stage]}，尚未提交"
            missing.append(line + (f"；尚缺材料：{lacking}" if lacking else "；材料已齐，请提交"))
        org_name, code, email = rows[0][5], rows[0][1], rows[0][6]
        summary = f"{len(rows)}项申报尚未提交"
        ids = tuple(r[0] for r in rows)
        owing = Owing(f"org:{org_id}", org_name, email, missing, len(rows), summary, _groups(groups), code, ids)
        out.append(owing)
    return out


def _filed_materials(s: Session, cycle: Cycle, stages: frozenset[str]) -> dict[int, set[str]]:
    """Material ids already filed per application in ``stages``: one query for the whole cycle (A8)."""
    q = (
        select(MaterialFile.application_id, MaterialFile.material_id)
        .join(Application, Application.id == MaterialFile.application_id)
        .where(Application.cycle_id == cycle.id, Application.stage.in_(stages))
    )
    out: dict[int, set[str]] = defaultdict(set)
    for app_id, material in s.execute(q):
        out[app_id].add(material)
    return out


def _drafts_still_owed(ws: Workspace, s: Session, p: Programme, cycle: Cycle, rows: list[OutboxMessage]) -> set[int]:
    owed = set()
    for milestone, some in _by_milestone(rows).items():
        stages = _stages(cycle.version.text, Role.APPLICANT, milestone)
        ids = {app for r in some for app in r.applications or []}
        q = select(Application.id).where(Application.id.in_(ids), Application.stage.in_(stages))
        drafts = set(s.scalars(q)) if ids and stages else set()
        owed |= {r.id for r in some if drafts.intersection(r.applications or [])}
    return owed


def _groups(groups: list[str | None]) -> list[str]:
    return [g for g in dict.fromkeys(groups) if g]


AUDIENCES: dict[str, Audience] = {
    a.name: a
    for a in (
        Audience(
            "provinces-without-liaison-receipt",
            "liaison-receipt",
            "未报送工作联络员回执的省级知识产权管理部门",
            _liaison_owing,
            _liaison_still_owed,
        ),
        Audience(
            "provinces-with-unreported-applications",
            "unreported-applications",
            "尚有申报未完成推荐报送的省级知识产权管理部门",
            _unreported_owing,
            _unreported_still_owed,
        ),
        Audience(
            "provinces-not-reported",
            "recommendation-report",
            "尚未报送推荐名单（或“本届不推荐”）的省级知识产权管理部门",
            _not_reported_owing,
            _not_reported_still_owed,
            _round_roll,
        ),
        Audience(
            "applicants-with-drafts",
            "draft-applications",
            "申报尚未提交的申报单位",
            _drafts_owing,
            _drafts_still_owed,
        ),
        CASE_MINIMUM_SHORTFALLS,
    )
}


def audience(name: str) -> Audience | None:
    return AUDIENCES.get(name)


def _still_owed_by_kind(kind: str) -> StillOwed:
    a = next(a for a in AUDIENCES.values() if a.kind == kind)

    def check(ws: Workspace, s: Session, rows: list[OutboxMessage]) -> set[int]:
        by_cycle: dict[int | None, list[OutboxMessage]] = defaultdict(list)
        for row in rows:
            by_cycle[row.cycle_id].append(row)
        owed: set[int] = set()
        for cycle_id, some in by_cycle.items():
            cycle = s.get(Cycle, cycle_id) if cycle_id is not None else None
            if cycle is not None:  # a reminder of a cycle that is gone is owed to nobody
                owed |= a.still_owed(ws, s, cycle_programme(cycle), cycle, some)
        return owed

    return check


STILL_OWED: dict[str, StillOwed] = {a.kind: _still_owed_by_kind(a.kind) for a in AUDIENCES.values()}
"""Per kind of reminder, whether its reason still holds when it is sent; the sender is given these."""
