"""The lists the national office publishes (notice 004 §四(二)–(三)): 创建对象名单, 评估验收结果, 示范单位名单.

Each is in the shape of a CNIPA 名单 (序号, 单位名称, 所在省份, 类别), grouped by category in the
notice's order, numbered within each group, titled and numbered (文号) as the definition says. A
list is refused while its public notice is still running or an objection to it is open: the
rows are the applications whose notice ended by its own timer (``end_notice``), so an upheld
objection leaves a unit off; the 示范单位名单 takes the cycle's units still valid in the register.
A list is who stands now: a unit later disqualified, cancelled or revoked is struck off, and a published
list that named it gets a new version (更正) saying so (``correct_published``).
"""

from __future__ import annotations

import hashlib
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.definition.model import ListKind, Programme, PublishedListSpec
from engine.files.published import ListGroup, render_list_html, render_list_md, write_list_docx
from engine.files.spreadsheet import Column, Heading, Sheet, write_workbook
from engine.files.worddoc import TableColumn
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.shared.reference_audit import national_only
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.core import Application, Cycle, Event
from engine.store.filestore import keep_bytes, session_url
from engine.store.registers import Recognition, RecognitionStatus
from engine.store.round import PublishedListCopy
from engine.store.workspace import Workspace
from policies.reference.provinces import province_name
from policies.verdict import Verdict

HEADER = ("序号", "单位名称", "所在省份", "类别")
COLUMNS = (
    TableColumn(HEADER[0], 1.4, center=True),
    TableColumn(HEADER[1], 5.0, share=2),
    TableColumn(HEADER[2], 2.6, share=0.5, center=True),
    TableColumn(HEADER[3], 4.0, share=1),
)
FORMATS = ("docx", "xlsx", "md", "html")
SUFFIXES = {"docx": (".docx",), "xlsx": (".xlsx",), "md": (".md", ".markdown", ".txt"), "html": (".html", ".htm")}
NUMERALS = "一二三四五六七八九十"


class ListedUnit(ServiceResult):
    """One row of a published list."""

    number: int
    organisation: str
    province: str
    category: str
    application: int


class ListChange(ServiceResult):
    """A unit a correction struck off a published list: what ended its place (取消资格, 摘牌) and why."""

    organisation: str
    province: str
    category: str
    application: int
    change_zh: str
    reason: str
    at: IsoDatetime


class ListGroupView(ServiceResult):
    """One category's block of a published list."""

    category: str
    heading: str
    units: list[ListedUnit]


class ListPublished(ServiceResult):
    """A list as published: what it is, where it went and its rows (the text itself when no file was given)."""

    cycle: int
    kind: str
    title: str
    document: str
    format: str
    file: str | None
    groups: list[ListGroupView]
    text: str | None


def _check_out(fmt: str, out: Path | None) -> None:
    if fmt not in FORMATS:
        raise BadInput(f"{fmt!r} is not one of {', '.join(FORMATS)}", field="format")
    if fmt in ("docx", "xlsx") and out is None:
        raise BadInput(f"a .{fmt} list needs a file to go to", field="out")
    if out is not None and out.suffix.lower() not in SUFFIXES[fmt]:
        raise BadInput(f"{out.name} does not end in {' or '.join(SUFFIXES[fmt])}, as a {fmt} list must", field="out")


def _spec(p: Programme, kind: str) -> PublishedListSpec:
    spec = p.published_list(kind)
    if spec is None:
        raise BadInput(f"本项目不公布名单 {kind!r}", field="kind")
    return spec


def _in_categories(spec: PublishedListSpec) -> list[Any]:
    return [Application.category.in_(spec.categories)] if spec.categories is not None else []


def _notice_over(s: Session, cycle: Cycle, p: Programme, spec: PublishedListSpec) -> None:
    """Refuse while an application of the cycle is still in the notice or in its objection handling (or, for a
    list of approvals, still awaiting the decision), or before anyone has come onto the list."""
    held = spec.open or ([spec.notice] if spec.notice else [])
    left, event = spec.entered_by(p)
    title = p.stage(spec.notice).title if spec.notice else "核准"
    running = (
        s.scalar(
            select(func.count(Application.id)).where(
                Application.cycle_id == cycle.id, Application.stage.in_(held), *_in_categories(spec)
            )
        )
        or 0
    )
    ended = s.scalar(
        select(func.count(Event.id))
        .join(Application, Event.application_id == Application.id)
        .where(Application.cycle_id == cycle.id, Event.event == event, *_in_categories(spec),
               *([Event.from_stage == left] if left else []))
    ) or 0  # fmt: skip
    if running == 0 and ended > 0:
        return
    why_zh = f"{title}尚未结束（{running}个仍在办理中）" if running else f"{title}尚未开始或无一完成"
    why_en = f"{running} application(s) are still in {', '.join(held)}" if running else f"no {event} has happened yet"
    raise Refused(
        f"the {spec.kind.value} list of cycle {cycle.id} cannot be published yet",
        [Verdict(False, spec.rule, f"{why_zh}，不能公布{spec.title}；通知要求：“{spec.wording_zh}”",
                 f"{why_en}; the list is published once its public notice has ended with no open objection")],
    )  # fmt: skip


