"""Read a case written without the four-section template (D3 names a template the seed does not hold).

The first line that is not a form field is the title; ``案例名称：…``-style lines at the top give
the form fields; everything else is the body, measured as a whole.
"""

from __future__ import annotations

import re
from pathlib import Path

import docx

from engine.casedoc import CaseDocError, CaseText

_FIELD = re.compile(r"^\s*(案例名称|案例摘要|案例地区|案例所属地区|案例联系人(?:及联系方式)?|联系人)\s*[:：]\s*(.*)$")
_KEYS = {"案例名称": "name", "案例摘要": "abstract", "案例地区": "region", "案例所属地区": "region"}


def _lines(path: Path) -> list[str]:
    if path.suffix.lower() == ".docx":
        document = docx.Document(str(path))
        return [p.text for p in document.paragraphs]
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig").splitlines()
    except UnicodeDecodeError:
        return data.decode("gb18030").splitlines()


def read_free_case(path: Path) -> CaseText:
    """Title, form fields and one body; raises CaseDocError naming the file if there is no body."""
    try:
        lines = [line.strip() for line in _lines(path) if line.strip()]
    except Exception as exc:  # a corrupt .docx raises many kinds; all mean "cannot read this file"
        raise CaseDocError(str(path), f"cannot read the file ({exc})") from exc
    fields: dict[str, str] = {}
    title = ""
    body: list[str] = []
    for line in lines:
        m = _FIELD.match(line)
        if m and not body:
            fields[_KEYS.get(m.group(1), "contact")] = m.group(2).strip()
        elif not title and not body:
            title = line.lstrip("#").strip()
        else:
            body.append(line)
    if not body:
        raise CaseDocError(str(path), "no case text found under the title")
    return CaseText(
        title=title,
        basic="\n".join(body),
        practices="",
        effects="",
        next_steps="",
        source=str(path),
        **{k: fields.get(k) for k in ("region", "name", "abstract", "contact")},
    )
