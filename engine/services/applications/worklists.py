"""What a desk sees: a scoped, filtered and paged list of applications, whose an application is, and
the to-do of a province or an applicant with its deadlines in working days.

Read-only; the portal and the API list through these, and so does the bench's direct query.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from engine.definition.model import Programme, Role
from engine.kernel.errors import BadInput
from engine.services.applications.deadlines import RowDeadline, row_deadlines, working_days_left
from engine.services.programmes.cycles import programme_of
from engine.services.programmes.programme_definitions import ProgrammeSummary, programme_summary
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.core import Application, Cycle, CycleMilestone, Organisation
from engine.store.liaison import LiaisonReceipt
from engine.store.registers import Attestation, MaterialFile
from engine.store.workspace import Workspace

MAX_PAGE = 200
RECEIPT_MILESTONE = "liaison-receipt"


class ApplicationRow(ServiceResult):
    """One line of a list: the application, who applied, where it stands."""

    id: int
    cycle: int
    category: str
    organisation_id: int
    organisation: str
    province: str
    stage: str
    updated_at: IsoDatetime
    deadline: RowDeadline | None = None  # the date that matters now (the notice's end, the report date, …)


class ApplicationPage(ServiceResult):
    """A page of a filtered list, with the total the filter matches."""

    total: int
    page: int
    per_page: int
    items: list[ApplicationRow]


class ApplicationOwner(ServiceResult):
    """Whose an application is: enough to decide who may see it before anything else is read."""

    id: int
    cycle: int
    province: str
    organisation_id: int


class TodoItem(ServiceResult):
    """Something a role owes by a date: how many applications (or a receipt), and working days left."""

    cycle: int
    kind: str  # "applications" or "liaison-receipt"
    stage: str | None
    title: str
    count: int
    due: date | None
    working_days_left: int | None


class ApplicantItem(ServiceResult):
    """An applicant's application and what it still lacks before it can be submitted."""

    id: int
    cycle: int
    category: str
    category_name: str
    stage: str
    stage_title: str
    missing_materials: int
    unattested: int
    due: date | None
    working_days_left: int | None
    due_title: str | None = None  # what falls due then (a milestone's title, or the notice's end)
    case: bool = False  # a case of a case call: its text is its material, nothing is "missing"


def _scoped(q, role: Role, scope: str | None):  # type: ignore[no-untyped-def]
    if role is Role.PROVINCE:
        return q.where(Application.province_code == scope)
    if role is Role.APPLICANT:
        return q.where(Application.organisation_id == int(scope or 0))
    return q


def cycle_stages(ws: Workspace, cycle_id: int) -> set[str]:
    """The stages a cycle's programme has (a programme of case calls has no public notice)."""
    with ws.transaction() as s:
        return {st.id for st in programme_of(ws, s, cycle_id).stages}


def _known_filters(p: Programme, category: str | None, stage: str | None) -> None:
    """A filter value that is none of the programme's is a mistake to say, not a list that is silently empty."""
    if category and p.category(category) is None:
        raise BadInput(f"本项目没有类别 {category!r}", field="category")
    if stage and stage not in {st.id for st in p.stages}:
        raise BadInput(f"本项目没有阶段 {stage!r}", field="stage")


def list_applications(
    ws: Workspace,
    cycle_id: int,
    role: Role,
    scope: str | None = None,
    category: str | None = None,
    stage: str | None = None,
    page: int = 1,
    per_page: int = 50,
    province: str | None = None,
) -> ApplicationPage:
    """What ``role`` may see of a cycle (a province its own, an applicant its organisation's), newest first."""
    if page < 1 or not 1 <= per_page <= MAX_PAGE:
        raise BadInput(f"页码须不小于 1，每页条数须为 1 至 {MAX_PAGE}", field="page")
    with ws.transaction() as s:
        p = programme_of(ws, s, cycle_id)  # refuses a cycle that is not there
        _known_filters(p, category, stage)
        where = _scoped(select(Application.id).where(Application.cycle_id == cycle_id), role, scope)
        if category:
            where = where.where(Application.category == category)
        if stage:
            where = where.where(Application.stage == stage)
        if province:  # the national office's filter (a province's own list is scoped already)
            where = where.where(Application.province_code == province)
        total = s.scalar(select(func.count()).select_from(where.subquery())) or 0
        ids = where.order_by(Application.id.desc()).limit(per_page).offset((page - 1) * per_page)
        rows = s.execute(
            select(Application, Organisation.name)
            .join(Organisation, Organisation.id == Application.organisation_id)
            .where(Application.id.in_(ids.scalar_subquery()))
            .order_by(Application.id.desc())
        )
        found = list(rows)
        deadlines = row_deadlines(ws, s, [(a, p) for a, _name in found])
        items = [
            ApplicationRow(
                id=a.id,
                cycle=a.cycle_id,
                category=a.category,
                organisation_id=a.organisation_id,
                organisation=name,
                province=a.province_code,
                stage=a.stage,
                updated_at=a.updated_at,
                deadline=deadlines.get(a.id),
            )
            for a, name in found
        ]
        return ApplicationPage(total=total, page=page, per_page=per_page, items=items)


def application_owner(ws: Workspace, app_id: int) -> ApplicationOwner | None:
    """Whose the application is, or None when there is no such application."""
    with ws.transaction() as s:
        row = s.execute(
            select(Application.cycle_id, Application.province_code, Application.organisation_id).where(
                Application.id == app_id
            )
        ).first()
        if row is None:
            return None
        return ApplicationOwner(id=app_id, cycle=row[0], province=row[1], organisation_id=row[2])


