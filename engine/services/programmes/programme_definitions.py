"""Service functions for programme definitions: load, list, show, validate, draw."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from engine.definition.loader import (
    bundled_definition_files,
    content_hash,
    load_definition_file,
    programme_from_snapshot,
)
from engine.definition.model import Programme
from engine.definition.yamlsource import DefinitionError
from engine.kernel.errors import BadInput
from engine.services.shared.results import ServiceResult
from engine.store.core import ProgrammeVersion
from engine.store.workspace import Workspace


class ProgrammeLoaded(ServiceResult):
    """A definition text that became its programme's current version."""

    id: str
    hash: str
    source: str


class ProgrammeListing(ServiceResult):
    """A programme as ``programme list`` shows it: its current version's title, notice and categories."""

    id: str
    title: str
    document: str
    visibility: str
    categories: list[str]
    hash: str


class CategoryName(ServiceResult):
    id: str
    name: str


class StageSummary(ServiceResult):
    id: str
    title: str
    final: bool


class MilestoneRule(ServiceResult):
    """A milestone and how its date is found: the definition's rule, or "given at opening"."""

    id: str
    title: str
    due: dict[str, Any] | str


class ProgrammeSummary(ServiceResult):
    """A readable digest of a definition for ``programme show``."""

    id: str
    title: str
    document: str
    issuer: str
    visibility: str
    recurrence: dict[str, Any] | None
    categories: list[CategoryName]
    stages: list[StageSummary]
    events: list[str]
    event_titles: dict[str, str]  # each event as a clerk reads it
    milestones: list[MilestoneRule]

    def event_title(self, event: str) -> str:
        return self.event_titles.get(event, "办理")


def load_programmes(ws: Workspace, files: list[Path] | None = None) -> list[ProgrammeLoaded]:
    """Make each file's text the current version of its programme; all must be valid or none is loaded.

    A text seen before (an edit reverted) becomes current again rather than being stored twice.
    """
    files = bundled_definition_files() if files is None else files
    parsed, problems = [], []
    for path in files:
        try:
            parsed.append((path, *load_definition_file(path)))
        except DefinitionError as exc:
            problems += exc.problems
    if problems:
        raise DefinitionError(problems)
    loaded: list[ProgrammeLoaded] = []
    with ws.transaction() as s:
        for path, text, programme in parsed:
            digest = content_hash(text)
            version = s.scalar(select(ProgrammeVersion).where(ProgrammeVersion.content_hash == digest))
            if version is not None and version.current:
                continue
            s.execute(
                update(ProgrammeVersion).where(ProgrammeVersion.programme_id == programme.id).values(current=False)
            )
            if version is None:
                version = ProgrammeVersion(
                    programme_id=programme.id,
                    content_hash=digest,
                    source=str(path),
                    text=text,
                    loaded_at=ws.clock.now(),
                )
                s.add(version)
            version.current = True
            loaded.append(ProgrammeLoaded(id=programme.id, hash=digest[:12], source=str(path)))
    return loaded


def latest_version(s: Session, programme_id: str) -> ProgrammeVersion:
    """The current text of a programme (the one last loaded); unknown ids are bad input."""
    version = s.scalars(
        select(ProgrammeVersion).where(ProgrammeVersion.programme_id == programme_id, ProgrammeVersion.current)
    ).first()
    if version is None:
        known = ", ".join(sorted(set(s.scalars(select(ProgrammeVersion.programme_id)))))
        raise BadInput(
            f"unknown programme {programme_id!r} (known: {known or 'none: the bundled definitions are not loaded'})",
            field="programme",
        )
    return version


def current_programme(ws: Workspace, programme_id: str) -> Programme:
    with ws.transaction() as s:
        return programme_from_snapshot(latest_version(s, programme_id).text)


def list_programmes(ws: Workspace) -> list[ProgrammeListing]:
    with ws.transaction() as s:
        ids = sorted(set(s.scalars(select(ProgrammeVersion.programme_id))))
        out = []
        for pid in ids:
            version = latest_version(s, pid)
            p = programme_from_snapshot(version.text)
            out.append(
                ProgrammeListing(
                    id=p.id,
                    title=p.title,
                    document=p.document,
                    visibility=p.visibility.value,
                    categories=[c.id for c in p.categories],
                    hash=version.content_hash[:12],
                )
            )
        return out


def programme_summary(p: Programme) -> ProgrammeSummary:
    """A readable digest of a definition for ``programme show``."""
    return ProgrammeSummary(
        id=p.id,
        title=p.title,
        document=p.document,
        issuer=p.issuer,
        visibility=p.visibility.value,
        recurrence=p.recurrence.model_dump() if p.recurrence else None,
        categories=[CategoryName(id=c.id, name=c.name) for c in p.categories],
        stages=[StageSummary(id=s.id, title=s.title, final=s.final) for s in p.stages],
        events=sorted(p.events() | {p.entry.event}),
        event_titles={e: p.event_title(e) for e in sorted(p.events() | {p.entry.event})},
        milestones=[
            MilestoneRule(id=m.id, title=m.title, due=m.due.model_dump() if m.due else "given at opening")
            for m in p.milestones
        ],
    )


def diagram(p: Programme, fmt: str) -> str:
    """The stage graph as Mermaid ``stateDiagram-v2`` or Graphviz ``dot``."""
    edges: dict[tuple[str, str], list[str]] = {}
    for t in p.transitions:
        for src in p.sources(t):
            events = edges.setdefault((src, t.to), [])
            if t.event not in events:  # the same event defined per category draws once
                events.append(t.event)
    if fmt == "mermaid":
        lines = ["stateDiagram-v2", f"    [*] --> {_mid(p.entry.to)}: {p.entry.event}"]
        lines += [f"    {_mid(s.id)}: {s.title}" for s in p.stages]
        lines += [f"    {_mid(a)} --> {_mid(b)}: {', '.join(ev)}" for (a, b), ev in edges.items()]
        lines += [f"    {_mid(s.id)} --> [*]" for s in p.stages if s.final]
        return "\n".join(lines) + "\n"
    if fmt == "dot":
        lines = [f'digraph "{p.id}" {{', "    rankdir=LR;", "    node [shape=box, style=rounded];"]
        for s in p.stages:
            shape = ", peripheries=2" if s.final else ""
            lines.append(f'    "{s.id}" [label="{s.title}\\n{s.id}"{shape}];')
        lines += [f'    "{a}" -> "{b}" [label="{", ".join(ev)}"];' for (a, b), ev in edges.items()]
        return "\n".join([*lines, "}"]) + "\n"
    raise BadInput(f"unknown diagram format {fmt!r} (use mermaid or dot)")


def _mid(stage_id: str) -> str:
    return stage_id.replace("-", "_")


def definition_schema() -> dict[str, Any]:
    """The definition format's JSON Schema: a document in its own right, so it stays a plain mapping."""
    return Programme.model_json_schema(by_alias=True)
