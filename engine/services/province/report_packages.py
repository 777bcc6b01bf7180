"""The province's report to CNIPA as one package (B4; A8's 推荐函): its letter once, every application whose
public notice has ended, and the 推荐名单 prefilled from the records (B11); or a nil return (本届不推荐).

A package may be amended before the deadline: each amendment is a new version, earlier ones are kept.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from engine.definition.model import Programme, ProvincialRound, Role
from engine.files.scans import SUFFIX, sniff
from engine.files.spreadsheet import Column, Heading, Sheet, write_workbook
from engine.files.worddoc import TableColumn, TableGroup, write_table_document
from engine.kernel.errors import BadInput, Refused
from engine.kernel.text import free_text
from engine.machine.machine import Actor, window_verdict
from engine.services.applications import notices
from engine.services.applications.dossier import read_document
from engine.services.applications.stage_moves import fire_in_session, guard_context
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.shared.results import IsoDatetime, ServiceResult
from engine.store.core import Application, Cycle
from engine.store.filestore import keep_bytes
from engine.store.round import NoticeStatus, Objection, ObjectionStatus, ReportItem, ReportPackage
from engine.store.round import RoundState as RoundState  # re-exported: the services' name for it
from engine.store.workspace import Workspace
from policies.guards.eligibility import full_name
from policies.guards.round import words
from policies.reference.divisions import registry
from policies.reference.provinces import province_codes, province_name
from policies.verdict import Verdict


class ReportFiled(ServiceResult):
    """A version of a province's package: what it lists (and what it reported now), its letter and files."""

    cycle: int
    province: str
    province_name: str
    version: int
    nil: bool
    reason: str | None
    applications: list[int]
    reported_now: list[int]
    letter: str | None
    letter_sha256: str | None
    xlsx: str | None
    docx: str | None
    at: IsoDatetime


class ProvinceRound(ServiceResult):
    """One province in the round: its state, the latest version and how many applications it lists."""

    province: str
    name: str
    state: RoundState
    version: int | None
    applications: int
    at: IsoDatetime | None


def _round(p: Programme) -> ProvincialRound:
    if p.provincial_round is None:
        raise BadInput(f"{p.id} has no provincial round (its definition has no `provincial_round`)")
    return p.provincial_round


def latest_packages(s: Session, cycle_id: int) -> dict[str, tuple[ReportPackage, int]]:
    """Per province, its latest package version and the number of applications that version lists."""
    out: dict[str, tuple[ReportPackage, int]] = {}
    for pkg in s.scalars(select(ReportPackage).where(ReportPackage.cycle_id == cycle_id).order_by(ReportPackage.id)):
        out[pkg.province_code] = (pkg, 0)
    for code, (pkg, _) in list(out.items()):
        listed = s.scalars(select(ReportItem.application_id).where(ReportItem.package_id == pkg.id)).all()
        out[code] = (pkg, len(listed))
    return out


def province_rounds(s: Session, cycle_id: int) -> list[ProvinceRound]:
    """Every provincial office (31 and the XPCC) as it stands in the round."""
    latest = latest_packages(s, cycle_id)
    out = []
    for code, name in province_codes().items():
        found = latest.get(code)
        if found is None:
            out.append(
                ProvinceRound(province=code, name=name, state=RoundState.NOT_YET, version=None, applications=0, at=None)
            )
            continue
        pkg, n = found
        state = RoundState.NIL if pkg.nil else RoundState.REPORTED
        out.append(ProvinceRound(province=code, name=name, state=state, version=pkg.version, applications=n, at=pkg.at))
    return out


