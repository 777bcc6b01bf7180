"""An application's dossier: the materials checklist (A8) and the qualitative declarations (A3, A5, B3).

The applicant files materials and attests each condition; the province files its own letter and
records a finding on each attested condition. Guards on ``submit``, ``recommend`` and ``report``
read these records, so an incomplete dossier is refused with what is missing.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.kernel.limits import check_size, read_limited
from engine.kernel.text import free_text
from engine.machine.machine import Actor, authority_verdict
from engine.services.applications.stage_moves import SessionLookups, get_application, subject_of
from engine.services.programmes.cycles import cycle_programme
from engine.services.shared.results import ServiceResult
from engine.store.core import Application
from engine.store.filestore import FileStore, store_root
from engine.store.registers import Attestation, Finding, MaterialFile
from engine.store.workspace import Workspace
from policies.verdict import Verdict

MAX_FILE_BYTES = 50 * 1024 * 1024  # a scanned, stamped PDF of a work report runs to tens of MB


class MaterialFileRef(ServiceResult):
    """The file on record for a checklist item: its name, digest, size and who filed it."""

    name: str
    sha256: str
    size: int
    by: str


class ChecklistItem(ServiceResult):
    """A material of the category's checklist (A8) and the file filed for it, if any."""

    id: str
    title: str
    present: bool
    file: MaterialFileRef | None


class MaterialsFiled(ServiceResult):
    """The checklist after a file was added."""

    application: int
    materials: list[ChecklistItem]


class MaterialsView(ServiceResult):
    """The checklist, and whether every item has its file (what ``submit`` asks)."""

    application: int
    complete: bool
    materials: list[ChecklistItem]


class Declaration(ServiceResult):
    """A qualitative condition: attested by the applicant? found met by the province (None: not reviewed)?"""

    number: int
    text: str
    attested: bool
    met: bool | None


class DeclarationsChanged(ServiceResult):
    """The conditions after an attestation or a finding."""

    application: int
    declarations: list[Declaration]


class DeclarationsView(ServiceResult):
    """The conditions of an application's category, as attested and reviewed so far."""

    application: int
    category: str
    declarations: list[Declaration]


def _may_replace(s: Session, app: Application, material_id: str, actor: Actor) -> None:
    """Once submitted, a filed material is replaced only by the province that reviews it (the old file stays
    on record, as every filing does): what the province and the national office read cannot change under them."""
    if actor.role is not Role.APPLICANT or app.stage == cycle_programme(app.cycle).entry.to:
        return
    filed = s.scalar(
        select(MaterialFile.id).where(MaterialFile.application_id == app.id, MaterialFile.material_id == material_id)
    )
    if filed is not None:
        raise Refused(
            f"{material_id} was filed before submission; after it, only the province replaces it",
            [Verdict(False, "A8", "申报材料提交后如需更换，须由省级知识产权局办理（原材料留存备查）",
                     "after submission a filed material is replaced by the province only (the old file is kept)")],
        )  # fmt: skip


def _authorise(app: Application, actor: Actor, roles: list[Role], what: str) -> None:
    subject = subject_of(app)
    verdict = authority_verdict(actor, subject, roles)
    if not verdict.ok:
        raise Refused(f"{actor} may not {what} on application {app.id}", [verdict])


def checklist(s: Session, app: Application) -> list[ChecklistItem]:
    """Each material of the category's checklist, with the file on record for it, if any."""
    latest: dict[str, MaterialFile] = {}
    for row in s.scalars(select(MaterialFile).where(MaterialFile.application_id == app.id).order_by(MaterialFile.id)):
        latest[row.material_id] = row
    out = []
    for m in SessionLookups(s, app.cycle_id).materials(app.id):
        f = latest.get(m.id)
        out.append(
            ChecklistItem(
                id=m.id,
                title=m.title,
                present=m.present,
                file=None if f is None else MaterialFileRef(name=f.filename, sha256=f.sha256, size=f.size, by=f.actor),
            )
        )
    return out


def read_document(path: Path) -> bytes:
    """A filed document's bytes, read before any transaction; unreadable, empty or oversized is bad input.

    Documents are kept in the database (never under the name a user gave, never in a served folder);
    only a regular file is read, and never past the limit (not /dev/zero, not a FIFO).
    """
    data = read_limited(path, MAX_FILE_BYTES, "material")
    if not data:
        raise BadInput(f"{path}: the file is empty")
    return data


