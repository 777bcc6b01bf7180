"""The 申报书 (notice 004 attachment 1) as a Word file prefilled from what the system holds (B11, §五(二)).

The seed lacks attachment 1 itself, so its layout is ours: a table of what is known (the unit, its USCC,
region and province, the category, the conditions it attested) and headed blanks for what only the unit can
write, then the stamp line. The applicant completes it and files it back as the application-form material.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from engine.definition.model import Programme
from engine.files.worddoc import BODY, HEADING, TableColumn, add_table, heading_block, new_document, paragraph, save
from engine.kernel.errors import BadInput
from engine.services.applications.dossier import show_declarations
from engine.services.applications.stage_moves import get_application
from engine.services.programmes.cycles import cycle_programme
from engine.services.shared.results import ServiceResult
from engine.store.workspace import Workspace
from policies.guards.eligibility import full_name
from policies.guards.kinds import KIND_NAMES_ZH
from policies.reference.divisions import registry
from policies.reference.provinces import province_name

BODY_PT = 16.0
FORM_MATERIAL = "application-form"  # the material the completed 申报书 is filed as
# What only the unit can write (our reading of a 申报书: the notice's §三 conditions and §四 creation work).
TO_COMPLETE = (
    "一、申报单位基本情况",
    "二、知识产权工作基础和主要成效（对照申报条件）",
    "三、示范创建目标、重点任务和保障措施（{period}）",
)


class ApplicationFormDraft(ServiceResult):
    """What the prefilled 申报书 holds, as the file shows it."""

    application: int
    title: str
    prefilled: dict[str, str]
    to_complete: list[str]


def _offers(p: Programme) -> bool:
    return p.cases is None and FORM_MATERIAL in {m.id for m in p.materials}


def offers_form(ws: Workspace, app_id: int) -> bool:
    """Whether the application's programme asks for a 申报书 this module can prefill (not a case call's 申报表)."""
    with ws.transaction() as s:
        return _offers(cycle_programme(get_application(s, app_id).cycle))


def write_application_form(ws: Workspace, app_id: int, out: Path | IO[bytes]) -> ApplicationFormDraft:
    """Write the application's 申报书 with everything the system knows filled in; the caller has checked who
    may see the application."""
    conditions = show_declarations(ws, app_id).declarations
    with ws.transaction() as s:
        app = get_application(s, app_id)
        p = cycle_programme(app.cycle)
        if not _offers(p):
            raise BadInput(f"{p.title}没有申报书", field="application", code="no_application_form")
        org = app.organisation
        category = p.category(app.category)
        division = registry().get(org.division_code or "")
        title = f"{p.title}申报书"
        prefilled = {
            "申报单位": org.name,
            "单位类型": KIND_NAMES_ZH.get(org.kind, org.kind),
            "统一社会信用代码": org.uscc or "",
            "所在地区": full_name(division) if division else "",
            "所属省份": province_name(app.province_code) or "",
            "申报类别": category.name if category else app.category,
        }
        years = p.recurrence.every_years if p.recurrence else 1
        period = f"{app.cycle.edition}—{app.cycle.edition + years - 1}年" if years > 1 else f"{app.cycle.edition}年"
        prefilled["届次"] = period
        to_complete = [heading.format(period=period) for heading in TO_COMPLETE]
        document = new_document(p.issuer, ws.clock.now(), title)
        heading_block(document, "附件1", title, p.document)
        columns = [TableColumn("项目", 4.0), TableColumn("内容", 8.0, 1.0)]
        add_table(document, columns, [[k, v or "（请填写）"] for k, v in prefilled.items()])
        if conditions:
            paragraph(document, "申报条件（已声明）", HEADING, BODY_PT)
            for d in conditions:
                mark = "☑" if d.attested else "☐"
                paragraph(document, f"{mark} {d.number}. {d.text}", BODY, BODY_PT)
        for heading in to_complete:
            paragraph(document, heading, HEADING, BODY_PT)
            paragraph(document, "（请填写）", BODY, BODY_PT)
        paragraph(document, "申报单位（盖章）：", BODY, BODY_PT)
        paragraph(document, "年    月    日", BODY, BODY_PT)
        save(document, out)
        return ApplicationFormDraft(application=app.id, title=title, prefilled=prefilled, to_complete=to_complete)
