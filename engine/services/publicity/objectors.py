"""Who objects and what they must give, checked once for every way an objection arrives (the public form, an
office's desk, the API, the CLI), so a rule about an objector is written in one place.

An objector is named (a real name with a letter in it), reachable (a telephone number), says what the
objection is, and a unit's objection carries its stamped scan; each bad value is named by its field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.files.scans import ScanType
from engine.kernel.errors import FieldError, check_fields
from engine.kernel.text import has_letter, normalise
from engine.store.round import ObjectorKind as ObjectorKind  # labelled beside the round's tables

MAX_NAME = 50
MAX_UNIT = 200
MAX_CONTENT = 5000
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{5,18}[0-9]$")
PERSON_UNIT = "个人"  # what stands in the unit column for a person's objection that names no unit


@dataclass(frozen=True)
class Objector:
    """Who objects: name, unit and phone, and whether the objection is a unit's or a person's."""

    name: str
    unit: str
    phone: str
    kind: ObjectorKind


Evidence = tuple[str, str, bytes, ScanType]  # role (evidence | stamped-scan), the name it came with, bytes, type


def checked_objection(
    objector: Objector, content: str, files: list[Evidence], *, evidence_required: bool = False
) -> tuple[Objector, str]:
    """The objector and the content as they are kept, or every bad field at once (a form shows them all).

    ``evidence_required``: the public form's filer must attach evidence; an office recording one received by
    post keeps the paper, so there it is not asked for."""
    name = normalise(objector.name)
    unit = normalise(objector.unit)
    phone = normalise(objector.phone)
    text = normalise(content, multiline=True)
    errors = []
    if not name or len(name) > MAX_NAME:
        errors.append(FieldError("name", "required", f"请填写真实姓名（{MAX_NAME} 字以内）"))
    elif not has_letter(name):
        errors.append(FieldError("name", "no_letter", "请填写真实姓名（须包含文字）"))
    if objector.kind is ObjectorKind.UNIT and not (unit and has_letter(unit)):
        errors.append(FieldError("unit", "required", "以单位名义提出异议的，请填写单位名称"))
    elif len(unit) > MAX_UNIT:
        errors.append(FieldError("unit", "too_long", f"单位名称不超过 {MAX_UNIT} 个字"))
    if not PHONE.match(phone):
        errors.append(FieldError("phone", "invalid_phone", "请填写可以联系到您的电话号码（数字、空格、- 或开头的 +）"))
    if not text or len(text) > MAX_CONTENT:
        errors.append(FieldError("content", "required", f"请写明异议内容，{MAX_CONTENT} 字以内"))
    roles = {f[0] for f in files}
    if evidence_required and "evidence" not in roles:
        errors.append(FieldError("evidence", "required", "请提供证明材料（PDF 或图片）"))
    if objector.kind is ObjectorKind.UNIT and "stamped-scan" not in roles:
        errors.append(FieldError("stamped", "required", "以单位名义提出的异议须附加盖公章的扫描件（PDF 或图片）"))
    check_fields(errors)
    kept_unit = unit if objector.kind is ObjectorKind.UNIT else (unit or PERSON_UNIT)
    return Objector(name, kept_unit, phone, objector.kind), text
