"""Quota tables (名额分配表): places per province and category in a cycle, set by the national office only.

Every setting, by import or by hand, is written to ``quota_change`` in the same transaction,
so the table's history answers who changed which number, when and why.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from pydantic import Field
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from engine.definition.model import Programme, Role
from engine.files.spreadsheet import Column, Sheet, write_workbook
from engine.files.tabular import read_table
from engine.kernel.errors import BadInput, Refused
from engine.kernel.text import free_text
from engine.machine.machine import Actor
from engine.services.applications.stage_moves import SessionLookups
from engine.services.programmes.cycles import get_cycle, programme_of
from engine.services.programmes.programme_definitions import current_programme
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.locks import hold
from engine.store.registers import Quota, QuotaChange
from engine.store.workspace import Workspace
from policies.reference.divisions import registry
from policies.reference.provinces import province_from
from policies.verdict import Verdict


class QuotaChanged(ServiceResult):
    """One province's places in one category, before (None: unset) and after a setting."""

    province_code: str
    category: str
    from_: int | None = Field(serialization_alias="from")
    to: int


class QuotaChanges(ServiceResult):
    """What a setting by hand or a fill changed, and how many quotas it left as they were."""

    cycle: int
    changed: list[QuotaChanged]
    unchanged: int


class QuotasImported(ServiceResult):
    """What an import of attachment 2 changed; re-importing the same file changes nothing."""

    cycle: int
    file: str
    rows: int
    changed: list[QuotaChanged]
    unchanged: int


class QuotaStanding(ServiceResult):
    """A quota with the places already taken and those left, as the within-quota guard counts them."""

    province_code: str
    province: str
    category: str
    quota: int
    used: int
    left: int


class QuotaHistoryEntry(ServiceResult):
    """One audited quota setting: when, who, from, to, why, and by which route (import, change, fill)."""

    at: IsoDatetime
    actor: str
    province_code: str
    category: str
    from_: int | None = Field(serialization_alias="from")
    to: int
    reason: str | None
    source: str


MAX_PLACES = 1000  # a province's places in one category; the 2025 table gives single digits: more is a typo
QUOTA_COLUMNS = ("province_code", "category", "quota")
# The template's Chinese headers; the importer reads these and the operators' English ones alike.
QUOTA_HEADERS_ZH = {"province_code": "省份", "category": "类别", "quota": "名额"}


def whole_number(text: str, maximum: int) -> int | None:
    """``text`` as a whole number from 0 to ``maximum``, written in ASCII digits; None otherwise.

    ``str.isdigit`` also takes ² and other digits ``int`` refuses, so it cannot decide this alone.
    """
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    value = int(text)
    return value if value <= maximum else None


def _national_only(actor: Actor) -> None:
    if actor.role is not Role.NATIONAL:
        raise Refused(
            "only the national office sets quotas",
            [
                Verdict(
                    False, "ROLE", "名额分配由国家知识产权局确定", f"quotas are set by the national office, not {actor}"
                )
            ],
        )


def _set(
    s: Session,
    cycle_id: int,
    wanted: Iterable[tuple[tuple[str, str], int]],
    change: tuple[Actor, str | None, str, datetime],
) -> list[QuotaChanged | None]:
    """Upsert quotas ((province, category) → places) and audit each change (who, why, source, when); None for a
    number that stays the same. One read of the cycle's quotas and one insert of the new rows and of the log: a
    fill sets some 300 at once."""
    actor, reason, source, at = change
    rows = {(q.province_code, q.category): q for q in s.scalars(select(Quota).where(Quota.cycle_id == cycle_id))}
    added: dict[tuple[str, str], int] = {}
    log: list[dict[str, Any]] = []
    changes: list[QuotaChanged | None] = []
    for (province, category), places in wanted:
        row = rows.get((province, category))
        old = added.get((province, category), row.places if row else None)
        if old == places:
            changes.append(None)
            continue
        if row is None:
            added[province, category] = places
        else:
            row.places = places
        log.append(
            {"cycle_id": cycle_id, "province_code": province, "category": category, "old_places": old,
             "new_places": places, "at": at, "actor": str(actor), "reason": reason, "source": source}
        )  # fmt: skip
        changes.append(QuotaChanged(province_code=province, category=category, from_=old, to=places))
    if added:
        s.execute(
            insert(Quota),
            [{"cycle_id": cycle_id, "province_code": p, "category": c, "places": n} for (p, c), n in added.items()],
        )
    if log:
        s.execute(insert(QuotaChange), log)
    return changes