def add_material(ws: Workspace, app_id: int, material_id: str, path: Path, actor: Actor) -> MaterialsFiled:
    """File a document against a checklist item; a later file for the same item replaces the earlier one."""
    if store_root(ws.url) is None:
        return add_material_data(ws, app_id, material_id, path.name, read_document(path), actor, where=str(path))
    check_size(path, MAX_FILE_BYTES, "material")  # a regular file within the limit, else bad input naming it
    try:
        with path.open("rb") as fh:
            return add_material_stream(ws, app_id, material_id, path.name, fh, actor, where=str(path))
    except OSError as exc:
        raise BadInput(f"{path}: cannot read the file: {exc.strerror or exc}") from None


def add_material_data(
    ws: Workspace, app_id: int, material_id: str, filename: str, data: bytes, actor: Actor, where: str | None = None
) -> MaterialsFiled:
    """File ``data`` under ``filename`` (an upload, or a file read from disk) against a checklist item."""
    return add_material_stream(ws, app_id, material_id, filename, io.BytesIO(data), actor, where)


def add_material_stream(
    ws: Workspace,
    app_id: int,
    material_id: str,
    filename: str,
    source: BinaryIO,
    actor: Actor,
    where: str | None = None,
) -> MaterialsFiled:
    """File what ``source`` holds, read a chunk at a time, into the file store (engine/store/filestore.py) with
    its hash, size and name on the row; the file is synced and named just before the row commits, so a request
    cut off midway files nothing. Without a store (PostgreSQL without IPCYCLE_FILES) the bytes go in the row."""
    where = where or filename
    root = store_root(ws.url)
    if root is None:
        data = source.read(MAX_FILE_BYTES + 1)
        if not data:
            raise BadInput(f"{where}: the file is empty")
        if len(data) > MAX_FILE_BYTES:
            raise BadInput(f"{where}: {len(data)} bytes is more than the {MAX_FILE_BYTES} a material may have")
        digest = hashlib.sha256(data).hexdigest()
        return _file_material(ws, app_id, material_id, filename, actor, digest, len(data), data, lambda: None)
    store = FileStore(root)
    with store.staged(source, MAX_FILE_BYTES, where) as staged:
        keep = lambda: store.keep(staged)  # noqa: E731
        return _file_material(ws, app_id, material_id, filename, actor, staged.sha256, staged.size, None, keep)


def _file_material(
    ws: Workspace,
    app_id: int,
    material_id: str,
    filename: str,
    actor: Actor,
    sha256: str,
    size: int,
    content: bytes | None,
    keep: Callable[[], object],
) -> MaterialsFiled:
    with ws.transaction() as s:
        filed = file_material_in(s, ws, get_application(s, app_id), material_id, filename, actor, sha256, size, content)
        keep()  # the file under its name, synced, before the row naming it commits
        return filed


def file_material_in(
    s: Session, ws: Workspace, app: Application, material_id: str, filename: str, actor: Actor, sha256: str,
    size: int, content: bytes | None,
) -> MaterialsFiled:  # fmt: skip
    """Record a file already kept (by its digest; ``content``: its bytes where there is no store) against a
    checklist item, in the caller's transaction: one filing that names many applications commits or fails whole."""
    _authorise(app, actor, [Role.APPLICANT, Role.PROVINCE], "file materials")
    items = {m.id for m in checklist(s, app)}
    if material_id not in items:
        known = ", ".join(sorted(items)) or "none"
        raise BadInput(f"{material_id!r} is not on the checklist of {app.category} (checklist: {known})")
    _may_replace(s, app, material_id, actor)
    s.add(
        MaterialFile(
            application_id=app.id,
            material_id=material_id,
            filename=filename,
            sha256=sha256,
            size=size,
            content=content,
            at=ws.clock.now(),
            actor=str(actor),
        )
    )
    s.flush()
    return MaterialsFiled(application=app.id, materials=checklist(s, app))


class MaterialContent(ServiceResult):
    """The file on record for a checklist item, with its bytes (to be served back as an attachment)."""

    application: int
    material: str
    filename: str
    sha256: str
    content: bytes


class MaterialDownload(ServiceResult):
    """The file on record for a checklist item: where it is kept (to be streamed), or its bytes (kept in the row)."""

    filename: str
    sha256: str
    path: str | None
    content: bytes | None