def round_status(ws: Workspace, cycle_id: int) -> list[ProvinceRound]:
    """Who has reported, who made a nil return, who has not yet (the national office's roll call)."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        _round(cycle_programme(cycle))
        return province_rounds(s, cycle.id)


def _refuse(message: str, rule: str, zh: str, en: str) -> Refused:
    return Refused(message, [Verdict(False, rule, zh, en)])


def _window(ws: Workspace, s: Session, p: Programme, cycle: Cycle, r: ProvincialRound, province: str) -> None:
    window = next((wid for wid, w in p.windows.items() if w.closes == r.deadline), None)
    if window is None:
        return
    v = window_verdict(p, window, guard_context(ws, s, cycle), province)
    if not v.ok:
        raise Refused("the recommendation deadline has passed", [v])


def _province_apps(s: Session, cycle: Cycle, province: str, stages: frozenset[str]) -> list[Application]:
    q = (
        select(Application)
        .options(joinedload(Application.organisation), joinedload(Application.cycle).joinedload(Cycle.version))
        .where(Application.cycle_id == cycle.id, Application.province_code == province, Application.stage.in_(stages))
        .order_by(Application.id)
    )
    return list(s.scalars(q))


def _ended(s: Session, p: Programme, app: Application, today: date) -> bool:
    """Has the application's notice ended (its last day is past, no objection holds it), tick or no tick?"""
    for st in p.shared_notices():
        if app.stage == st.id:
            n = notices.notice_of(s, app.id, st.id)
            return n is not None and n.status == NoticeStatus.RUNNING and n.last_day < today
    return app.stage not in p.under_notice()


def _under_notice(s: Session, p: Programme, cycle: Cycle, province: str, rule: str, today: date) -> list[Verdict]:
    return [v for _, _, v in pending_notices(s, p, cycle, province, rule, today)]


def pending_notices(
    s: Session, p: Programme, cycle: Cycle, province: str, rule: str, today: date
) -> list[tuple[int, bool, Verdict]]:
    """(application, held by an objection, the verdict) of each of the province's notices still running or held."""
    out = []
    for app in _province_apps(s, cycle, province, p.under_notice()):
        if _ended(s, p, app, today):
            continue
        shared = next((notices.notice_of(s, app.id, st.id) for st in p.shared_notices()), None)
        last = f"（公示期至{shared.last_day:%Y年%-m月%-d日}）" if shared else ""
        held = app.stage not in {st.id for st in p.shared_notices()}
        state = "异议尚未处理完毕" if held else "仍在省级公示期内"
        verdict = Verdict(
            False,
            rule,
            f"{app.organisation.name}（申报编号{app.id}）{state}{last}，公示期满无异议后方可报送{words(rule)}",
            f"application {app.id} is still under public notice" + (f" (to {shared.last_day})" if shared else ""),
        )
        out.append((app.id, held, verdict))
    return out


