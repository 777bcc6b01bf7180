"""Provincial offices and their liaison receipts (联络员回执): one receipt per province per cycle.

The receipt names who at the province answers for the cycle; once filed, that person's e-mail is
where the province's mail goes, and the receipt reminders stop.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.definition.model import Role
from engine.kernel.errors import BadInput, FieldError, check_fields
from engine.kernel.limits import MAX_TABLE_BYTES, read_limited
from engine.kernel.text import EMAIL, has_letter, is_one_line, normalise
from engine.machine.machine import Actor
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.shared.reference_audit import NATIONAL_OFFICE, ReferenceLine, audit, national_only
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.core import Cycle, CycleMilestone, Organisation
from engine.store.liaison import LiaisonReceipt
from engine.store.locks import hold
from engine.store.workspace import Workspace
from policies.facts import OrganisationKind
from policies.reference.divisions import provinces
from policies.reference.provinces import province_codes

OFFICE_KIND = OrganisationKind.PROVINCIAL_OFFICE
RECEIPT_MILESTONE = "liaison-receipt"
# what a receipt's numbers must look like (once trimmed); the API's schema states the same patterns
MOBILE_FORM = r"(\+86)?[ -]*1([ -]*[0-9]){10}"  # a mainland mobile: 11 digits from 1, spaces or dashes between
PHONE_FORM = r"[0-9+()\- ]{7,30}(\s*(转|分机|ext\.?)\s*[0-9]{1,6})?"  # an office line, an extension after it
RECEIPT_LIMITS = {"name": 40, "title": 60, "phone": 40, "mobile": 20, "email": 200}
_MOBILE = re.compile(MOBILE_FORM)
_PHONE = re.compile(PHONE_FORM)


class LiaisonReceiptFiled(ServiceResult):
    """A receipt as filed or corrected, and whether it came after the receipt milestone."""

    cycle: int
    province: str
    province_name: str
    name: str
    title: str
    phone: str
    mobile: str
    email: str
    filed_at: IsoDatetime
    amended: bool
    due: date | None
    late: bool
    rank_warning: str | None = None  # A10/B12: the liaison should be a division-level (处级) cadre


# Titles of a division-level (处级) cadre: 处长, 副处长, 一级/二级调研员 … (A10, B12: 明确相关处级干部担任联络员)
DIVISION_LEVEL = ("处", "调研员")


def rank_warning(title: str) -> str | None:
    """A warning, not a refusal: the notices ask for a 处级 liaison, and a title is not proof of rank either way."""
    if any(word in title for word in DIVISION_LEVEL):
        return None
    return f"联络员职务为“{title}”，通知要求“明确相关处级干部担任联络员”，请确认其为处级干部"


class Liaison(ServiceResult):
    """The person a province named in its receipt."""

    name: str
    title: str
    phone: str
    mobile: str
    email: str
    filed_at: IsoDatetime
    late: bool


class ProvinceReceipt(ServiceResult):
    """One province: its office's address and its liaison, if it filed a receipt."""

    province: str
    name: str
    office_email: str | None
    filed: bool
    liaison: Liaison | None


class LiaisonReceiptView(ServiceResult):
    """Every province's receipt or its absence, as the national office follows them up."""

    cycle: int
    due: date | None
    missing: int
    provinces: list[ProvinceReceipt]


class ReceiptPrefill(ServiceResult):
    """What the receipt form starts from (B11): this cycle's receipt, else the province's of the last edition."""

    cycle: int
    province: str
    fields: dict[str, str]
    filed: bool
    from_edition: int | None  # the earlier edition the fields come from; None when filed here or never filed


class OfficeAddressesImported(ServiceResult):
    """How many offices got an address from the file, and which still have none."""

    file: str
    imported: int
    not_in_file: list[str]
    still_without_address: list[str]


def office_name(province_name: str) -> str:
    return f"{province_name}知识产权局"


