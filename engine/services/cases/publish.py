"""The published list of a case call (C8): publish a cycle's selected cases, record a list published
elsewhere (like seed 002), and check a recorded list against a cycle's form rules.

``--edition`` means what it means everywhere else: the programme's own edition number, the one a
cycle is opened with (for typical-cases the year of the call: 2024 is batch 3). A list is recorded
only for an edition the programme knows: one of its editions, an opened cycle's, or one the
definition names a list title for (``cases.list_titles``, where typical-cases says 2023 is batch 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import cast

from sqlalchemy import CursorResult, delete, select
from sqlalchemy.orm import Session

from engine.definition.loader import programme_from_snapshot
from engine.definition.model import Programme, Role
from engine.files.published import (
    PublishedCase,
    markup_as_text,
    read_published,
    render_published_html,
    render_published_md,
    write_published_docx,
)
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.applications.stage_moves import fire_in_session
from engine.services.cases.submission import case_call, text_limits
from engine.services.programmes.cycles import check_edition, cycle_programme, get_cycle
from engine.services.programmes.programme_definitions import latest_version
from engine.services.shared.results import ServiceResult
from engine.store.cases import CaseRecord, PublishedEntry
from engine.store.core import Application, Cycle
from engine.store.workspace import Workspace
from policies.guards.cases import FIELD_LABELS
from policies.reference.textlength import CountMode, check_limits, plain_text
from policies.verdict import Verdict

FORMATS = ("docx", "md", "html")
SUFFIXES = {"docx": (".docx",), "md": (".md", ".markdown", ".txt"), "html": (".html", ".htm")}
FORM_FIELDS = ("name", "abstract")  # what a published list shows of the form (C4)
NATIONAL = Actor(Role.NATIONAL)
Links = Mapping[tuple[int, str], int | None]  # (number, name) -> the application a row stands for


class PublishedListEntry(ServiceResult):
    """One case of a published list: its number, name and abstract, and the application it stands for."""

    number: int
    name: str
    abstract: str
    application: int


class PublishedList(ServiceResult):
    """A cycle's selected cases published: the list recorded, the cases moved, and where it was rendered."""

    cycle: int
    programme: str
    edition: int
    title: str
    format: str
    file: str | None
    moved_to_published: list[int]
    cases: list[PublishedListEntry]
    text: str | None  # the rendered md/html, when it went to no file


class PublishedListRecorded(ServiceResult):
    """A list published elsewhere recorded as an edition's outcome: how many cases, replaced and linked."""

    programme: str
    edition: int
    title: str
    cases: int
    replaced: int
    unchanged: bool
    linked: int  # rows linked to their applications


class FormLengthBreach(ServiceResult):
    """A published case's form field over its limit."""

    field: str
    limit: int
    count: int


class PublishedCaseBreach(ServiceResult):
    """A case of a recorded list that breaks the cycle's form rules, and how."""

    number: int
    name: str
    violations: list[FormLengthBreach]


class PublishedListCheck(ServiceResult):
    """A recorded list checked against a cycle's form rules (name, abstract): only the cases that break them."""

    programme: str
    edition: int
    against_cycle: int
    count: CountMode
    limits: dict[str, dict[str, int]]
    checked: int
    cases: list[PublishedCaseBreach]


def _entries(s: Session, programme_id: str, edition: int) -> list[PublishedEntry]:
    q = select(PublishedEntry).where(PublishedEntry.programme_id == programme_id, PublishedEntry.edition == edition)
    return list(s.scalars(q.order_by(PublishedEntry.number)))