def report(
    ws: Workspace,
    cycle_id: int,
    actor: Actor,
    letter: Path | None = None,
    out_dir: Path | None = None,
    nil_reason: str | None = None,
    letter_upload: tuple[str, bytes] | None = None,
) -> ReportFiled:
    """File the province's package: its letter once, and report in one transaction every one of its
    applications whose notice has ended; ``nil_reason`` instead is the nil return (本届不推荐).
    ``letter_upload`` is the letter as a browser or the API sends it (its name and bytes) instead of a file."""
    if letter is not None:
        letter_upload = (letter.name, read_document(letter))
    if letter_upload is not None and nil_reason is not None:
        raise BadInput("letter: 本届不推荐无需推荐函")
    nil_reason = free_text(nil_reason, "reason") if nil_reason is not None else None
    if nil_reason is not None and not nil_reason:
        raise BadInput("reason: 请说明本届不推荐的理由")
    if letter_upload is not None and not letter_upload[1]:
        raise BadInput("letter: 推荐函文件为空")
    data = letter_upload[1] if letter_upload is not None else None
    letter_name = letter_upload[0][-200:] if letter_upload is not None else None
    kind = sniff(data) if data is not None else None
    if data is not None and kind is None:
        raise BadInput(f"letter: {letter_name} 不是PDF或图片（按文件内容判断）")
    if out_dir is not None and not out_dir.is_dir():
        raise BadInput(f"{out_dir} is not a folder", field="out")
    with ws.transaction(write=True) as s:
        cycle = get_cycle(s, cycle_id)
        p = cycle_programme(cycle)
        r = _round(p)
        quote = words(r.rule, r.words_zh)
        if actor.role is not Role.PROVINCE or actor.scope is None:
            raise _refuse(
                "only a provincial office reports its recommendation",
                "ROLE",
                "推荐名单由省级知识产权局报送",
                f"only a provincial office reports, not {actor}",
            )
        province = actor.scope
        _window(ws, s, p, cycle, r, province)
        today = ws.clock.now().date()
        pending = _under_notice(s, p, cycle, province, _notice_rule(p, r), today)
        if pending:
            raise Refused(f"{len(pending)} application(s) of {province} are still under public notice", pending)
        previous = latest_packages(s, cycle.id).get(province)
        listed = (
            list(s.scalars(select(ReportItem.application_id).where(ReportItem.package_id == previous[0].id)))
            if previous
            else []
        )
        ready = [a for a in _province_apps(s, cycle, province, p.reportable()) if _ended(s, p, a, today)]
        if previous is not None and not ready and _same(previous[0], nil_reason, data):
            return _filed(previous[0], listed)  # the same package sent again (a retry, a double click): filed once
        if nil_reason is not None:
            if ready:
                raise _refuse(
                    "the province has applications ready to report",
                    r.rule,
                    f"尚有{len(ready)}项申报公示期满待报送，不能报送“本届不推荐”{quote}",
                    f"{len(ready)} application(s) have ended their notice: report them or decline them",
                )
            if listed:
                raise _refuse(
                    "a nil return cannot take back reported applications",
                    r.rule,
                    f"已报送{len(listed)}项申报，不能改为“本届不推荐”",
                    f"{len(listed)} application(s) were reported already; a nil return cannot take them back",
                )
        elif data is None:
            raise _refuse(
                "the package needs the province's letter",
                r.rule,
                f"须附{r.letter}{quote}",
                f"the package needs the province's letter ({r.letter})",
            )
        elif not ready and not listed:
            raise _refuse(
                "nothing to report",
                r.rule,
                f"没有公示期满无异议的申报可报送；如本届不推荐，请报送“本届不推荐”{quote}",
                "no application has ended its notice with no objection; for recommending nobody make a nil return",
            )
        now = ws.clock.now()
        pkg = ReportPackage(
            cycle_id=cycle.id,
            province_code=province,
            version=(previous[0].version + 1) if previous else 1,
            nil=nil_reason is not None,
            reason=(nil_reason or "").strip() or None,
            letter_name=letter_name,
            letter_stored_name=f"{uuid.uuid4().hex}{SUFFIX[kind]}" if kind else None,
            letter_sha256=hashlib.sha256(data).hexdigest() if data else None,
            letter=keep_bytes(ws.url, data, letter_name or "letter") if data else None,  # None: in the file store
            at=now,
            actor=str(actor),
        )
        s.add(pkg)
        s.flush()
        ids = list(dict.fromkeys([*listed, *(a.id for a in ready)]))
        for app_id in ids:
            s.add(ReportItem(package_id=pkg.id, application_id=app_id))
        s.flush()
        refused: list[Verdict] = []
        for app in ready:
            try:
                fire_in_session(ws, s, app, r.event, actor, reason=f"随{r.list_title}（第{pkg.version}版）报送")
            except Refused as exc:
                refused += [
                    Verdict(
                        False,
                        v.rule_id,
                        f"{app.organisation.name}：{v.reason_zh}",
                        f"application {app.id}: {v.reason_en}",
                    )
                    for v in exc.failed()
                ]
        if refused:
            raise Refused(f"the package of {province} was refused", refused)
        xlsx = docx_path = None
        if out_dir is not None and ids:
            xlsx, docx_path = _write_lists(s, p, cycle, province, pkg, ids, out_dir)
        return ReportFiled(
            cycle=cycle.id,
            province=province,
            province_name=province_name(province),
            version=pkg.version,
            nil=pkg.nil,
            reason=pkg.reason,
            applications=ids,
            reported_now=[a.id for a in ready],
            letter=pkg.letter_name,
            letter_sha256=pkg.letter_sha256,
            xlsx=xlsx,
            docx=docx_path,
            at=now,
        )


