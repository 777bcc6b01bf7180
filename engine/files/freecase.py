"""Read a case written without the four-section template (D3 names a template the seed does not hold).

The first line that is not a form field is the title; ``案例名称：…``-style lines or a table with
the form's labels at the top give the form fields; everything else, other tables included, is the
body, measured as a whole.
"""

from __future__ import annotations

import re
from pathlib import Path

from engine.files.casedoc import CaseDocError, CaseText, DocTable, form_from_rows, read_lines
from engine.kernel.errors import BadInput

_FIELD = re.compile(
    r"^\s*(案例名称|案例摘要|案例地区|案例所属地区|案例时间|案例联系人(?:及联系方式)?|联系人)\s*[:：]\s*(.*)$"
)
_KEYS = {
    "案例名称": "name",
    "案例摘要": "abstract",
    "案例地区": "region",
    "案例所属地区": "region",
    "案例时间": "period",
}


def read_free_case(path: Path) -> CaseText:
    """Title, form fields and one body; raises CaseDocError naming the file if there is no body."""
    try:
        items = read_lines(path)
    except BadInput:  # a limit refused the file, with its own message
        raise
    except Exception as exc:  # a corrupt .docx raises many kinds; all mean "cannot read this file"
        raise CaseDocError(str(path), f"cannot read the file ({exc})") from exc
    fields: dict[str, str] = {}
    title = ""
    body: list[str] = []
    for item in items:
        if isinstance(item, DocTable):
            got = form_from_rows(item.rows) if not body else {}
            for key, value in got.items():
                fields.setdefault(key, value)
            body += [] if got else [line for line in item.lines() if line.strip()]
            continue
        line = item.strip()
        m = _FIELD.match(line)
        if not line:
            continue
        if m and not body:
            fields.setdefault(_KEYS.get(m.group(1), "contact"), m.group(2).strip())
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
        sectioned=False,
        region=fields.get("region"),
        name=fields.get("name"),
        abstract=fields.get("abstract"),
        contact=fields.get("contact"),
        period=fields.get("period"),
    )
