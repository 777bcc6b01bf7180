"""The case collection (案例集, D7 of notice 001: 编制优秀案例集) of a call's selected cases, as one Word file.

The selection is the national office's; the collection prints each selected case in full, in the template's
order (basic situation, then 一、主要做法, 二、实践效果, 三、下一步工作思路), under its name and submitter.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from sqlalchemy import select

from engine.files.casedoc import SECTION_HEADINGS
from engine.files.worddoc import BODY, HEADING, heading_block, new_document, paragraph, save
from engine.kernel.errors import BadInput
from engine.machine.machine import Actor
from engine.services.cases.submission import case_call
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.shared.reference_audit import national_only
from engine.services.shared.results import ServiceResult
from engine.store.cases import CaseRecord
from engine.store.core import Application, Organisation
from engine.store.workspace import Workspace

BODY_PT = 16.0  # 三号, the body of an official document
NUMBERS = "一二三四五六七八九十"


class CollectedCase(ServiceResult):
    number: int
    application: int
    name: str
    submitter: str
    region: str | None


class CaseCollection(ServiceResult):
    """What the collection holds: its title and its cases in order; the file it was written to."""

    cycle: int
    title: str
    cases: list[CollectedCase]
    file: str | None


def _chapter(n: int) -> str:
    """第一篇 … : cases are numbered in Chinese, as a printed collection is."""
    if n <= 10:
        return NUMBERS[n - 1]
    tens, ones = divmod(n, 10)
    return (NUMBERS[tens - 1] if tens > 1 else "") + "十" + (NUMBERS[ones - 1] if ones else "")


def compile_collection(ws: Workspace, cycle_id: int, actor: Actor, out: Path | IO[bytes]) -> CaseCollection:
    """Write the collection of the cycle's selected (and published) cases; the national office compiles it."""
    national_only(actor, "案例集", "the case collection")
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        call = case_call(p)
        rows = list(
            s.execute(
                select(Application, CaseRecord, Organisation.name)
                .join(CaseRecord, CaseRecord.application_id == Application.id)
                .join(Organisation, Organisation.id == Application.organisation_id)
                .where(Application.cycle_id == cycle.id, Application.stage.in_(call.publishable))
                .order_by(Application.province_code, Application.id)
            )
        )
        if not rows:
            raise BadInput("尚无入选案例，请先确定入选案例再编制案例集", field="cycle", code="no_selected_cases")
        title = f"{call.list_titles.get(cycle.edition) or p.title}集"
        now = ws.clock.now()
        document = new_document(p.issuer, now, title)
        heading_block(document, "", title)
        paragraph(document, "目录", HEADING, BODY_PT, center=True)
        for n, (_, rec, _) in enumerate(rows, start=1):
            paragraph(document, f"{n}. {rec.name}", BODY, BODY_PT)
        cases = []
        for n, (app, rec, submitter) in enumerate(rows, start=1):
            document.add_page_break()
            paragraph(document, f"案例{_chapter(n)}　{rec.name}", HEADING, BODY_PT, center=True)
            paragraph(document, f"（{submitter}{'，' + rec.region if rec.region else ''}）", BODY, BODY_PT, center=True)
            for key in ("basic", "practices", "effects", "next_steps"):
                text = getattr(rec, key)
                if not text:
                    continue
                if key != "basic":
                    paragraph(document, SECTION_HEADINGS[key], HEADING, BODY_PT)
                for line in text.splitlines():
                    paragraph(document, f"　　{line.strip()}", BODY, BODY_PT)
            cases.append(CollectedCase(number=n, application=app.id, name=rec.name, submitter=submitter,
                                       region=rec.region))  # fmt: skip
        save(document, out)
        return CaseCollection(
            cycle=cycle.id, title=title, cases=cases, file=str(out) if isinstance(out, Path) else None
        )