def _same(pkg: ReportPackage, nil_reason: str | None, letter: bytes | None) -> bool:
    """Is this request the package already filed: the same nil return's reason, or the same letter?"""
    if nil_reason is not None:
        return pkg.nil and pkg.reason == nil_reason.strip()
    return letter is not None and not pkg.nil and pkg.letter_sha256 == hashlib.sha256(letter).hexdigest()


def _filed(pkg: ReportPackage, ids: list[int]) -> ReportFiled:
    return ReportFiled(cycle=pkg.cycle_id, province=pkg.province_code, province_name=province_name(pkg.province_code),
                       version=pkg.version, nil=pkg.nil, reason=pkg.reason, applications=ids, reported_now=[],
                       letter=pkg.letter_name, letter_sha256=pkg.letter_sha256, xlsx=None, docx=None,
                       at=pkg.at)  # fmt: skip


def _notice_rule(p: Programme, r: ProvincialRound) -> str:
    return next((st.notice.rule for st in p.shared_notices() if st.notice and st.notice.rule), r.rule)


# The 推荐名单's columns: the same in its sheet and its Word table (narrowest useful widths in cm).
LIST_COLUMNS = (  # 22.4 cm, the landscape text block; a USCC and a notice period each keep one line (五号)
    TableColumn("序号", 1.4, center=True),
    TableColumn("推荐类别", 2.6, share=1.2),
    TableColumn("申报单位", 3.2, share=1.5),
    TableColumn("所在地区", 2.6, share=1.2),
    TableColumn("统一社会信用代码", 5.3),
    TableColumn("省级公示期", 5.0),
    TableColumn("公示结果", 2.4, center=True),
)


def _parts(p: Programme, ids: list[int], apps: dict[int, Application]) -> list[tuple[str, list[int]]]:
    """The list's parts in the definition's order ((title, members)); one untitled part when it has none.
    Notice 003 keeps demonstration candidates (for CNIPA's review) and pilots (for its 核准) apart."""
    parts = p.provincial_round.parts if p.provincial_round else []
    if not parts:
        return [("", ids)]
    split = [(part.title, [i for i in ids if apps[i].category in part.categories]) for part in parts]
    return [(title, members) for title, members in split if members]


def _row(s: Session, p: Programme, app: Application) -> list[str]:
    """One applicant's row of the 推荐名单: what the records hold of it and of its provincial notice."""
    org = app.organisation
    cat = p.category(app.category)
    div = registry().get(org.division_code) if org.division_code else None  # the whole path: 西湖区 is two places
    shared = next((notices.notice_of(s, app.id, st.id) for st in p.shared_notices()), None)
    period = f"{shared.published_on:%Y.%m.%d}—{shared.last_day:%Y.%m.%d}" if shared else "—"
    dismissed = s.scalar(
        select(Objection.id)
        .where(Objection.application_id == app.id, Objection.status == ObjectionStatus.RESOLVED)
        .limit(1)
    )
    result = ("异议不成立" if dismissed else "无异议") if shared else "—"
    return [cat.name if cat else app.category, org.name, full_name(div) if div else "", org.uscc or "", period, result]


def _apps(s: Session, ids: list[int]) -> dict[int, Application]:
    q = select(Application).options(joinedload(Application.organisation)).where(Application.id.in_(ids))
    return {a.id: a for a in s.scalars(q)}


