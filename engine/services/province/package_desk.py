"""The province's report package as its page shows it (B4, A7, A8, B11): the 推荐名单 prefilled from the records,
every version filed, and what blocks a report now, each with its rule and the page where it is fixed.

The package itself is filed by :func:`report_packages.report`; this module only reads, and writes the list files
a clerk downloads (the same writer as the filed package's).
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from engine.kernel.errors import BadInput
from engine.machine.machine import window_verdict
from engine.services.applications.stage_moves import guard_context
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.province import report_packages as packages
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.core import CycleMilestone
from engine.store.filestore import Kept, kept_file
from engine.store.round import ReportItem, ReportPackage
from engine.store.workspace import Workspace
from policies.reference.provinces import province_name


class Blocker(ServiceResult):
    """One thing that stands between the province and its report: the rule, both reasons, where it is fixed."""

    rule: str
    reason_zh: str
    reason_en: str
    link: str | None


class ListRow(ServiceResult):
    """One line of the 推荐名单, as the system holds it."""

    application: int
    category: str
    organisation: str
    region: str
    uscc: str
    notice_period: str
    notice_result: str


class PackageVersion(ServiceResult):
    """A version filed: a package with its letter and list, or a nil return with its reason."""

    version: int
    nil: bool
    reason: str | None
    letter: str | None
    at: IsoDatetime
    actor: str
    applications: list[int]


class ReportPackageView(ServiceResult):
    """The province's round in one cycle: what it would report now, what it filed, what stands in the way."""

    cycle: int
    province: str
    province_name: str
    letter_title: str
    list_title: str
    deadline: date | None
    state: str  # reported | nil-return | not-yet
    rows: list[ListRow]  # what a report now would list (the latest version's and the ones ready since)
    ready: list[int]  # applications whose notice has ended, not yet reported
    versions: list[PackageVersion]
    blockers: list[Blocker]
    can_report: bool
    can_nil: bool


def _listed_now(s: Session, ws: Workspace, cycle_id: int, province: str) -> tuple[list[int], list[int]]:
    """(applications the latest version lists, applications ready to report now)."""
    cycle = get_cycle(s, cycle_id)
    p = cycle_programme(cycle)
    today = ws.clock.now().date()
    previous = packages.latest_packages(s, cycle.id).get(province)
    listed = (
        list(s.scalars(select(ReportItem.application_id).where(ReportItem.package_id == previous[0].id)))
        if previous
        else []
    )
    ready = [
        a.id
        for a in packages._province_apps(s, cycle, province, p.reportable())
        if packages._ended(s, p, a, today) and a.id not in listed
    ]
    return listed, ready


def report_package_view(ws: Workspace, cycle_id: int, province: str) -> ReportPackageView:
    """The province's package page: the prefilled list, every version, and the blockers with rule and link."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        r = packages._round(p)
        today = ws.clock.now().date()
        listed, ready = _listed_now(s, ws, cycle.id, province)
        ids = list(dict.fromkeys([*listed, *ready]))
        rows = [
            ListRow(application=i, category=c, organisation=o, region=g, uscc=u, notice_period=n, notice_result=x)
            for i, (c, o, g, u, n, x) in zip(ids, packages.list_rows(s, p, ids), strict=True)
        ]
        blockers: list[Blocker] = []
        window = next((wid for wid, w in p.windows.items() if w.closes == r.deadline), None)
        if window is not None:
            v = window_verdict(p, window, guard_context(ws, s, cycle), province)
            if not v.ok:
                blockers.append(Blocker(rule=v.rule_id, reason_zh=v.reason_zh, reason_en=v.reason_en, link=None))
        rule = packages._notice_rule(p, r)
        for app_id, held, v in packages.pending_notices(s, p, cycle, province, rule, today):
            link = f"/objections?cycle={cycle.id}" if held else f"/applications/{app_id}"
            blockers.append(Blocker(rule=v.rule_id, reason_zh=v.reason_zh, reason_en=v.reason_en, link=link))
        open_now = not blockers
        if not ready and not listed:
            blockers.append(
                Blocker(
                    rule=r.rule,
                    reason_zh=f"没有公示期满无异议的申报可报送；如本届不推荐，请报送“本届不推荐”并说明理由（{r.rule}）",
                    reason_en="no application has ended its notice with no objection",
                    link=f"/province/applications?cycle={cycle.id}",
                )
            )
        versions = [
            PackageVersion(version=pkg.version, nil=pkg.nil, reason=pkg.reason, letter=pkg.letter_name, at=pkg.at,
                           actor=pkg.actor, applications=list(s.scalars(
                               select(ReportItem.application_id).where(ReportItem.package_id == pkg.id))))
            for pkg in s.scalars(
                select(ReportPackage)
                .where(ReportPackage.cycle_id == cycle.id, ReportPackage.province_code == province)
                .order_by(ReportPackage.version)
            )
        ]  # fmt: skip
        latest = versions[-1] if versions else None
        state = "not-yet" if latest is None else "nil-return" if latest.nil else "reported"
        due = s.scalar(
            select(CycleMilestone.due).where(CycleMilestone.cycle_id == cycle.id, CycleMilestone.key == r.deadline)
        )
        return ReportPackageView(
            cycle=cycle.id,
            province=province,
            province_name=province_name(province),
            letter_title=r.letter,
            list_title=r.list_title,
            deadline=due,
            state=state,
            rows=rows,
            ready=ready,
            versions=versions,
            blockers=blockers,
            can_report=open_now and bool(ready),
            can_nil=open_now and not ready and not listed,
        )


def list_file(ws: Workspace, cycle_id: int, province: str, fmt: str, version: int | None = None) -> tuple[str, bytes]:
    """The 推荐名单 as ``xlsx`` or ``docx``: of a filed version, or (None) a preview of what a report now lists."""
    if fmt not in ("xlsx", "docx"):
        raise BadInput("format: xlsx 或 docx")
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        if version is None:
            listed, ready = _listed_now(s, ws, cycle.id, province)
            ids, at, number = list(dict.fromkeys([*listed, *ready])), ws.clock.now(), 0
        else:
            pkg = s.scalars(
                select(ReportPackage).where(
                    ReportPackage.cycle_id == cycle.id,
                    ReportPackage.province_code == province,
                    ReportPackage.version == version,
                )
            ).first()
            if pkg is None:
                raise BadInput(f"version: 没有第{version}版")
            ids = list(s.scalars(select(ReportItem.application_id).where(ReportItem.package_id == pkg.id)))
            at, number = pkg.at, pkg.version
        parts = packages.list_parts(s, p, ids)
        with tempfile.TemporaryDirectory(prefix="ipcycle-list-") as folder:
            written = packages.write_lists(p, cycle, province, number, at, parts, Path(folder))
            path = Path(written[0] if fmt == "xlsx" else written[1])
            return path.name, path.read_bytes()


def letter_of(ws: Workspace, cycle_id: int, province: str, version: int) -> tuple[str, str, Kept] | None:
    """(the name it was given, a stored name with the content's suffix, the file) of a version's letter."""
    with ws.transaction() as s:
        pkg = s.scalars(
            select(ReportPackage).where(
                ReportPackage.cycle_id == cycle_id,
                ReportPackage.province_code == province,
                ReportPackage.version == version,
            )
        ).first()
        if pkg is None or pkg.letter_sha256 is None:  # a nil return has no letter
            return None
        name = pkg.letter_name or "letter"
        return name, pkg.letter_stored_name or "letter.bin", kept_file(ws.url, pkg.letter_sha256, pkg.letter, name)
