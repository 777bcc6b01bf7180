"""The published list of a case call (C8): publish a cycle's selected cases, record a list published
elsewhere (like seed 002), and check a recorded list against a cycle's form rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from engine.applications import fire_in_session
from engine.cases import case_call, guard_params
from engine.casestore import CaseRecord, PublishedEntry
from engine.cycles import cycle_programme, get_cycle
from engine.db import Application
from engine.definition import Role
from engine.errors import BadInput
from engine.machine import Actor
from engine.programmes import latest_version
from engine.published import (
    HEADER,
    PublishedCase,
    read_published,
    render_published_html,
    render_published_md,
    write_published_docx,
)
from engine.workspace import Workspace
from policies.cases import text_violations

FORMATS = ("docx", "md", "html")
FORM_FIELDS = ("name", "abstract")  # what a published list shows of the form (C4)
NATIONAL = Actor(Role.NATIONAL)


def _record_list(
    s: Session,
    programme_id: str,
    edition: int,
    title: str,
    cases: list[PublishedCase],
    source: str,
    now: Any,
    applications: list[int] | None = None,
) -> int:
    """Make ``cases`` the recorded list of the edition, replacing any earlier one; returns how many it replaced."""
    old = s.execute(
        delete(PublishedEntry).where(PublishedEntry.programme_id == programme_id, PublishedEntry.edition == edition)
    ).rowcount
    s.add_all(
        PublishedEntry(
            programme_id=programme_id,
            edition=edition,
            number=c.number,
            name=c.name,
            abstract=c.abstract,
            list_title=title,
            source=source,
            recorded_at=now,
            application_id=applications[i] if applications else None,
        )
        for i, c in enumerate(cases)
    )
    return old or 0


def publish_cases(
    ws: Workspace, cycle_id: int, fmt: str, out: Path | None = None, title: str | None = None
) -> dict[str, Any]:
    """Publish the cycle's selected cases: move them to published, record the list and render it.

    Cases are numbered by province code (member units first) then by submission, as in 002.
    Running it again renders the same list; the file is written inside the transaction.
    """
    if fmt not in FORMATS:
        raise BadInput(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt == "docx" and out is None:
        raise BadInput("--out: a .docx list needs a file to go to")
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        call = case_call(p)
        rows = list(
            s.execute(
                select(Application, CaseRecord)
                .join(CaseRecord, CaseRecord.application_id == Application.id)
                .where(Application.cycle_id == cycle.id, Application.stage.in_(call.publishable))
                .order_by(Application.province_code, Application.id)
            )
        )
        if not rows:
            stages = ", ".join(call.publishable)
            raise BadInput(f"cycle {cycle.id} has no cases to publish (none in {stages}); select some first")
        moved = []
        for app, _ in rows:
            if any(t.event == call.publish and app.stage in p.sources(t) for t in p.transitions_for(app.category)):
                fire_in_session(ws, s, app, call.publish, NATIONAL, reason="公布入选名单")
                moved.append(app.id)
        heading = title or call.list_titles.get(cycle.edition) or p.title
        cases = [PublishedCase(i, rec.name, rec.abstract or rec.basic) for i, (_, rec) in enumerate(rows, start=1)]
        ids = [app.id for app, _ in rows]
        _record_list(s, p.id, cycle.edition, heading, cases, f"cycle {cycle.id}", ws.clock.now(), ids)
        text = None
        if fmt == "docx":
            assert out is not None
            write_published_docx(cases, out, title=heading)
        else:
            text = (render_published_md if fmt == "md" else render_published_html)(cases, title=heading)
            if out is not None:
                out.write_text(text, encoding="utf-8")
        return {
            "cycle": cycle.id,
            "programme": p.id,
            "edition": cycle.edition,
            "title": heading,
            "format": fmt,
            "file": str(out) if out else None,
            "moved_to_published": moved,
            "cases": [
                {"number": c.number, "name": c.name, "abstract": c.abstract, "application": app.id}
                for c, (app, _) in zip(cases, rows, strict=True)
            ],
            "text": text if out is None else None,
        }


def _refuse_unnumbered_rows(path: Path) -> None:
    """A text row of three columns must start with its 序号; the reader would pass over it silently."""
    if path.suffix.lower() not in (".txt", ".md", ".tsv", ""):
        return
    for line_no, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        cells = [c.strip() for c in line.strip().strip("|").split("|" if line.lstrip().startswith("|") else "\t")]
        if len(cells) >= 3 and not cells[0].isdigit() and "".join(cells[:3]) != "".join(HEADER) and cells[0]:
            if set(cells[0]) <= set("-: "):
                continue  # a Markdown table rule
            raise ValueError(f"{path}:{line_no}: column 序号: {cells[0]!r} is not a number")


def import_published(ws: Workspace, path: Path, programme_id: str, edition: int) -> dict[str, Any]:
    """Record a published list (.txt/.md like 002, .html, .docx) as the outcome of an edition.

    A row that cannot be read is named by file and line and nothing is recorded; importing the
    same list again changes nothing but its record time.
    """
    try:
        _refuse_unnumbered_rows(path)
        listing = read_published(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{path}: cannot read the list: {exc}") from None
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    with ws.transaction() as s:
        p_id = latest_version(s, programme_id).programme_id
        before = [
            (e.number, e.name, e.abstract)
            for e in s.scalars(
                select(PublishedEntry)
                .where(PublishedEntry.programme_id == p_id, PublishedEntry.edition == edition)
                .order_by(PublishedEntry.number)
            )
        ]
        cases = list(listing.cases)
        title = listing.title or programme_id
        replaced = _record_list(s, p_id, edition, title, cases, str(path), ws.clock.now())
        return {
            "programme": p_id,
            "edition": edition,
            "title": title,
            "cases": len(cases),
            "replaced": replaced,
            "unchanged": before == [(c.number, c.name, c.abstract) for c in cases],
        }


def check_published(ws: Workspace, edition: int, cycle_id: int, programme_id: str | None = None) -> dict[str, Any]:
    """Which cases of a recorded list would break the given cycle's form rules (name, abstract); only those."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        programme_id = programme_id or p.id
        params = next(
            (g for g in (guard_params(p, c.id, "case-text-limits") for c in p.categories) if g is not None), None
        )
        if params is None:
            raise BadInput(f"cycle {cycle_id} ({p.id}) sets no case text limits to check against")
        limits = {f: lim for f, lim in params.get("limits", {}).items() if f in FORM_FIELDS}
        mode = params.get("count", "zi")
        entries = list(
            s.scalars(
                select(PublishedEntry)
                .where(PublishedEntry.programme_id == programme_id, PublishedEntry.edition == edition)
                .order_by(PublishedEntry.number)
            )
        )
        if not entries:
            raise BadInput(
                f"no published list of {programme_id} edition {edition} is recorded; "
                "record one with `ipcycle case import-published FILE`"
            )
        cases = []
        for e in entries:
            found = text_violations({"name": e.name, "abstract": e.abstract}, limits, mode)
            if found:
                cases.append(
                    {
                        "number": e.number,
                        "name": e.name,
                        "violations": [{"field": v.field, "limit": v.limit, "count": v.count} for v in found],
                    }
                )
        return {
            "programme": programme_id,
            "edition": edition,
            "against_cycle": cycle.id,
            "count": mode,
            "limits": limits,
            "checked": len(entries),
            "cases": cases,
        }