def list_rows(s: Session, p: Programme, ids: list[int]) -> list[list[str]]:
    """The 推荐名单's rows (its columns but the 序号) for these applications, in their order (B11)."""
    apps = _apps(s, ids)
    return [_row(s, p, apps[i]) for i in ids]


def list_parts(s: Session, p: Programme, ids: list[int]) -> list[tuple[str, list[list[str]]]]:
    """The 推荐名单's parts, each (title, rows), as the files lay it out."""
    apps = _apps(s, ids)
    return [(part, [_row(s, p, apps[i]) for i in members]) for part, members in _parts(p, ids, apps)]


def _write_lists(
    s: Session, p: Programme, cycle: Cycle, province: str, pkg: ReportPackage, ids: list[int], out_dir: Path
) -> tuple[str, str]:
    """The 推荐名单 of this version, as .xlsx and .docx, from the records (nothing typed by the clerk)."""
    return write_lists(p, cycle, province, pkg.version, pkg.at, list_parts(s, p, ids), out_dir)


def write_lists(
    p: Programme,
    cycle: Cycle,
    province: str,
    version: int,
    at: datetime,
    parts: list[tuple[str, list[list[str]]]],
    out_dir: Path,
) -> tuple[str, str]:
    """The 推荐名单 (``version``; 0 is a preview before any report) as .xlsx and .docx in ``out_dir``."""
    r = _round(p)
    name = province_name(province)
    title = f"{name}{r.list_title}"
    edition = f"第{version}版" if version else "预览（尚未报送）"
    byline = [f"报送单位：{name}知识产权局（盖章）", f"{p.title}（{p.document}） {edition} {at:%Y年%-m月%-d日}"]
    stem = f"{r.list_title}-{name}-{cycle.edition}年-{edition}"  # named as a clerk files it, no database id
    xlsx, docx_path = out_dir / f"{stem}.xlsx", out_dir / f"{stem}.docx"
    office = f"{name}知识产权局"
    rows: list[list[str] | Heading] = []
    for part, members in parts:  # each part numbered from 1 under its heading
        rows += [Heading(part), *members] if part else members
    sheet = Sheet("推荐名单", [Column(c.header) for c in LIST_COLUMNS[1:]], rows, title=title, byline=byline)
    write_workbook(xlsx, [sheet], office, at)
    groups = [TableGroup(part, [[str(i), *r] for i, r in enumerate(members, start=1)]) for part, members in parts]
    write_table_document(docx_path, office=office, now=at, title=title, columns=LIST_COLUMNS, byline=byline,
                         groups=groups, size_pt=10.5)  # fmt: skip
    return str(xlsx), str(docx_path)


def packages(ws: Workspace, cycle_id: int, province: str) -> list[ReportFiled]:
    """Every version of a province's package, oldest first (the audit of its amendments)."""
    with ws.transaction() as s:
        cycle = get_cycle(s, cycle_id)
        out = []
        rows = s.scalars(
            select(ReportPackage)
            .where(ReportPackage.cycle_id == cycle.id, ReportPackage.province_code == province)
            .order_by(ReportPackage.version)
        )
        earlier: set[int] = set()  # a version reports what it lists beyond the version before it
        for pkg in rows:
            ids = list(s.scalars(select(ReportItem.application_id).where(ReportItem.package_id == pkg.id)))
            reported_now = [i for i in ids if i not in earlier]
            earlier = set(ids)
            out.append(
                ReportFiled(
                    cycle=cycle.id,
                    province=province,
                    province_name=province_name(province),
                    version=pkg.version,
                    nil=pkg.nil,
                    reason=pkg.reason,
                    applications=ids,
                    reported_now=reported_now,
                    letter=pkg.letter_name,
                    letter_sha256=pkg.letter_sha256,
                    xlsx=None,
                    docx=None,
                    at=pkg.at,
                )
            )
        return out