def ensure_provincial_offices(ws: Workspace) -> int:
    """Create the 31 provincial offices and the XPCC's as organisations; returns how many were new."""
    with ws.transaction() as s:
        existing = set(s.scalars(select(Organisation.division_code).where(Organisation.kind == OFFICE_KIND)))
        new = [
            Organisation(name=office_name(d.name), kind=OFFICE_KIND, division_code=d.code, attributes={})
            for d in provinces()
            if d.code not in existing
        ]
        s.add_all(new)
        return len(new)


def offices(s: Session) -> dict[str, Organisation]:
    """The office organisation of each province; of several rows, one with an address wins."""
    out: dict[str, Organisation] = {}
    rows = s.scalars(select(Organisation).where(Organisation.kind == OFFICE_KIND).order_by(Organisation.id))
    for org in rows:
        if org.division_code and (org.division_code not in out or org.email):
            out[org.division_code] = org
    return out


def receipts(s: Session, cycle_id: int) -> dict[str, LiaisonReceipt]:
    return {r.province_code: r for r in s.scalars(select(LiaisonReceipt).where(LiaisonReceipt.cycle_id == cycle_id))}


def province_addressee(
    office: Organisation | None, receipt: LiaisonReceipt | None, name: str
) -> tuple[str, str | None]:
    """Whom to write to for a province: its liaison if one was named, else the office's address."""
    label = office.name if office else office_name(name)
    if receipt is not None:
        return f"{label}（联络员{receipt.name}）", receipt.email
    return label, office.email if office else None


RECEIPT_LABELS = {"name": "姓名", "title": "职务", "phone": "办公电话", "mobile": "手机", "email": "电子邮箱"}


def _clean(field: str, given: str, limit: int, errors: list[FieldError]) -> str:
    """The value normalised (engine.kernel.text); a problem with it is added to ``errors`` under its field."""
    given = given or ""
    raw = given.strip()
    label = RECEIPT_LABELS[field]
    if not is_one_line(raw):  # a line break is an attempt at a header, not a typo: refused, not cleaned
        errors.append(FieldError(field, "one_line", f"{label}不能含换行或控制字符"))
        return raw
    value = normalise(raw)
    if not value:
        errors.append(FieldError(field, "required", f"请填写{label}"))
    elif field == "name" and not has_letter(value):
        errors.append(FieldError(field, "no_letter", f"{label}须包含文字"))
    elif len(value) > limit or len(given) > limit:  # as typed, too: the schema states the limit of what is sent
        errors.append(FieldError(field, "too_long", f"{label}至多 {limit} 个字"))
    return value


def check_receipt_fields(name: str, title: str, phone: str, mobile: str, email: str) -> dict[str, str]:
    """Every field checked before anything is stored; every bad one is named at once."""
    errors: list[FieldError] = []
    given = {"name": name, "title": title, "phone": phone, "mobile": mobile, "email": email}
    fields = {key: _clean(key, value, RECEIPT_LIMITS[key], errors) for key, value in given.items()}
    named = {e.field for e in errors}
    if "phone" not in named and not _PHONE.fullmatch(fields["phone"]):
        errors.append(FieldError("phone", "invalid_phone", f"办公电话“{phone}”不是电话号码（例如 025-83271234）"))
    if "mobile" not in named and _MOBILE.fullmatch(fields["mobile"]):
        fields["mobile"] = fields["mobile"].replace(" ", "").replace("-", "")
    elif "mobile" not in named:
        errors.append(FieldError("mobile", "invalid_mobile", f"手机“{mobile}”不是大陆手机号码（11 位数字，以 1 开头）"))
    if "email" not in named and not EMAIL.fullmatch(fields["email"]):
        errors.append(FieldError("email", "invalid_email", f"电子邮箱“{email}”不是电子邮件地址"))
    check_fields(errors)
    return fields