def _record_list(
    s: Session,
    p_id: str,
    edition: int,
    title: str,
    cases: list[PublishedCase],
    source: str,
    now: datetime,
    links: Links,
) -> int:
    """Make ``cases`` the recorded list of the edition, replacing any earlier one; returns how many it replaced."""
    # a DELETE's result is a CursorResult (it has rowcount); Session.execute is typed for any statement
    deleted = cast(
        CursorResult[tuple[()]],
        s.execute(delete(PublishedEntry).where(PublishedEntry.programme_id == p_id, PublishedEntry.edition == edition)),
    )
    old = deleted.rowcount
    s.add_all(
        PublishedEntry(
            programme_id=p_id,
            edition=edition,
            number=c.number,
            name=c.name,
            abstract=c.abstract,
            list_title=title,
            source=source,
            recorded_at=now,
            application_id=links.get((c.number, c.name)),
        )
        for c in cases
    )
    return old or 0


def _check_out(fmt: str, out: Path | None) -> None:
    """Refuse before anything moves: an unknown format, a .docx without a file, a suffix of another format."""
    if fmt not in FORMATS:
        raise BadInput(f"{fmt!r} is not one of {', '.join(FORMATS)}", field="format")
    if fmt == "docx" and out is None:
        raise BadInput("a .docx list needs a file to go to", field="out")
    if out is not None and out.suffix.lower() not in SUFFIXES[fmt]:
        raise BadInput(f"{out.name} does not end in {' or '.join(SUFFIXES[fmt])}, as a {fmt} list must", field="out")


def _may_publish(p: Programme, actor: Actor) -> None:
    roles = {r for t in p.transitions if t.event == case_call(p).publish for r in t.roles}
    if actor.role not in roles:
        allowed = ", ".join(sorted(r.value for r in roles))
        why = Verdict(False, "ROLE", "公布入选名单应由国家知识产权局办理", f"only {allowed} may publish, not {actor}")
        raise Refused(f"{actor} may not publish the cases of {p.id}", [why])


def publish_cases(
    ws: Workspace,
    cycle_id: int,
    fmt: str,
    out: Path | None = None,
    title: str | None = None,
    actor: Actor = NATIONAL,
) -> PublishedList:
    """Publish the cycle's selected cases: move them to published, record the list and render it.

    Cases are numbered by province code (member units first) then by submission, as in 002.
    Running it again renders the same list; the file is written inside the transaction, so a
    file that cannot be written leaves every case where it was.
    """
    _check_out(fmt, out)
    with ws.transaction(write=True) as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        call = case_call(p)
        _may_publish(p, actor)
        rows = list(
            s.execute(
                select(Application, CaseRecord)
                .join(CaseRecord, CaseRecord.application_id == Application.id)
                .where(Application.cycle_id == cycle.id, Application.stage.in_(call.publishable))
                .order_by(Application.province_code, Application.id)
            )
        )
        if not rows:
            raise BadInput("本届没有可公布的案例，请先选定入选案例")
        moved = []
        for app, _ in rows:
            if any(t.event == call.publish and app.stage in p.sources(t) for t in p.transitions_for(app.category)):
                fire_in_session(ws, s, app, call.publish, actor, reason="公布入选名单")
                moved.append(app.id)
        heading = title or call.list_titles.get(cycle.edition) or p.title
        cases = [
            PublishedCase(i, markup_as_text(rec.name), markup_as_text(rec.abstract or rec.basic))
            for i, (_, rec) in enumerate(rows, start=1)
        ]
        links = {(c.number, c.name): app.id for c, (app, _) in zip(cases, rows, strict=True)}
        _record_list(s, p.id, cycle.edition, heading, cases, f"cycle {cycle.id}", ws.clock.now(), links)
        text = None
        try:
            if fmt == "docx":
                assert out is not None  # _check_out refused a .docx without a file
                write_published_docx(cases, out, heading, office=p.issuer, now=ws.clock.now())
            else:
                text = (render_published_md if fmt == "md" else render_published_html)(cases, title=heading)
                if out is not None:
                    out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise BadInput(f"cannot write {out}: {exc.strerror or exc}", field="out") from None
        return PublishedList(
            cycle=cycle.id,
            programme=p.id,
            edition=cycle.edition,
            title=heading,
            format=fmt,
            file=str(out) if out else None,
            moved_to_published=moved,
            cases=[
                PublishedListEntry(number=c.number, name=c.name, abstract=c.abstract, application=app.id)
                for c, (app, _) in zip(cases, rows, strict=True)
            ],
            text=text if out is None else None,
        )