def material_download(ws: Workspace, app_id: int, material_id: str) -> MaterialDownload:
    """The latest file filed for ``material_id``, without reading a kept file; bad input when none is."""
    with ws.transaction() as s:
        row = s.scalar(
            select(MaterialFile)
            .where(MaterialFile.application_id == app_id, MaterialFile.material_id == material_id)
            .order_by(MaterialFile.id.desc())
            .limit(1)
        )
        if row is None:
            raise BadInput(f"application {app_id} has no file for {material_id!r}")
        if row.content is not None:
            return MaterialDownload(filename=row.filename, sha256=row.sha256, path=None, content=row.content)
        root = store_root(ws.url)
        if root is None:
            raise BadInput(f"{row.filename} is kept in the file store: set IPCYCLE_FILES to its directory")
        return MaterialDownload(
            filename=row.filename, sha256=row.sha256, path=str(FileStore(root).path_of(row.sha256)), content=None
        )


def material_content(ws: Workspace, app_id: int, material_id: str) -> MaterialContent:
    """The latest file filed for ``material_id`` with its bytes; bad input when none is."""
    found = material_download(ws, app_id, material_id)
    if found.content is not None:
        data = found.content
    else:
        assert found.path is not None
        try:
            data = Path(found.path).read_bytes()
        except OSError as exc:
            raise BadInput(f"{found.filename}: its kept file cannot be read: {exc.strerror or exc}") from None
    return MaterialContent(
        application=app_id, material=material_id, filename=found.filename, sha256=found.sha256, content=data
    )


def show_materials(ws: Workspace, app_id: int) -> MaterialsView:
    with ws.transaction() as s:
        app = get_application(s, app_id)
        items = checklist(s, app)
        return MaterialsView(application=app.id, complete=all(m.present for m in items), materials=items)


def _declarations(s: Session, app: Application) -> list[Declaration]:
    return [
        Declaration(number=d.number, text=d.text, attested=d.attested, met=d.met)
        for d in SessionLookups(s, app.cycle_id).declarations(app.id)
    ]


def _numbers(app: Application, numbers: list[int]) -> None:
    cat = cycle_programme(app.cycle).category(app.category)
    count = len(cat.declarations) if cat else 0
    bad = [n for n in numbers if not 1 <= n <= count]
    if not numbers or bad:
        raise BadInput(f"{app.category} has conditions 1–{count}; {bad or 'none given'} is not one of them")


def attest(ws: Workspace, app_id: int, numbers: list[int], actor: Actor) -> DeclarationsChanged:
    """The applicant attests conditions while its application is still being prepared."""
    with ws.transaction() as s:
        app = get_application(s, app_id)
        _authorise(app, actor, [Role.APPLICANT], "attest conditions")
        _numbers(app, numbers)
        entry = cycle_programme(app.cycle).entry.to
        if app.stage != entry:
            raise BadInput(f"conditions are attested while the application is in {entry}; it is in {app.stage}")
        cat = cycle_programme(app.cycle).category(app.category)
        other = {n: t for t in (cat.tracks if cat else []) if t.id != app.track for n in t.conditions}
        if stray := sorted(n for n in numbers if n in other):
            names = "、".join(dict.fromkeys(other[n].name for n in stray))
            raise BadInput(
                f"conditions: {', '.join(map(str, stray))} belong to a track not chosen at application ({names}): "
                "withdraw and apply again choosing it"
            )
        have = set(s.scalars(select(Attestation.number).where(Attestation.application_id == app.id)))
        for n in sorted(set(numbers) - have):
            s.add(Attestation(application_id=app.id, number=n, at=ws.clock.now(), actor=str(actor)))
        s.flush()
        return DeclarationsChanged(application=app.id, declarations=_declarations(s, app))


def record_finding(
    ws: Workspace, app_id: int, number: int, met: bool, note: str | None, actor: Actor
) -> DeclarationsChanged:
    """The province's review finding on one attested condition; a later finding supersedes it."""
    note = free_text(note, "note") or None
    with ws.transaction() as s:
        app = get_application(s, app_id)
        _authorise(app, actor, [Role.PROVINCE], "record review findings")
        _numbers(app, [number])
        if app.stage == cycle_programme(app.cycle).entry.to:
            raise BadInput(f"application {app.id} is not submitted yet; the province reviews it after submission")
        if (
            s.scalar(select(Attestation.id).where(Attestation.application_id == app.id, Attestation.number == number))
            is None
        ):
            raise BadInput(f"condition {number} of application {app.id} has not been attested")
        s.add(Finding(application_id=app.id, number=number, met=met, note=note, at=ws.clock.now(), actor=str(actor)))
        s.flush()
        return DeclarationsChanged(application=app.id, declarations=_declarations(s, app))


def show_declarations(ws: Workspace, app_id: int) -> DeclarationsView:
    with ws.transaction() as s:
        app = get_application(s, app_id)
        return DeclarationsView(application=app.id, category=app.category, declarations=_declarations(s, app))
