"""The lists as the national office published them (copies kept for the public pages), and the case collections
of public case calls; a list not published, or of an internal programme, is never returned."""

from __future__ import annotations

from sqlalchemy import select

from engine.definition.model import Programme
from engine.machine.machine import Actor
from engine.services.national import namelists
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.publicity.open_notices import _public
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.cases import PublishedEntry
from engine.store.core import Cycle
from engine.store.filestore import Kept, kept_file
from engine.store.round import (
    PublishedListCopy,
)
from engine.store.workspace import Workspace

LIST_FORMATS = ("docx", "xlsx")
NATIONAL_OFFICE_ZH = "国家知识产权局"


class PublishedCopy(ServiceResult):
    """A list as the national office published it: title, 文号, how many units, when."""

    id: int
    cycle: int
    programme: str
    kind: str
    version: int
    title: str
    document: str
    units: int
    published_at: IsoDatetime
    changes: list[namelists.ListChange] = []  # a correction (更正): who it struck off since the version before, and why
    versions: list[int] = []  # every version's id, oldest first (filled where the page lists them)


class CaseCollection(ServiceResult):
    """A published case list (入选案例名单) of a public programme's edition."""

    programme: str
    programme_title: str
    edition: int
    title: str
    cases: list[tuple[int, str, str]]  # 序号, 案例名称, 案例摘要


# --- published lists ---------------------------------------------------------------------------------


def _copy_view(row: PublishedListCopy, p: Programme) -> PublishedCopy:
    return PublishedCopy(
        id=row.id,
        cycle=row.cycle_id,
        programme=p.title,
        kind=row.kind,
        version=row.version,
        title=row.title,
        document=row.document,
        units=row.units,
        published_at=row.published_at,
        changes=[namelists.ListChange.model_validate(c) for c in row.changes or []],
    )


def publish_list_copy(ws: Workspace, cycle_id: int, kind: str, actor: Actor) -> PublishedCopy:
    """Publish one of the cycle's lists on the public pages: rendered by ``list publish`` as a page, docx and xlsx,
    and kept as it was. A later disqualification, cancellation or revocation adds a corrected version (更正)."""
    row = namelists.publish_copy(ws, cycle_id, kind, actor)
    with ws.transaction() as s:
        return _copy_view(row, cycle_programme(get_cycle(s, cycle_id)))


def published_lists(ws: Workspace) -> list[PublishedCopy]:
    """The latest published version of each list of a public programme, newest first."""
    with ws.transaction() as s:
        rows = s.execute(
            select(PublishedListCopy, Cycle)
            .join(Cycle, Cycle.id == PublishedListCopy.cycle_id)
            .order_by(PublishedListCopy.published_at.desc(), PublishedListCopy.id.desc())
        ).all()
        seen: set[tuple[int, str]] = set()
        out = []
        for row, cycle in rows:
            p = cycle_programme(cycle)
            if not _public(p) or (row.cycle_id, row.kind) in seen:
                continue
            seen.add((row.cycle_id, row.kind))
            out.append(_copy_view(row, p))
        return out


def published_copy(
    ws: Workspace, copy_id: int
) -> tuple[PublishedCopy, list[namelists.ListGroupView], dict[str, Kept]] | None:
    """A published list's record, its rows by category and its files (docx, xlsx, html); None if not public."""
    with ws.transaction() as s:
        row = s.get(PublishedListCopy, copy_id)
        if row is None:
            return None
        p = cycle_programme(get_cycle(s, row.cycle_id))
        if not _public(p):
            return None
        groups = [namelists.ListGroupView.model_validate(g) for g in row.groups]
        versions = s.scalars(
            select(PublishedListCopy.id)
            .where(PublishedListCopy.cycle_id == row.cycle_id, PublishedListCopy.kind == row.kind)
            .order_by(PublishedListCopy.version)
        ).all()
        view = _copy_view(row, p).model_copy(update={"versions": list(versions)})
        files = {
            kind: kept_file(ws.url, sha or "", content, f"list {row.id}.{kind}")
            for kind, sha, content in (("docx", row.docx_sha256, row.docx), ("xlsx", row.xlsx_sha256, row.xlsx))
        }
        return view, groups, {**files, "html": Kept(content=row.html.encode())}


def case_collections(ws: Workspace) -> list[CaseCollection]:
    """Published case lists, an internal programme's too: its outcome is public once published (C7; seed 002)."""
    with ws.transaction() as s:
        entries = list(
            s.scalars(
                select(PublishedEntry).order_by(
                    PublishedEntry.programme_id, PublishedEntry.edition, PublishedEntry.number
                )
            )
        )
        programmes: dict[str, Programme | None] = {}
        found: dict[tuple[str, int], tuple[Programme, str, list[tuple[int, str, str]]]] = {}
        for e in entries:
            if e.programme_id not in programmes:
                cycle = s.scalars(select(Cycle).where(Cycle.programme_id == e.programme_id).limit(1)).first()
                programmes[e.programme_id] = cycle_programme(cycle) if cycle else None
            p = programmes[e.programme_id]
            if p is None:  # C7: an internal call's outcome is public once published, as seed 002 was
                continue
            found.setdefault((e.programme_id, e.edition), (p, e.list_title, []))[2].append(
                (e.number, e.name, e.abstract)
            )
        return [
            CaseCollection(programme=p.id, programme_title=p.title, edition=edition, title=title, cases=cases)
            for (_, edition), (p, title, cases) in found.items()
        ]