def _check_list_edition(s: Session, p: Programme, edition: int, path: Path, title: str) -> None:
    """The edition must be one the programme knows, and a list titled for another edition is refused."""
    titles = case_call(p).list_titles
    opened = set(s.scalars(select(Cycle.edition).where(Cycle.programme_id == p.id)))
    known = edition in titles or edition in opened
    if not known and (p.editions or p.recurrence):
        try:
            check_edition(p, edition)
            known = True
        except BadInput:
            pass
    if not known:
        listed = sorted({*titles, *opened, *p.editions})
        raise BadInput(
            f"{p.id} has no edition {edition} (known: {', '.join(map(str, listed)) or 'none'}); "
            "an edition is the programme's own number, the one its cycles are opened with",
            field="edition",
        )
    expected = titles.get(edition)
    if expected and title and plain_text(title) != plain_text(expected):
        raise BadInput(f"{path}: the list is titled “{title}” but edition {edition} of {p.id} is “{expected}”")


def import_published(ws: Workspace, path: Path, programme_id: str, edition: int) -> PublishedListRecorded:
    """Record a published list (.txt/.md like 002, .html, .docx) as the outcome of an edition.

    A row that cannot be read is named by file and line and nothing is recorded. Importing the
    same list again keeps the recorded rows (and their links to applications) as they are; a
    changed list keeps each link whose row keeps its number and name.
    """
    try:
        listing = read_published(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot read the list: {exc}") from None
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    with ws.transaction() as s:
        version = latest_version(s, programme_id)
        p = programme_from_snapshot(version.text)
        _check_list_edition(s, p, edition, path, listing.title)
        before = _entries(s, p.id, edition)
        cases = list(listing.cases)
        title = listing.title or case_call(p).list_titles.get(edition) or p.title
        unchanged = [(e.number, e.name, e.abstract) for e in before] == [(c.number, c.name, c.abstract) for c in cases]
        replaced = 0
        if not unchanged:
            links = {(e.number, e.name): e.application_id for e in before if e.application_id}
            replaced = _record_list(s, p.id, edition, title, cases, str(path), ws.clock.now(), links)
        return PublishedListRecorded(
            programme=p.id,
            edition=edition,
            title=title,
            cases=len(cases),
            replaced=replaced,
            unchanged=unchanged,
            linked=sum(1 for e in _entries(s, p.id, edition) if e.application_id),
        )


def check_published(ws: Workspace, edition: int, cycle_id: int, programme_id: str | None = None) -> PublishedListCheck:
    """Which cases of a recorded list would break the given cycle's form rules (name, abstract); only those."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        programme_id = programme_id or p.id
        limits: dict[str, dict[str, int]] = {}
        mode: CountMode = "zi"
        for category in p.categories:
            found, mode = text_limits(p, category.id)
            limits.update({f: lim for f, lim in found.items() if f in FORM_FIELDS})
        if not limits:
            fields = "、".join(FIELD_LABELS[f] for f in FORM_FIELDS)
            raise BadInput(f"cycle {cycle_id} ({p.id}) sets no limit on {fields} to check a published list against")
        entries = _entries(s, programme_id, edition)
        if not entries:
            raise BadInput(
                f"no published list of {programme_id} edition {edition} is recorded; import the published list first",
                field="edition",
            )
        cases = []
        for e in entries:
            found_violations = check_limits({"name": e.name, "abstract": e.abstract}, limits, mode)
            if found_violations:
                cases.append(
                    PublishedCaseBreach(
                        number=e.number,
                        name=e.name,
                        violations=[
                            FormLengthBreach(field=v.field, limit=v.limit, count=v.count) for v in found_violations
                        ],
                    )
                )
        return PublishedListCheck(
            programme=programme_id,
            edition=edition,
            against_cycle=cycle.id,
            count=mode,
            limits=limits,
            checked=len(entries),
            cases=cases,
        )