def file_receipt(
    ws: Workspace,
    cycle_id: int,
    actor: Actor,
    name: str,
    title: str,
    phone: str,
    mobile: str,
    email: str,
    province_code: str | None = None,
) -> LiaisonReceiptFiled:
    """File (or correct) a province's receipt; the national office may record one received by mail."""
    if actor.role is Role.PROVINCE:
        province = actor.scope
        if province_code and province_code != province:
            raise BadInput("省级知识产权局只报送本省的回执", field="province", code="not_own_province")
    elif actor.role is Role.NATIONAL:
        if not province_code:
            raise BadInput("国家知识产权局代为登记回执时，须写明是哪个省的回执", field="province", code="required")
        province = province_code
    else:
        raise BadInput("联络员回执由省级知识产权局报送，或由国家知识产权局代为登记", field="actor", code="role")
    names = province_codes()
    if province not in names:
        raise BadInput(f"{province} 不是省级知识产权局的代码（31 个省份及新疆生产建设兵团 660000）", field="province",
                       code="unknown_province")  # fmt: skip
    fields = check_receipt_fields(name, title, phone, mobile, email)
    now = ws.clock.now()
    with ws.transaction(write=True) as s:  # read then write: two filings at once queue, the second corrects
        hold(s, "liaison", cycle_id, province)
        cycle = get_cycle(s, cycle_id)
        if cycle_programme(cycle).milestone(RECEIPT_MILESTONE) is None:  # a case call: no liaison step
            title = cycle_programme(cycle).title
            raise BadInput(f"{title}（第{cycle.edition}届）不设联络员回执（this programme takes no liaison receipt）",
                           field="cycle", code="no_liaison_step")  # fmt: skip
        receipt = receipts(s, cycle.id).get(province)
        amended = receipt is not None
        if receipt is None:
            receipt = LiaisonReceipt(cycle_id=cycle.id, province_code=province, filed_at=now, filed_by=str(actor))
            s.add(receipt)
        else:
            receipt.amended_at = now
        for key, value in fields.items():
            setattr(receipt, key, value)
        due = _receipt_due(s, cycle.id)
        return LiaisonReceiptFiled(
            cycle=cycle.id,
            province=province,
            province_name=names[province],
            **fields,
            filed_at=receipt.filed_at,
            amended=amended,
            due=due,
            late=bool(due and receipt.filed_at.date() > due),
            rank_warning=rank_warning(fields["title"]),
        )


def receipt_prefill(ws: Workspace, cycle_id: int, province: str) -> ReceiptPrefill:
    """The province's receipt in this cycle, or else its latest receipt in an earlier edition of the same programme:
    004 §五(二) asks that what the system holds is never asked for again, and a liaison often stays for years."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        own = receipts(s, cycle.id).get(province)
        source, edition = own, None
        if own is None:
            earlier = (
                select(LiaisonReceipt, Cycle.edition)
                .join(Cycle, Cycle.id == LiaisonReceipt.cycle_id)
                .where(
                    Cycle.programme_id == cycle.programme_id,
                    Cycle.edition < cycle.edition,
                    LiaisonReceipt.province_code == province,
                )
                .order_by(Cycle.edition.desc())
                .limit(1)
            )
            found = s.execute(earlier).first()
            if found is not None:
                source, edition = found
        fields = {key: str(getattr(source, key) or "") if source else "" for key in RECEIPT_LABELS}
        return ReceiptPrefill(cycle=cycle.id, province=province, fields=fields, filed=own is not None,
                              from_edition=edition)  # fmt: skip


def _receipt_due(s: Session, cycle_id: int) -> date | None:
    return s.scalar(
        select(CycleMilestone.due).where(CycleMilestone.cycle_id == cycle_id, CycleMilestone.key == RECEIPT_MILESTONE)
    )


def list_receipts(ws: Workspace, cycle_id: int) -> LiaisonReceiptView:
    """Every province with its receipt or the fact that it is missing, for the national office."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        filed, office_rows = receipts(s, cycle.id), offices(s)
        due = _receipt_due(s, cycle.id)
        rows = []
        for code, name in province_codes().items():
            r, office = filed.get(code), office_rows.get(code)
            liaison = None
            if r is not None:
                liaison = Liaison(
                    name=r.name,
                    title=r.title,
                    phone=r.phone,
                    mobile=r.mobile,
                    email=r.email,
                    filed_at=r.filed_at,
                    late=bool(due and r.filed_at.date() > due),
                )
            rows.append(
                ProvinceReceipt(
                    province=code,
                    name=name,
                    office_email=office.email if office else None,
                    filed=r is not None,
                    liaison=liaison,
                )
            )
        return LiaisonReceiptView(cycle=cycle.id, due=due, missing=sum(not r.filed for r in rows), provinces=rows)


