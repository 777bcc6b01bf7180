"""The lists the national office publishes (notice 004 §四(二)–(三)): 创建对象名单, 评估验收结果, 示范单位名单.

Each is in the shape of a CNIPA 名单 (序号, 单位名称, 所在省份, 类别), grouped by category in the
notice's order, numbered within each group, titled and numbered (文号) as the definition says. A
list is refused while its public notice is still running or an objection to it is open: the
rows are the applications whose notice ended by its own timer (``end_notice``), so an upheld
objection leaves a unit off; the 示范单位名单 takes the cycle's units still valid in the register.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from engine.definition.model import ListKind, Programme, PublishedListSpec
from engine.files.published import ListGroup, render_list_html, render_list_md, write_list_docx
from engine.files.spreadsheet import Column, Heading, Sheet, write_workbook
from engine.files.worddoc import TableColumn
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.national.recognition_register import cycle_units
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.reference_changes import national_only
from engine.services.results import ServiceResult
from engine.store.core import Application, Cycle, Event
from engine.store.registers import RecognitionStatus
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
        raise BadInput(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt in ("docx", "xlsx") and out is None:
        raise BadInput(f"--out: a .{fmt} list needs a file to go to")
    if out is not None and out.suffix.lower() not in SUFFIXES[fmt]:
        raise BadInput(f"--out: {out.name} does not end in {' or '.join(SUFFIXES[fmt])}, as --format {fmt} writes")


def _spec(p: Programme, kind: str) -> PublishedListSpec:
    spec = p.published_list(kind)
    if spec is None:
        known = ", ".join(x.kind.value for x in p.lists) or "none"
        raise BadInput(f"--kind: {p.id} publishes no {kind!r} list (it publishes: {known})")
    return spec


def _notice_over(s: Session, cycle: Cycle, p: Programme, spec: PublishedListSpec) -> None:
    """Refuse while an application of the cycle is still in the notice or in its objection handling."""
    notice = p.stage(spec.notice)
    held = spec.open or [spec.notice]
    running = (
        s.scalar(
            select(func.count(Application.id)).where(Application.cycle_id == cycle.id, Application.stage.in_(held))
        )
        or 0
    )
    ended = s.scalar(
        select(func.count(Event.id))
        .join(Application, Event.application_id == Application.id)
        .where(Application.cycle_id == cycle.id, Event.from_stage == spec.notice,
               Event.event == (notice.notice.on_end if notice.notice else ""))
    ) or 0  # fmt: skip
    if running == 0 and ended > 0:
        return
    why_zh = (
        f"{notice.title}尚未结束（{running}个仍在公示或异议处理中）" if running else f"{notice.title}尚未开始或无一期满"
    )
    why_en = (
        f"{running} application(s) are still in {', '.join(held)}" if running else f"no {spec.notice} has ended yet"
    )
    raise Refused(
        f"the {spec.kind.value} list of cycle {cycle.id} cannot be published yet",
        [Verdict(False, spec.rule, f"{why_zh}，不能公布{spec.title}；通知要求：“{spec.wording_zh}”",
                 f"{why_en}; the list is published once its public notice has ended with no open objection")],
    )  # fmt: skip


def _members(s: Session, cycle: Cycle, p: Programme, spec: PublishedListSpec) -> list[Application]:
    if spec.from_register:
        return [a for r, a in cycle_units(s, cycle) if r.status == RecognitionStatus.VALID]
    on_end = p.stage(spec.notice).notice
    ids = select(Event.application_id).where(
        Event.from_stage == spec.notice, Event.event == (on_end.on_end if on_end else "")
    )
    q = select(Application).where(Application.cycle_id == cycle.id, Application.id.in_(ids))
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


def _write_xlsx(out: Path, title: str, document: str, groups: list[ListGroupView], office: str, now: datetime) -> None:
    """The list as a sheet of the same shape: the category headings as rows across the table."""
    rows: list[list[str | int] | Heading] = []
    for group in groups:
        rows.append(Heading(group.heading))
        rows += [[u.organisation, u.province, u.category] for u in group.units]
    columns = [Column(HEADER[1], max_width=40), Column(HEADER[2], max_width=12), Column(HEADER[3], max_width=34)]
    sheet = Sheet("名单", columns, rows, title=title, document=document)
    write_workbook(out, [sheet], office, now)


def publish_list(
    ws: Workspace, cycle_id: int, kind: str, fmt: str, actor: Actor, out: Path | None = None
) -> ListPublished:
    """Render one of the cycle's lists; refused before its notice ended with no open objection."""
    national_only(actor, "名单公布", "published lists")
    _check_out(fmt, out)
    if kind not in set(ListKind):
        raise BadInput(f"--kind: {kind!r} is not one of {', '.join(ListKind)}")
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        spec = _spec(p, kind)
        _notice_over(s, cycle, p, spec)
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
                now = ws.clock.now()
                write_list_docx(blocks, out, spec.title, COLUMNS, office=p.issuer, now=now, document=document)
            elif fmt == "xlsx":
                assert out is not None
                _write_xlsx(out, spec.title, document, groups, p.issuer, ws.clock.now())
            else:
                render = render_list_md if fmt == "md" else render_list_html
                text = render(blocks, spec.title, HEADER, document=document)
                if out is not None:
                    out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise BadInput(f"--out: cannot write {out}: {exc.strerror or exc}") from None
        return ListPublished(cycle=cycle.id, kind=kind, title=spec.title, document=document, format=fmt,
                             file=str(out) if out else None, groups=groups,
                             text=text if out is None else None)  # fmt: skip