def _quota_rows(p: Programme, path: Path) -> dict[tuple[str, str], tuple[int, int]]:
    """Every row of a quota table checked: (province, category) → (row number, places); any problem, none. A
    province is its name or code, a category its name or id."""
    table = read_table(path, QUOTA_COLUMNS, aliases={zh: column for column, zh in QUOTA_HEADERS_ZH.items()})
    problems = table.problems()
    cats = [c.id for c in p.categories]
    by_name = {c.name: c.id for c in p.categories}
    wanted: dict[tuple[str, str], tuple[int, int]] = {}
    for number, cells in table.rows:
        cells["category"] = by_name.get(cells["category"], cells["category"])
        prov = province_from(cells["province_code"])
        if prov is None:
            problems.add(
                number, "province_code", f"{cells['province_code']!r} 不是省级行政区划代码或省份名称（兵团为 660000）"
            )
        if cells["category"] not in cats:
            problems.add(number, "category", f"{cells['category']!r} 不是本项目的类别（{'、'.join(by_name)}）")
        places = whole_number(cells["quota"], MAX_PLACES)
        if places is None:
            problems.add(number, "quota", f"名额 {cells['quota']!r} 须为 0 至 {MAX_PLACES} 的整数")
        if prov is None or cells["category"] not in cats or places is None:
            continue
        key = (prov.code, cells["category"])
        if key in wanted:
            problems.add(number, "province_code", f"{prov.name}的这一类别已在第{wanted[key][0]}行")
        wanted[key] = (number, places)
    problems.raise_if_any()
    return wanted


class QuotaPreviewRow(ServiceResult):
    """One row of a quota table as it would apply."""

    province_code: str
    province: str
    category: str
    category_name: str
    quota: int


def preview_quotas(ws: Workspace, programme_id: str, path: Path) -> list[QuotaPreviewRow]:
    """A quota table read and checked against the programme's categories, before any cycle or quota changes."""
    p = current_programme(ws, programme_id)
    rows = _quota_rows(p, path)
    names = {d.code: d.name for d in (registry().get(code) for code, _ in rows) if d is not None}
    titles = {c.id: c.name for c in p.categories}
    return [
        QuotaPreviewRow(
            province_code=prov, province=names.get(prov, ""), category=cat, category_name=titles[cat], quota=n
        )
        for (prov, cat), (_, n) in sorted(rows.items())
    ]


def write_quota_template(ws: Workspace, programme_id: str, target: Path | IO[bytes]) -> None:
    """Attachment 2 to fill: one row per province and category of the programme by name, the places left blank;
    the header is what :func:`import_quotas` reads, a second sheet says how each column is filled."""
    p = current_programme(ws, programme_id)
    provinces = registry().provinces()
    rows = [[prov.name, c.name, ""] for prov in provinces for c in p.categories]
    columns = [Column(QUOTA_HEADERS_ZH[c], max_width=40) for c in QUOTA_COLUMNS]
    table = Sheet("名额分配表", columns, rows, numbered=False, template_rows=0)
    guide_rows = [
        [QUOTA_HEADERS_ZH["province_code"], "省、自治区、直辖市或新疆生产建设兵团的名称（也可填六位行政区划代码）"],
        [QUOTA_HEADERS_ZH["category"], "本项目的类别：" + "、".join(c.name for c in p.categories)],
        [QUOTA_HEADERS_ZH["quota"], f"推荐名额，0 至 {MAX_PLACES} 的整数；不推荐的类别填 0"],
    ]
    guide = Sheet("填写说明", [Column("列"), Column("填写要求", max_width=60)], guide_rows, numbered=False)
    write_workbook(target, [table, guide], p.issuer, ws.clock.now())


def import_quotas(ws: Workspace, cycle_id: int, path: Path, actor: Actor, reason: str | None = None) -> QuotasImported:
    """CSV/XLSX 省份,类别,名额 (attachment 2, the template; ``province_code,category,quota`` too); all rows or none,
    re-import changes nothing."""
    _national_only(actor)
    with ws.transaction(write=True) as s:
        hold(s, "quota", cycle_id)  # the same table twice at once: the second changes nothing
        p = programme_of(ws, s, cycle_id)
        wanted = _quota_rows(p, path)
        audit = (actor, reason, f"import {path}", ws.clock.now())
        changes = _set(s, cycle_id, ((key, n) for key, (_, n) in wanted.items()), audit)
    done = [c for c in changes if c]
    return QuotasImported(
        cycle=cycle_id, file=str(path), rows=len(wanted), changed=done, unchanged=len(wanted) - len(done)
    )


def change_quota(
    ws: Workspace, cycle_id: int, province: str, category: str, places: int, actor: Actor, reason: str
) -> QuotaChanges:
    """The national office changes one number; the reason is required and kept with the change."""
    _national_only(actor)
    reason = free_text(reason, "reason")
    if not reason:
        raise BadInput("请说明调整名额的理由（记入名额变更记录）", field="reason")
    if not 0 <= places <= MAX_PLACES:
        raise BadInput(f"名额须为 0 至 {MAX_PLACES} 的整数，而不是 {places}", field="places")
    prov = province_from(province)
    if prov is None:
        raise BadInput(f"{province!r} 不是省级行政区划代码（新疆生产建设兵团为 660000）", field="province")
    with ws.transaction(write=True) as s:
        hold(s, "quota", cycle_id)
        p = programme_of(ws, s, cycle_id)
        if p.category(category) is None:
            raise BadInput(f"本项目没有类别 {category!r}", field="category")
        [change] = _set(s, cycle_id, [((prov.code, category), places)], (actor, reason, "change", ws.clock.now()))
    return QuotaChanges(cycle=cycle_id, changed=[change] if change else [], unchanged=0 if change else 1)