def set_office_addresses(
    ws: Workspace, addresses: dict[str, str], actor: Actor = NATIONAL_OFFICE, source: str = "set"
) -> int:
    """Give provincial offices their e-mail addresses (what `liaison offices import` does from a file).

    Where a province's mail goes is the national office's to change; every change is audited, before and after.
    """
    national_only(actor, "省级知识产权局邮件地址", "office addresses")
    with ws.transaction() as s:
        by_code = offices(s)
        unknown = sorted(set(addresses) - set(by_code))
        if unknown:
            raise BadInput(f"no provincial office for {', '.join(unknown)} (the reference data is not loaded)")
        addresses = {code: normalise(a) if is_one_line(a) else a for code, a in addresses.items()}  # as typed, cleaned
        for code, address in addresses.items():
            if address and not EMAIL.fullmatch(address):
                raise BadInput(f"{code}: {address!r} is not an e-mail address")
        lines = []
        for code, address in addresses.items():
            before, after = by_code[code].email, address or None
            if before != after:
                change = ReferenceLine(change="changed", key=code, before={"email": before}, after={"email": after})
                lines.append(change)
            by_code[code].email = after
        audit(s, "addresses", None, lines, source, actor, ws.clock.now())
        return len(addresses)


def read_office_addresses(path: Path) -> dict[str, str]:
    """A CSV of ``code,email`` rows (a header row is optional); every bad row is named, none is kept."""
    try:
        text = read_limited(path, MAX_TABLE_BYTES, "address list").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"{path}: not UTF-8 text (save the CSV as UTF-8)") from None
    names, out, problems = province_codes(), {}, []
    for number, cells in enumerate(csv.reader(text.splitlines()), start=1):
        cells = [c.strip() for c in cells]
        if not any(cells) or (number == 1 and cells[0].lower() in ("code", "division_code", "省份代码")):
            continue
        code, address = (cells + ["", ""])[:2]
        address = normalise(address) if is_one_line(address) else address
        if code not in names:
            problems.append(f"{path}:{number}: code: {code!r} is not a province (31 provinces and XPCC 660000)")
        elif not EMAIL.fullmatch(address):
            problems.append(f"{path}:{number}: email: {address!r} is not an e-mail address")
        elif code in out:
            problems.append(f"{path}:{number}: code: {code} is listed twice")
        else:
            out[code] = address
    if problems:
        raise BadInput("nothing imported:\n" + "\n".join(problems))
    if not out:
        raise BadInput(f"{path}: no rows (expected code,email, e.g. 320000,office@jsip.example.cn)")
    return out


def import_office_addresses(ws: Workspace, path: Path, actor: Actor) -> OfficeAddressesImported:
    """The national office gives the provincial offices their addresses from one file (all or none)."""
    national_only(actor, "省级知识产权局邮件地址", "office addresses")
    addresses = read_office_addresses(path)
    ensure_provincial_offices(ws)
    set_office_addresses(ws, addresses, actor, f"import {path}")
    names = province_codes()
    missing = sorted(set(names) - set(addresses))
    with ws.transaction() as s:
        without = sorted(code for code in names if not (o := offices(s).get(code)) or not o.email)
    return OfficeAddressesImported(
        file=str(path), imported=len(addresses), not_in_file=missing, still_without_address=without
    )