def _members(s: Session, cycle: Cycle, p: Programme, spec: PublishedListSpec) -> list[Application]:
    """Who stands on the list now: those who came onto it and have not been struck off since (issue 22: a list
    built from who once ended a notice named units later disqualified for fraud)."""
    if spec.from_register:
        q = (
            select(Application)
            .join(Recognition, Recognition.application_id == Application.id)
            .where(Recognition.cycle_id == cycle.id, Recognition.status == RecognitionStatus.VALID)
        )
    else:
        left, event = spec.entered_by(p)
        ids = select(Event.application_id).where(Event.event == event, *([Event.from_stage == left] if left else []))
        q = select(Application).where(Application.cycle_id == cycle.id, Application.id.in_(ids))
    q = q.where(*_in_categories(spec))
    if spec.struck_off:
        q = q.where(Application.stage.not_in(spec.struck_off))
    return list(s.scalars(q.order_by(Application.province_code, Application.id)))


def _groups(p: Programme, apps: list[Application]) -> list[ListGroupView]:
    out: list[ListGroupView] = []
    for cat in p.categories:
        mine = sorted((a for a in apps if a.category == cat.id), key=lambda a: (a.province_code, a.id))
        if not mine:
            continue
        heading = f"{NUMERALS[len(out)] if len(out) < len(NUMERALS) else len(out) + 1}、{cat.name}"
        units = [
            ListedUnit(number=i, organisation=a.organisation.name, province=province_name(a.province_code),
                       category=cat.name, application=a.id)
            for i, a in enumerate(mine, start=1)
        ]  # fmt: skip
        out.append(ListGroupView(category=cat.id, heading=heading, units=units))
    return out


def _write_xlsx(
    out: Path, title: str, document: str, groups: list[ListGroupView], office: str, now: datetime, notes: list[str]
) -> None:
    """The list as a sheet of the same shape: the category headings as rows across the table; a correction's
    更正说明 under the 文号."""
    rows: list[list[str | int] | Heading] = []
    for group in groups:
        rows.append(Heading(group.heading))
        rows += [[u.organisation, u.province, u.category] for u in group.units]
    columns = [Column(HEADER[1], max_width=40), Column(HEADER[2], max_width=12), Column(HEADER[3], max_width=34)]
    byline = ["更正说明", *notes] if notes else ()
    sheet = Sheet("名单", columns, rows, title=title, document=document, byline=byline)
    write_workbook(out, [sheet], office, now)


def _notes(changes: list[ListChange], version: int, at: datetime) -> list[str]:
    """The 更正说明 a correction prints: each unit struck off, what ended its place and why."""
    if not changes:
        return []
    head = f"本名单第{version}版（{at:%Y年%-m月%-d日}更正）较上一版删去{len(changes)}个单位："
    return [head] + [f"{c.organisation}（{c.province}，{c.category}）：{c.change_zh}。{c.reason}" for c in changes]


def _render(
    s: Session, cycle: Cycle, p: Programme, spec: PublishedListSpec, fmt: str, out: Path | None, now: datetime,
    notes: list[str] | None = None,
) -> ListPublished:  # fmt: skip
    groups = _groups(p, _members(s, cycle, p, spec))
    document = spec.document or p.document
    blocks = [
        ListGroup(g.heading, tuple((str(u.number), u.organisation, u.province, u.category) for u in g.units))
        for g in groups
    ]
    text = None
    try:
        if fmt == "docx":
            assert out is not None
            write_list_docx(blocks, out, spec.title, COLUMNS, office=p.issuer, now=now, document=document,
                            notes=notes or ())  # fmt: skip
        elif fmt == "xlsx":
            assert out is not None
            _write_xlsx(out, spec.title, document, groups, p.issuer, now, notes or [])
        else:
            render = render_list_md if fmt == "md" else render_list_html
            text = render(blocks, spec.title, HEADER, document=document, notes=notes or ())
            if out is not None:
                out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"cannot write {out}: {exc.strerror or exc}", field="out") from None
    return ListPublished(cycle=cycle.id, kind=spec.kind.value, title=spec.title, document=document, format=fmt,
                         file=str(out) if out else None, groups=groups,
                         text=text if out is None else None)  # fmt: skip


def publish_list(
    ws: Workspace, cycle_id: int, kind: str, fmt: str, actor: Actor, out: Path | None = None
) -> ListPublished:
    """Render one of the cycle's lists; refused before its notice ended with no open objection."""
    national_only(actor, "名单公布", "published lists")
    _check_out(fmt, out)
    if kind not in set(ListKind):
        raise BadInput(f"{kind!r} 不是可公布的名单", field="kind")
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        spec = _spec(p, kind)
        _notice_over(s, cycle, p, spec)
        return _render(s, cycle, p, spec, fmt, out, ws.clock.now())


