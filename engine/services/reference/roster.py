"""Organisation rosters: the template a province fills, and its all-or-nothing, idempotent import.

A roster row is matched to a recorded organisation by its USCC, or a government by its division
code, so importing the same file twice changes nothing and a corrected file updates in place.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from engine.definition.model import Role
from engine.files.sheets import csv_safe
from engine.files.spreadsheet import TEMPLATE_ROWS, Column, Sheet, write_workbook
from engine.files.tabular import read_table
from engine.kernel.errors import BadInput, Refused
from engine.machine.machine import Actor
from engine.services.reference.organisations import (
    BY_DIVISION,
    KINDS,
    VOCABULARY_ZH,
    check_organisation,
    in_province,
    organisation_province,
)
from engine.services.shared.reference_audit import ReferenceLine, audit, file_source
from engine.services.shared.results import ServiceResult
from engine.store.core import Organisation
from engine.store.workspace import Workspace
from policies.facts import OrganisationKind
from policies.guards.kinds import KIND_NAMES_ZH
from policies.reference.divisions import registry
from policies.reference.provinces import province_of
from policies.verdict import Verdict

# Reports how far an import is: (stage, rows done, rows in all).
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 2_000  # rows between reports: often enough for a bar, rare enough to cost nothing
# Values per IN (...) query when matching rows to records: far below SQLite's 32,766 bound parameters.
MATCH_CHUNK = 500

COLUMNS = ("name", "kind", "division_code", "uscc", "entity_form", "education_level", "park_level", "founder", "email")
ATTRIBUTE_COLUMNS = ("entity_form", "education_level", "park_level", "founder")
# The template's Chinese headers; the importer reads these and the codes above alike.
HEADERS_ZH = {
    "name": "单位名称",
    "kind": "单位类型",
    "division_code": "行政区划代码",
    "uscc": "统一社会信用代码",
    "entity_form": "企业组织形式",
    "education_level": "办学层次",
    "park_level": "园区级别",
    "founder": "设立主体",
    "email": "联系邮箱",
}
LABELS: dict[str, dict[str, str]] = {"kind": {k: KIND_NAMES_ZH[k] for k in KINDS}, **VOCABULARY_ZH}
# A value read back: its code from its label (the codes themselves are accepted too).
CODES = {column: {label: code for code, label in labels.items()} for column, labels in LABELS.items()}
COLUMN_HELP = {
    "name": "单位全称，与营业执照或登记证书一致",
    "kind": "从下拉列表选择：" + "、".join(KIND_NAMES_ZH[k] for k in KINDS),
    "division_code": "GB/T 2260 六位行政区划代码；人民政府必填",
    "uscc": "18位统一社会信用代码；人民政府以外的单位必填",
    "entity_form": "企业必填，从下拉列表选择：" + "、".join(VOCABULARY_ZH["entity_form"].values()),
    "education_level": "高校必填，从下拉列表选择：" + "、".join(VOCABULARY_ZH["education_level"].values()),
    "park_level": "园区必填，从下拉列表选择：" + "、".join(VOCABULARY_ZH["park_level"].values()),
    "founder": "科研机构必填，从下拉列表选择：" + "、".join(VOCABULARY_ZH["founder"].values()),
    "email": "联系邮箱",
}


class CreatedOrganisation(ServiceResult):
    """An organisation a roster row created, as the row gave it, with its new id."""

    row: int
    id: int | None
    name: str
    kind: str
    division_code: str | None
    uscc: str | None
    email: str | None
    attributes: dict[str, Any]


class UpdatedOrganisation(ServiceResult):
    """A recorded organisation a roster row changed, and which of its fields."""

    row: int
    id: int | None
    name: str
    changed: list[str]


class RosterChanges(ServiceResult):
    """What importing rows did: organisations created, updated, and how many rows changed nothing."""

    created: list[CreatedOrganisation]
    updated: list[UpdatedOrganisation]
    unchanged: int


class RosterImport(ServiceResult):
    """A roster file imported: its rows, and what they created and updated."""

    file: str
    rows: int
    created: list[CreatedOrganisation]
    updated: list[UpdatedOrganisation]
    unchanged: int
    dry_run: bool = False


class RosterTemplate(ServiceResult):
    """A roster written for a province to fill: where, its columns, and how many recorded organisations it holds."""

    file: str
    columns: list[str]
    rows: int = 0


@dataclass(frozen=True)
class RosterRow:
    """One checked row: its spreadsheet row number and the organisation's normalised fields."""

    row: int
    fields: dict[str, Any]

    @property
    def key(self) -> tuple[str, str]:
        """A government is its division (with or without a USCC on the row); anything else its USCC."""
        f = self.fields
        if f["kind"] == OrganisationKind.GOVERNMENT or not f["uscc"]:
            return ("division_code", f["division_code"] or "")
        return ("uscc", f["uscc"])