def may_see(owner: ApplicationOwner, role: Role, scope: str | None) -> bool:
    """A province sees its own applications, an applicant its organisation's, the national office all."""
    if role is Role.NATIONAL:
        return True
    if role is Role.PROVINCE:
        return owner.province == scope
    if role is Role.APPLICANT:
        return str(owner.organisation_id) == scope
    return False


def _closing(p: Programme, stage: str, role: Role) -> str | None:
    """The milestone closing the window of the first move ``role`` may make from ``stage``."""
    for t in p.transitions:
        if stage in p.sources(t) and role in t.roles and t.window:
            return p.windows[t.window].closes
    return None


def milestone_due(s, cycle_id: int, key: str | None) -> date | None:  # type: ignore[no-untyped-def]
    if key is None:
        return None
    return s.scalar(select(CycleMilestone.due).where(CycleMilestone.cycle_id == cycle_id, CycleMilestone.key == key))


def province_todo(ws: Workspace, province: str) -> list[TodoItem]:
    """What the province owes in each open cycle: applications waiting for it per stage, and its liaison receipt."""
    today = ws.clock.now().date()
    out: list[TodoItem] = []
    with ws.transaction() as s:
        for cycle in s.scalars(select(Cycle).order_by(Cycle.id)):
            p = programme_of(ws, s, cycle.id)
            # a province's own withdrawal (of its office's case) is no work waiting for it
            acting = {
                src for t in p.transitions if Role.PROVINCE in t.roles and t.event != "withdraw" for src in p.sources(t)
            }
            counts = s.execute(
                select(Application.stage, func.count(Application.id))
                .where(Application.cycle_id == cycle.id, Application.province_code == province)
                .group_by(Application.stage)
            )
            for stage, count in counts:
                if stage not in acting:
                    continue
                due = milestone_due(s, cycle.id, _closing(p, stage, Role.PROVINCE))
                out.append(
                    TodoItem(
                        cycle=cycle.id,
                        kind="cases" if p.cases else "applications",
                        stage=stage,
                        title=p.stage(stage).title,
                        count=count,
                        due=due,
                        working_days_left=working_days_left(ws, today, due),
                    )
                )
            receipt_due = milestone_due(s, cycle.id, RECEIPT_MILESTONE)
            filed = s.scalar(
                select(LiaisonReceipt.id).where(
                    LiaisonReceipt.cycle_id == cycle.id, LiaisonReceipt.province_code == province
                )
            )
            if receipt_due is not None and filed is None:
                out.append(
                    TodoItem(
                        cycle=cycle.id,
                        kind="liaison-receipt",
                        stage=None,
                        title="报送工作联络员回执",
                        count=1,
                        due=receipt_due,
                        working_days_left=working_days_left(ws, today, receipt_due),
                    )
                )
    return sorted(out, key=lambda t: (t.due or date.max, t.cycle))


def applicant_overview(ws: Workspace, organisation_id: int) -> list[ApplicantItem]:
    """The organisation's applications, what each lacks (materials, attestations) and the deadline that matters."""
    out: list[ApplicantItem] = []
    with ws.transaction() as s:
        mine = select(Application).where(Application.organisation_id == organisation_id)
        apps = list(s.scalars(mine.order_by(Application.id)))
        programmes = {a.cycle_id: programme_of(ws, s, a.cycle_id) for a in apps}
        deadlines = row_deadlines(ws, s, [(a, programmes[a.cycle_id]) for a in apps])
        for app in apps:
            p = programmes[app.cycle_id]
            cat = p.category(app.category)
            filed = set(s.scalars(select(MaterialFile.material_id).where(MaterialFile.application_id == app.id)))
            attested = set(s.scalars(select(Attestation.number).where(Attestation.application_id == app.id)))
            materials = [m.id for m in p.materials if not m.categories or app.category in m.categories]
            deadline = deadlines.get(app.id)
            out.append(
                ApplicantItem(
                    id=app.id,
                    cycle=app.cycle_id,
                    category=app.category,
                    category_name=cat.name if cat else app.category,
                    stage=app.stage,
                    stage_title=p.stage(app.stage).title,
                    # a case's text and form are stored with it when it is submitted (C6/D6): none is missing
                    missing_materials=0 if p.cases else len([m for m in materials if m not in filed]),
                    unattested=len(cat.declarations) - len(attested) if cat else 0,
                    due=deadline.due if deadline else None,
                    working_days_left=deadline.working_days_left if deadline else None,
                    due_title=deadline.title if deadline else None,
                    case=p.cases is not None,
                )
            )
    return out


def open_cycles(ws: Workspace) -> list[tuple[int, str, int]]:
    """(id, programme, edition) of every cycle, for the desk's cycle picker."""
    with ws.transaction() as s:
        return [(c.id, c.programme_id, c.edition) for c in s.scalars(select(Cycle).order_by(Cycle.id))]


def cycle_definition(ws: Workspace, cycle_id: int) -> ProgrammeSummary:
    """The digest (categories, stages with titles) of the definition the cycle pinned when it opened."""
    with ws.transaction() as s:
        return programme_summary(programme_of(ws, s, cycle_id))


def organisation_label(ws: Workspace, organisation_id: int) -> str | None:
    """An organisation's name, or None when there is no such organisation."""
    with ws.transaction() as s:
        org = s.get(Organisation, organisation_id)
        return org.name if org else None