def store_copy(
    s: Session, cycle: Cycle, spec: PublishedListSpec, actor: Actor, now: datetime, changes: list[ListChange]
) -> PublishedListCopy:
    """Keep a version of the list as the public pages show it (page, docx, xlsx), in the caller's transaction;
    a correction carries the units it struck off and prints them in its 更正说明."""
    p = cycle_programme(cycle)
    version = (
        s.scalar(
            select(func.max(PublishedListCopy.version)).where(
                PublishedListCopy.cycle_id == cycle.id, PublishedListCopy.kind == spec.kind.value
            )
        )
        or 0
    ) + 1
    notes = _notes(changes, version, now)
    with tempfile.TemporaryDirectory(prefix="ipcycle-list-") as folder:
        html = _render(s, cycle, p, spec, "html", None, now, notes)
        docx, xlsx = Path(folder) / "list.docx", Path(folder) / "list.xlsx"
        _render(s, cycle, p, spec, "docx", docx, now, notes)
        _render(s, cycle, p, spec, "xlsx", xlsx, now, notes)
        docx_bytes, xlsx_bytes = docx.read_bytes(), xlsx.read_bytes()
    url = session_url(s)
    row = PublishedListCopy(
        cycle_id=cycle.id,
        kind=spec.kind.value,
        version=version,
        title=html.title,
        document=html.document,
        units=sum(len(g.units) for g in html.groups),
        groups=[g.model_dump(mode="json") for g in html.groups],
        html=html.text or "",
        docx=keep_bytes(url, docx_bytes, "list.docx"),  # None: in the file store
        xlsx=keep_bytes(url, xlsx_bytes, "list.xlsx"),
        docx_sha256=hashlib.sha256(docx_bytes).hexdigest(),
        xlsx_sha256=hashlib.sha256(xlsx_bytes).hexdigest(),
        published_at=now,
        published_by=str(actor),
        changes=[c.model_dump(mode="json") for c in changes],
    )
    s.add(row)
    s.flush()
    return row


def publish_copy(ws: Workspace, cycle_id: int, kind: str, actor: Actor) -> PublishedListCopy:
    """Publish a list on the public pages (refused as ``publish_list`` is): a new version each time."""
    national_only(actor, "名单公布", "published lists")
    if kind not in set(ListKind):
        raise BadInput(f"{kind!r} 不是可公布的名单", field="kind")
    with ws.transaction(write=True) as s:
        cycle = get_cycle(s, cycle_id)
        spec = _spec(cycle_programme(cycle), kind)
        _notice_over(s, cycle, cycle_programme(cycle), spec)
        return store_copy(s, cycle, spec, actor, ws.clock.now(), [])


class ListPreview(ServiceResult):
    """A list as it would be published now (refused as publishing is), shown before the office confirms."""

    cycle: int
    kind: str
    title: str
    groups: list[ListGroupView]
    units: int


def preview_copy(ws: Workspace, cycle_id: int, kind: str, actor: Actor) -> ListPreview:
    """The list ``publish_copy`` would publish now, unit by unit; nothing is kept."""
    national_only(actor, "名单公布", "published lists")
    if kind not in set(ListKind):
        raise BadInput(f"kind: {kind!r} 不是可公布的名单")
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        spec = _spec(p, kind)
        _notice_over(s, cycle, p, spec)
        groups = _groups(p, _members(s, cycle, p, spec))
        return ListPreview(cycle=cycle_id, kind=kind, title=spec.title, groups=groups,
                           units=sum(len(g.units) for g in groups))  # fmt: skip


def _listed(row: PublishedListCopy) -> dict[int, ListedUnit]:
    return {u["application"]: ListedUnit.model_validate(u) for g in row.groups for u in g["units"]}


def correct_published(
    ws: Workspace, s: Session, cycle_id: int | None, actor: Actor, change_zh: str, reason: str
) -> list[PublishedListCopy]:
    """After a unit of the cycle is disqualified, cancelled or revoked: each published list of the cycle that
    still names someone no longer standing gets a new version (更正) saying who was struck off, what ended their
    place and why; earlier versions stay as they were published. In the caller's transaction."""
    if cycle_id is None:
        return []
    s.flush()
    cycle = get_cycle(s, cycle_id)
    p = cycle_programme(cycle)
    now = ws.clock.now()
    made = []
    for spec in p.lists:
        latest = s.scalars(
            select(PublishedListCopy)
            .where(PublishedListCopy.cycle_id == cycle.id, PublishedListCopy.kind == spec.kind.value)
            .order_by(PublishedListCopy.version.desc())
            .limit(1)
        ).first()
        if latest is None:
            continue
        standing = {a.id for a in _members(s, cycle, p, spec)}
        gone = [u for app_id, u in _listed(latest).items() if app_id not in standing]
        if not gone:
            continue
        changes = [
            ListChange(organisation=u.organisation, province=u.province, category=u.category,
                       application=u.application, change_zh=change_zh, reason=reason, at=now)
            for u in gone
        ]  # fmt: skip
        made.append(store_copy(s, cycle, spec, actor, now, changes))
    return made