def counted_stages(p: Programme, category: str) -> frozenset[str]:
    """The stages the category's quota guard counts as places taken (from the definition's own params)."""
    for t in p.transitions_for(category):
        for g in t.guards:
            if g.guard == "within-quota":
                return frozenset(g.params.get("counted", ()))
    return frozenset()


def quota_table(ws: Workspace, cycle_id: int, province: str | None = None) -> list[QuotaStanding]:
    """Each quota with the places used and left, as a province sees it before recommending."""
    with ws.transaction() as s:
        p = programme_of(ws, s, cycle_id)
        q = select(Quota).where(Quota.cycle_id == cycle_id).order_by(Quota.province_code, Quota.category)
        if province:
            q = q.where(Quota.province_code == province)
        out = []
        counts = SessionLookups(s, cycle_id)  # the same count the within-quota guard sees
        for row in s.scalars(q):
            used = counts.count_in_stages(row.province_code, row.category, frozenset(counted_stages(p, row.category)))
            div = registry().get(row.province_code)
            out.append(
                QuotaStanding(
                    province_code=row.province_code,
                    province=div.name if div else "",
                    category=row.category,
                    quota=row.places,
                    used=used or 0,
                    left=row.places - (used or 0),
                )
            )
        return out


def quota_history(ws: Workspace, cycle_id: int) -> list[QuotaHistoryEntry]:
    """Every quota setting of the cycle, oldest first."""
    with ws.transaction() as s:
        get_cycle(s, cycle_id)
        rows = s.scalars(select(QuotaChange).where(QuotaChange.cycle_id == cycle_id).order_by(QuotaChange.id))
        return [
            QuotaHistoryEntry(
                at=r.at,
                actor=r.actor,
                province_code=r.province_code,
                category=r.category,
                from_=r.old_places,
                to=r.new_places,
                reason=r.reason,
                source=r.source,
            )
            for r in rows
        ]


def fill_quotas(ws: Workspace, cycle_id: int, places: int, actor: Actor, reason: str) -> QuotaChanges:
    """Give every province the same places in every category (a walkthrough, a bench, a trial cycle)."""
    _national_only(actor)
    with ws.transaction() as s:
        p = programme_of(ws, s, cycle_id)
        audit = (actor, reason, "fill", ws.clock.now())
        every = [((prov.code, c.id), places) for prov in registry().provinces() for c in p.categories]
        changes = _set(s, cycle_id, every, audit)
    done = [c for c in changes if c]
    return QuotaChanges(cycle=cycle_id, changed=done, unchanged=len(changes) - len(done))


class QuotaPreview(ServiceResult):
    """A quota change after opening, shown before it applies: the places used now and what would be left."""

    cycle: int
    province_code: str
    province: str
    category: str
    before: int | None
    after: int
    used: int
    left: int  # after the change; never below 0, as such a change is refused
    reason: str
    confirmed: bool


def set_quota(
    ws: Workspace,
    cycle_id: int,
    province: str,
    category: str,
    places: int,
    actor: Actor,
    reason: str,
    confirm: bool = True,
) -> QuotaPreview:
    """Change one quota once the cycle is open (``confirm=False``: the preview only). Lowering it below the places
    already used is refused: the recommendations made within the old number stand, and the table must not lie."""
    _national_only(actor)
    with ws.transaction() as s:
        p = programme_of(ws, s, cycle_id)
        prov = province_from(province)
        if prov is None or p.category(category) is None:
            field = "province" if prov is None else "category"
            raise BadInput(f"{field}: {province if prov is None else category!r} 不在本届名额表中")
        row = s.scalar(
            select(Quota).where(
                Quota.cycle_id == cycle_id, Quota.province_code == prov.code, Quota.category == category
            )
        )
        used = SessionLookups(s, cycle_id).count_in_stages(prov.code, category, counted_stages(p, category)) or 0
    if places < used:
        raise BadInput(f"places: 已使用 {used} 个名额；调整为 {places} 将剩余 {places - used}，不予调整")
    if confirm:
        change_quota(ws, cycle_id, prov.code, category, places, actor, reason)
    elif not reason.strip():
        raise BadInput("reason: 请说明调整名额的理由")
    return QuotaPreview(cycle=cycle_id, province_code=prov.code, province=prov.name, category=category,
                        before=row.places if row else None, after=places, used=used, left=places - used,
                        reason=reason.strip(), confirmed=confirm)  # fmt: skip