def read_roster(path: Path, progress: Progress | None = None) -> list[RosterRow]:
    """Every row checked; any problem anywhere raises BadInput naming each row and column."""
    table = read_table(path, COLUMNS[:2], COLUMNS[2:], aliases={v: k for k, v in HEADERS_ZH.items()})
    for _, cells in table.rows:  # a value picked from the template's list is its Chinese label
        for column, codes in CODES.items():
            if cells.get(column) in codes:
                cells[column] = codes[cells[column]]
    problems = table.problems()
    rows: list[RosterRow] = []
    seen: dict[tuple[str, str], int] = {}
    for done, (number, cells) in enumerate(table.rows, start=1):
        if progress and done % PROGRESS_EVERY == 0:
            progress("checking", done, len(table.rows))
        attrs = {c: cells.get(c, "") for c in ATTRIBUTE_COLUMNS}
        fields, found = check_organisation(
            cells.get("name", ""),
            cells.get("kind", ""),
            cells.get("division_code"),
            cells.get("uscc"),
            cells.get("email"),
            attrs,
            strict=True,
        )
        for column, message in found:
            problems.add(number, column, message)
        if found:
            continue
        row = RosterRow(number, fields)
        if row.key in seen:
            problems.add(number, row.key[0], f"{row.key[1]} 已在第{seen[row.key]}行出现")
            continue
        seen[row.key] = number
        rows.append(row)
    problems.raise_if_any()
    if not rows:
        raise BadInput(f"{path}：文件中没有任何单位", field="file")
    return rows


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _changes(org: Organisation | _New, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields a row would change; a blank or absent cell changes nothing, so a partial roster never erases."""
    out = {k: v for k, v in fields.items() if k != "attributes" and not _blank(v) and getattr(org, k) != v}
    given = {k: v for k, v in (fields["attributes"] or {}).items() if not _blank(v)}
    merged = {**(org.attributes or {}), **given}
    if merged != (org.attributes or {}):
        out["attributes"] = merged
    return out


@dataclass
class _New:
    """An organisation the import creates: later rows match it like a recorded one; inserted in one batch."""

    name: str
    kind: str
    division_code: str | None
    uscc: str | None
    email: str | None
    attributes: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    def record(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("name", "kind", "division_code", "uscc", "email", "attributes")}


def _chunks(values: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), MATCH_CHUNK):
        yield values[start : start + MATCH_CHUNK]


class _Matches:
    """What each row means, found as ``existing_match`` finds it but with one query per 500 keys, not per row."""

    def __init__(self, s: Session, rows: list[RosterRow]) -> None:
        self.by_uscc: dict[str, Organisation | _New] = {}
        self.by_division: dict[tuple[str, str], Organisation | _New] = {}
        usccs = sorted({r.fields["uscc"] for r in rows if r.fields["uscc"]})
        for chunk in _chunks(usccs):
            for org in s.scalars(select(Organisation).where(Organisation.uscc.in_(chunk))):
                self.by_uscc[org.uscc or ""] = org
        codes = sorted({r.fields["division_code"] for r in rows if r.fields["kind"] in BY_DIVISION} - {None})
        for chunk in _chunks(codes):
            q = select(Organisation).where(Organisation.kind.in_(BY_DIVISION), Organisation.division_code.in_(chunk))
            for org in s.scalars(q.order_by(Organisation.id)):  # the first registered, as government_of takes
                self.by_division.setdefault((org.kind, org.division_code or ""), org)

    def find(self, fields: dict[str, Any]) -> Organisation | _New | None:
        if fields["uscc"] and fields["uscc"] in self.by_uscc:
            return self.by_uscc[fields["uscc"]]
        if fields["kind"] in BY_DIVISION and fields["division_code"]:
            return self.by_division.get((fields["kind"], fields["division_code"]))
        return None

    def remember(self, org: Organisation | _New) -> None:
        """Let later rows of the file find ``org`` by its (possibly just changed) codes."""
        if org.uscc:
            self.by_uscc.setdefault(org.uscc, org)
        if org.kind in BY_DIVISION and org.division_code:
            self.by_division.setdefault((org.kind, org.division_code), org)


def _identity(kind: str, division_code: str | None, uscc: str | None) -> tuple[str, str | None, str | None]:
    return (kind, division_code, uscc)


def _insert(s: Session, new: list[tuple[dict[str, Any], _New]]) -> None:
    """Insert the new organisations by executemany and give each its id.

    The ids come back by RETURNING with the codes, matched by those codes: asking SQLAlchemy to keep the
    parameters' order instead makes it send one INSERT per row on SQLite, which is what made imports slow.
    """
    by_identity = {_identity(n.kind, n.division_code, n.uscc): (entry, n) for entry, n in new}
    table = cast(Table, Organisation.__table__)  # Core: the ORM splits a batch wherever rows' None keys differ
    cols = (table.c.id, table.c.kind, table.c.division_code, table.c.uscc)
    if len(by_identity) < len(new):  # two new rows ended with the same codes: keep the order the slow way
        ordered = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        ids = s.scalars(ordered, [n.record() for _, n in new]).all()
        for (entry, n), new_id in zip(new, ids, strict=True):
            entry["id"] = n.id = new_id
        return
    for new_id, kind, code, uscc in s.execute(insert(table).returning(*cols), [n.record() for _, n in new]):
        entry, n = by_identity[_identity(kind, code, uscc)]
        entry["id"] = n.id = new_id


def _others(matches: _Matches, rows: list[RosterRow], province: str, name: str) -> None:
    """Refuse rows matching (by USCC) a recorded organisation of another province: a province changes its own
    organisations only, whatever the row says of itself. The row is named, the other organisation is not."""
    problems = [
        f"{name}: row {r.row}, uscc: {r.fields['uscc']} 已登记为其他省份的单位，本省不能修改"
        f"（already registered to an organisation of another province; not yours to change）"
        for r in rows
        if isinstance(org := matches.find(r.fields), Organisation) and not in_province(org, province)
    ]
    if problems:
        raise BadInput("\n".join(problems))


def import_rows(
    s: Session,
    rows: list[RosterRow],
    progress: Progress | None = None,
    lines: list[ReferenceLine] | None = None,
    province: tuple[str, str] | None = None,
) -> RosterChanges:
    """Create or update each row's organisation inside the caller's transaction.

    Matches are looked up in batches and new organisations inserted by one executemany: a query and
    a flush per row made a 100,000-row roster take minutes. ``province`` (its code, and the file's name for
    messages): the rows may change organisations of that province only.
    """
    matches = _Matches(s, rows)
    if province is not None:
        _others(matches, rows, *province)
    new: list[tuple[dict[str, Any], _New]] = []  # each as reported when its row created it, and as stored
    changed: list[tuple[int, Organisation | _New, dict[str, Any]]] = []
    before: list[dict[str, Any]] = []  # what each changed organisation's changed fields were
    unchanged = 0
    for done, row in enumerate(rows, start=1):
        if progress and done % PROGRESS_EVERY == 0:
            progress("storing", done, len(rows))
        f = row.fields
        org = matches.find(f)
        if org is None:
            fresh = _New(**f)
            new.append(({"row": row.row, "id": None, **fresh.record()}, fresh))
            matches.remember(fresh)
            continue
        changes = _changes(org, f)
        if not changes:
            unchanged += 1
            continue
        before.append({k: getattr(org, k) for k in changes})
        for key, value in changes.items():
            setattr(org, key, value)
        matches.remember(org)
        changed.append((row.row, org, changes))
    s.flush()
    if new:
        _insert(s, new)
    created = [CreatedOrganisation(**entry) for entry, _ in new]  # the keys organisation_json gives, in its order
    updated = [UpdatedOrganisation(row=r, id=o.id, name=o.name, changed=sorted(c)) for r, o, c in changed]
    if lines is not None:  # an address or a name changed is audited with what it was; new rows in one line
        lines += [
            ReferenceLine(change="changed", key=f"organisation {o.id}", before=b, after=c)
            for (_, o, c), b in zip(changed, before, strict=True)
        ]
        if created:
            lines.append(ReferenceLine(change="added", key=f"{len(created)} organisations", before=None,
                                       after={"ids": [c.id for c in created][:50]}))  # fmt: skip
    return RosterChanges(created=created, updated=updated, unchanged=unchanged)


def import_roster(
    ws: Workspace,
    path: Path,
    progress: Progress | None = None,
    province: str | None = None,
    name: str | None = None,
    actor: Actor | None = None,
    dry_run: bool = False,
) -> RosterImport:
    """Import a roster file: all rows or none; re-importing the same file changes nothing.

    ``province``: a province imports its own organisations only; a row elsewhere is a problem of that row.
    ``name``: what to call the file in messages (an upload's own name rather than where it was kept).
    ``actor``: who imports (the CLI and portal say): the national office, or a province for its own
    organisations; what changed (an address, a name) is audited with what it was.
    ``dry_run``: the same report (rows created, updated, unchanged), everything rolled back.
    """
    if actor is not None and actor.role is not Role.NATIONAL:
        if actor.role is not Role.PROVINCE:
            raise Refused(f"{actor} may not import a roster", [Verdict(False, "ROLE",
                          "申报单位名录由国家知识产权局和所在省级知识产权局维护",
                          f"rosters are imported by the national office or a province, not {actor}")])  # fmt: skip
        province = actor.scope
    rows = read_roster(path, progress)
    if province:
        outside = [r for r in rows if organisation_province(r.fields["division_code"], r.fields["uscc"]) != province]
        if outside:
            problems = [f"{name or path}: row {r.row}, division_code: not in province {province}" for r in outside]
            raise BadInput("\n".join(problems))
    audited: list[ReferenceLine] = []
    try:
        with ws.transaction() as s:
            scope = (province, str(name or path)) if province else None
            result = import_rows(s, rows, progress, audited if actor is not None else None, scope)
            if dry_run:
                raise _Previewed(result)
            if actor is not None:
                audit(s, "organisations", None, audited, file_source(path, name), actor, ws.clock.now())
    except _Previewed as previewed:
        result = previewed.result
    return RosterImport(file=str(path), rows=len(rows), created=result.created, updated=result.updated,
                        unchanged=result.unchanged, dry_run=dry_run)  # fmt: skip


class _Previewed(Exception):
    """Raised inside a dry run's transaction so that the rows it wrote roll back; carries the report."""

    def __init__(self, result: RosterChanges) -> None:
        self.result = result


def write_template(path: Path, rows: Sequence[Sequence[str]] = ()) -> RosterTemplate:
    """A roster: CSV (UTF-8 with BOM, so Excel reads the Chinese) or XLSX with drop-down lists; headers
    and choices in Chinese, and the importer reads them back (and the old English codes as well). ``rows`` (in
    COLUMNS' order, values as labels) are written into it, so a province corrects and adds rather than types
    again (B11)."""
    suffix = path.suffix.lower()
    headers = [HEADERS_ZH[c] for c in COLUMNS]
    if suffix == ".csv":
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([[csv_safe(c) for c in row] for row in [headers, *rows]])
        path.write_text(out.getvalue(), encoding="utf-8-sig")
    elif suffix == ".xlsx":
        _write_xlsx_template(path, rows)
    else:
        raise BadInput(f"{path}: the template is written as .csv or .xlsx")
    return RosterTemplate(file=str(path), columns=headers, rows=len(rows))


def province_rows(ws: Workspace, province: str) -> list[list[str]]:
    """The organisations recorded in a province (by division, or where their USCC was registered), as roster rows
    with their labels: what the system holds already, so the province is not asked for it again (notice 004
    §五(二): 本级掌握或通过其他渠道可以获取的信息和数据不得要求下一层级报送)."""
    with ws.transaction() as s:
        everyone = s.scalars(
            select(Organisation).order_by(Organisation.kind, Organisation.division_code, Organisation.id)
        )
        found = [
            o
            for o in everyone
            if o.kind != OrganisationKind.PROVINCIAL_OFFICE
            and organisation_province(o.division_code, o.uscc) == province
        ]

        def label(column: str, value: object) -> str:
            return LABELS.get(column, {}).get(str(value), str(value)) if value not in (None, "") else ""

        return [
            [o.name, label("kind", o.kind), o.division_code or "", o.uscc or "",
             *(label(a, o.attributes.get(a)) for a in ATTRIBUTE_COLUMNS), o.email or ""]
            for o in found
        ]  # fmt: skip


def write_province_template(ws: Workspace, path: Path, province: str, actor: Actor) -> RosterTemplate:
    """The roster template prefilled with the province's recorded organisations (B11); a province gets its own,
    the national office any province's. Importing it unchanged changes nothing (rows match by USCC or division)."""
    code = province_of(province) if province else None
    if code is None or code not in {d.code for d in registry().provinces()}:
        raise BadInput(f"{province!r} 不是省级行政区划代码（如 320000）", field="province")
    if not (actor.role is Role.NATIONAL or (actor.role is Role.PROVINCE and actor.scope == code)):
        raise Refused(
            f"{actor} may not have the roster of province {code}",
            [Verdict(False, "ROLE", "申报单位名录由国家知识产权局和所在省级知识产权局维护",
                     f"a province's roster goes to that province or the national office, not {actor}")],
        )  # fmt: skip
    return write_template(path, province_rows(ws, code))


def _write_xlsx_template(path: Path, rows: Sequence[Sequence[str]] = ()) -> None:
    """Row 1 the headers (the importer reads row 1), then 500 rows with the lists; a second sheet explains."""
    columns = [
        Column(HEADERS_ZH[c], min_width=14, max_width=30, choices=list(LABELS[c].values()) if c in LABELS else ())
        for c in COLUMNS
    ]
    codes = [COLUMNS.index("division_code"), COLUMNS.index("uscc")]  # text: 110101 keeps its digits, USCCs whole
    roster = Sheet("申报单位名录", columns, rows, numbered=False, template_rows=TEMPLATE_ROWS, text_columns=codes)
    help_rows = [[HEADERS_ZH[c], COLUMN_HELP[c]] for c in COLUMNS]
    guide = Sheet("填写说明", [Column("列"), Column("填写要求", max_width=70)], help_rows, numbered=False)
    write_workbook(path, [roster, guide])
