"""Organisation rosters: the template a province fills, and its all-or-nothing, idempotent import.

A roster row is matched to a recorded organisation by its USCC, or a government by its division
code, so importing the same file twice changes nothing and a corrected file updates in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from engine.files.tabular import Problems, read_table
from engine.kernel.errors import BadInput
from engine.services.organisations import KINDS, VOCABULARY, check_organisation, existing_match, organisation_record
from engine.store.core import Organisation
from engine.store.workspace import Workspace
from policies.facts import OrganisationKind
from policies.reference.provinces import province_of

COLUMNS = ("name", "kind", "division_code", "uscc", "entity_form", "education_level", "park_level", "founder", "email")
ATTRIBUTE_COLUMNS = ("entity_form", "education_level", "park_level", "founder")
COLUMN_HELP = {
    "name": "单位全称 full name",
    "kind": "单位类型: " + ", ".join(KINDS),
    "division_code": "行政区划代码 (GB/T 2260, 6 digits); required for a government",
    "uscc": "统一社会信用代码 (18 characters); required except for a government",
    "entity_form": "企业组织形式 (companies): " + ", ".join(VOCABULARY["entity_form"]),
    "education_level": "办学层次 (universities): " + ", ".join(VOCABULARY["education_level"]),
    "park_level": "园区级别 (parks): " + ", ".join(VOCABULARY["park_level"]),
    "founder": "设立主体 (institutes): " + ", ".join(VOCABULARY["founder"]),
    "email": "联系邮箱 e-mail",
}


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


def read_roster(path: Path) -> list[RosterRow]:
    """Every row checked; any problem anywhere raises BadInput naming each row and column."""
    table = read_table(path, COLUMNS[:2], COLUMNS[2:])
    problems = Problems(path)
    rows: list[RosterRow] = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in table.rows:
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
            problems.add(number, row.key[0], f"{row.key[1]} is already on row {seen[row.key]}")
            continue
        seen[row.key] = number
        rows.append(row)
    problems.raise_if_any()
    if not rows:
        raise BadInput(f"{path}: no organisations in the file")
    return rows


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _changes(org: Organisation, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields a row would change; a blank or absent cell changes nothing, so a partial roster never erases."""
    out = {k: v for k, v in fields.items() if k != "attributes" and not _blank(v) and getattr(org, k) != v}
    given = {k: v for k, v in (fields["attributes"] or {}).items() if not _blank(v)}
    merged = {**(org.attributes or {}), **given}
    if merged != (org.attributes or {}):
        out["attributes"] = merged
    return out


def import_rows(s: Session, rows: list[RosterRow]) -> dict[str, Any]:
    """Create or update each row's organisation inside the caller's transaction."""
    created, updated, unchanged = [], [], 0
    for row in rows:
        f = row.fields
        org = existing_match(s, f["kind"], f["division_code"], f["uscc"])
        if org is None:
            org = Organisation(**f)
            s.add(org)
            s.flush()
            created.append({"row": row.row, **organisation_record(org).as_json()})
            continue
        changes = _changes(org, f)
        if not changes:
            unchanged += 1
            continue
        for key, value in changes.items():
            setattr(org, key, value)
        s.flush()
        updated.append({"row": row.row, "id": org.id, "name": org.name, "changed": sorted(changes)})
    return {"created": created, "updated": updated, "unchanged": unchanged}


def import_roster(ws: Workspace, path: Path, province: str | None = None, name: str | None = None) -> dict[str, Any]:
    """Import a roster file: all rows or none; re-importing the same file changes nothing.

    ``province``: a province imports its own organisations only; a row elsewhere is a problem of that row.
    ``name``: what to call the file in messages (an upload's own name rather than where it was kept).
    """
    rows = read_roster(path)
    if province:
        outside = [r for r in rows if province_of(r.fields["division_code"]) != province]
        if outside:
            lines = [f"{name or path}: row {r.row}, division_code: not in province {province}" for r in outside]
            raise BadInput("\n".join(lines))
    with ws.transaction() as s:
        result = import_rows(s, rows)
    return {"file": str(path), "rows": len(rows), **result}


def write_template(path: Path) -> dict[str, Any]:
    """An empty roster: CSV (UTF-8 with BOM, so Excel reads the Chinese) or XLSX with drop-down lists."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        path.write_text(",".join(COLUMNS) + "\n", encoding="utf-8-sig")
    elif suffix == ".xlsx":
        _write_xlsx_template(path)
    else:
        raise BadInput(f"{path}: the template is written as .csv or .xlsx")
    return {"file": str(path), "columns": list(COLUMNS)}


def _write_xlsx_template(path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "organisations"
    sheet.append(list(COLUMNS))
    for i, col in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.comment = Comment(COLUMN_HELP[col], "ipcycle")
        sheet.column_dimensions[cell.column_letter].width = max(14, len(col) + 4)
        choices = KINDS if col == "kind" else VOCABULARY.get(col)
        if choices:
            dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
            dv.add(f"{cell.column_letter}2:{cell.column_letter}5000")
            sheet.add_data_validation(dv)
    for col in ("division_code", "uscc"):
        letter = sheet.cell(row=1, column=COLUMNS.index(col) + 1).column_letter
        for r in range(2, 5001):
            sheet[f"{letter}{r}"].number_format = "@"  # text, so 110101 keeps its digits and USCCs stay whole
    help_sheet = book.create_sheet("说明")
    help_sheet.append(["column", "meaning"])
    for col in COLUMNS:
        help_sheet.append([col, COLUMN_HELP[col]])
    book.save(path)
