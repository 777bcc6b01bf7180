"""Accounts and organisations in the browser: the national office manages every account and organisation, a
provincial office its own applicants' accounts and the organisations of its province (B11: the roster template
comes prefilled with them). A new or reset password is shown to the office once and replaced at the first log-in;
every change is audited (``people``), and the national office reads the audit on its own page.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from engine.definition.model import Role
from engine.kernel.errors import BadInput, Refused
from engine.services.accounts import management as people
from engine.services.reference import organisations, roster
from engine.services.reference.organisations import organisation_province
from engine.services.shared.reference_audit import REFERENCES, ReferenceList, reference_log
from policies.reference.provinces import province_codes
from portal import export
from portal.context import portal_of
from portal.deps import AppId, CsrfField, Who, check_csrf, need
from portal.forms import form_errors_of
from portal.security import Caller, NotFound

router = APIRouter(include_in_schema=False)
Login = Annotated[str, PathParam(min_length=2, max_length=80, pattern=r"^[a-z0-9._@-]+$")]
Text = Annotated[str, Form(max_length=200)]
ACCOUNT_ROLES = {r.value: r.label for r in (Role.NATIONAL, Role.PROVINCE, Role.APPLICANT)}  # never the scheduler
FIELDS_ZH = {"name": "名称", "email": "电子邮箱", "role": "角色", "password": "密码", "disabled": "停用",
             "by": "办理人", "kind": "类型", "division_code": "行政区划代码", "uscc": "统一社会信用代码",
             "attributes": "属性", "due": "日期", "reason": "理由", "province": "省份",
             "weight": "权重", "maximum": "满分",
             "minimum": "最低分", "year": "年度", "category": "类别"}  # fmt: skip
SHOWN = 300


def _office(caller: Caller) -> None:
    need(caller, Role.NATIONAL, Role.PROVINCE)


def _own_organisations(request: Request, caller: Caller, q: str = "", province: str = "") -> list[Any]:
    """The organisations the caller keeps (a province: its own), matching ``q`` in name, USCC or division."""
    scope = caller.scope if caller.role is Role.PROVINCE else province
    found = []
    for o in organisations.list_organisations(portal_of(request).ws):
        if scope and organisation_province(o.division_code, o.uscc) != scope:
            continue
        codes = (o.uscc or "", o.division_code or "")
        if q and q not in o.name and not any(c.startswith(q.upper()) for c in codes):
            continue
        found.append(o)
    return found


# --- accounts --------------------------------------------------------------------------------------------------


def _accounts_page(request: Request, caller: Caller, status: int = 200, **extra: Any) -> Response:
    portal = portal_of(request)
    users = people.managed_users(portal.ws, caller.user.actor())
    orgs = _own_organisations(request, caller)  # the national office: every organisation, chosen by name
    context = {"issued": None, "done": "", **extra}
    return portal.page(request, "accounts.html.j2", caller, status=status, users=users[:SHOWN], total=len(users),
                       provinces=province_codes(), roles=ACCOUNT_ROLES, orgs=orgs, **context)  # fmt: skip


@router.get("/accounts")
def accounts_page(*, request: Request, caller: Who) -> Response:
    """The accounts the office manages, the form to create one, and per account: reset its password, disable it."""
    _office(caller)
    return _accounts_page(request, caller)


def _role_of(caller: Caller, kind: str, province: str, organisation: str) -> str:
    if caller.role is Role.PROVINCE or kind == "applicant":
        if not organisation.strip().isdigit():
            raise BadInput("organisation: 请选择申报单位")
        return f"applicant:{int(organisation)}"
    if kind == "province":
        return f"province:{province}"
    if kind == "national":
        return "national"
    raise BadInput(f"kind: 不是可选的角色：{kind!r}")


@router.post("/accounts")
def account_create(
    *, request: Request, caller: Who, csrf: CsrfField = "", login: Annotated[str, Form(max_length=80)] = "",
    kind: Annotated[str, Form(max_length=20)] = "applicant", province: Annotated[str, Form(max_length=6)] = "",
    organisation: Annotated[str, Form(max_length=12)] = "",
) -> Response:  # fmt: skip
    """A new account with a temporary password, shown on this answer once; the person sets their own at log-in."""
    _office(caller)
    check_csrf(caller, csrf)
    given = {"login": login, "kind": kind, "province": province, "organisation": organisation}
    try:
        issued = people.create_account(portal_of(request).ws, caller.user.actor(), login,
                                       _role_of(caller, kind, province, organisation))  # fmt: skip
    except (BadInput, Refused) as exc:
        return _accounts_page(request, caller, 400, given=given, form_errors=form_errors_of(exc, given))
    return _accounts_page(request, caller, 201, issued=issued)


@router.post("/accounts/{login}/password")
def account_reset(*, request: Request, caller: Who, login: Login, csrf: CsrfField = "") -> Response:
    """A temporary password for the account, shown once; its sessions and tokens end."""
    _office(caller)
    check_csrf(caller, csrf)
    issued = people.reset_password(portal_of(request).ws, caller.user.actor(), login)
    return _accounts_page(request, caller, issued=issued)


@router.post("/accounts/{login}/disable")
def account_disable(
    *, request: Request, caller: Who, login: Login, csrf: CsrfField = "",
    confirm: Annotated[str, Form(max_length=10)] = "",
) -> Response:  # fmt: skip
    """Disable the account after the office ticked the confirmation: it can no longer log in."""
    _office(caller)
    check_csrf(caller, csrf)
    if confirm != "yes":
        raise BadInput("confirm: 请勾选“确认停用”后再提交（停用后该账号不能再登录）")
    done = people.disable_account(portal_of(request).ws, caller.user.actor(), login)
    return _accounts_page(request, caller, done=f"账号 {done.login} 已停用。")


# --- organisations ---------------------------------------------------------------------------------------------


def _organisations_page(request: Request, caller: Caller, status: int = 200, **extra: Any) -> Response:
    q, province = str(extra.pop("q", "")), str(extra.pop("province", ""))
    found = _own_organisations(request, caller, q, province)
    return portal_of(request).page(request, "organisations.html.j2", caller, status=status, orgs=found[:SHOWN],
                                   total=len(found), q=q, province=province, provinces=province_codes(),
                                   kinds=roster.LABELS["kind"], **{"done": "", **extra})  # fmt: skip


@router.get("/organisations")
def organisations_page(
    *, request: Request, caller: Who, q: Annotated[str, Query(max_length=100)] = "",
    province: Annotated[str, Query(max_length=6)] = "",
) -> Response:  # fmt: skip
    """The organisations the office keeps, with their e-mail addresses; the form to register one; the roster."""
    _office(caller)
    return _organisations_page(request, caller, q=q.strip(), province=province)


@router.post("/organisations")
def organisation_create(
    *, request: Request, caller: Who, csrf: CsrfField = "", name: Text = "",
    kind: Annotated[str, Form(max_length=40)] = "", division: Annotated[str, Form(max_length=12)] = "",
    uscc: Annotated[str, Form(max_length=18)] = "", email: Text = "",
) -> Response:  # fmt: skip
    """Register an organisation (a province: within its own province), audited."""
    _office(caller)
    check_csrf(caller, csrf)
    given = {"name": name, "kind": kind, "division": division, "uscc": uscc, "email": email}
    try:
        made = organisations.add_organisation(portal_of(request).ws, name, kind, division.strip() or None,
                                              uscc.strip() or None, email.strip() or None,
                                              actor=caller.user.actor())  # fmt: skip
    except (BadInput, Refused) as exc:
        return _organisations_page(request, caller, 400, given=given, form_errors=form_errors_of(exc, given))
    return _organisations_page(request, caller, 201, done=f"已登记：{made.name}（编号 {made.id}）")


@router.get("/organisations/roster-template.xlsx")
def roster_template(*, request: Request, caller: Who, province: Annotated[str, Query(max_length=6)] = "") -> Response:
    """The roster template prefilled with the province's recorded organisations (B11), to correct and add to."""
    _office(caller)
    code = caller.scope if caller.role is Role.PROVINCE else province
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "roster.xlsx"
        try:
            roster.write_province_template(portal_of(request).ws, path, code or "", caller.user.actor())
        except BadInput:
            raise BadInput("province: 请选择省份") from None
        return export.attachment(path.read_bytes(), f"单位名册-{code}.xlsx")


def _kept(request: Request, caller: Caller, org_id: int) -> Any:
    """The organisation if the caller keeps it; else 404, as for an unknown one."""
    found = next((o for o in organisations.list_organisations(portal_of(request).ws) if o.id == org_id), None)
    if found is None or (caller.role is Role.PROVINCE and organisation_province(found.division_code, found.uscc)
                         != caller.scope):  # fmt: skip
        raise NotFound()
    return found


@router.get("/organisations/{org_id}")
def organisation_page(*, request: Request, caller: Who, org_id: AppId) -> Response:
    """One organisation: its codes, its e-mail address (where reminders go), the form to change name or address."""
    _office(caller)
    org = _kept(request, caller, org_id)
    return portal_of(request).page(request, "organisation.html.j2", caller, org=org, kinds=roster.LABELS["kind"],
                                   given={"name": org.name, "email": org.email or ""}, done=False)  # fmt: skip


@router.post("/organisations/{org_id}")
def organisation_update(
    *, request: Request, caller: Who, org_id: AppId, csrf: CsrfField = "", name: Text = "", email: Text = ""
) -> Response:
    """Change the organisation's name or e-mail address (audited with what it was)."""
    _office(caller)
    check_csrf(caller, csrf)
    org = _kept(request, caller, org_id)
    given = {"name": name, "email": email}
    portal = portal_of(request)
    try:
        org = people.update_organisation(portal.ws, org_id, caller.user.actor(), name=name, email=email)
    except (BadInput, Refused) as exc:
        return portal.page(request, "organisation.html.j2", caller, status=400, org=org, kinds=roster.LABELS["kind"],
                           given=given, form_errors=form_errors_of(exc, given), done=False)  # fmt: skip
    return portal.page(request, "organisation.html.j2", caller, org=org, kinds=roster.LABELS["kind"],
                       given={"name": org.name, "email": org.email or ""}, done=True)  # fmt: skip


# --- the audit -------------------------------------------------------------------------------------------------


@router.get("/national/audit")
def audit_page(*, request: Request, caller: Who, reference: Annotated[str, Query(max_length=20)] = "") -> Response:
    """Every audited change to accounts, organisations and the reference lists: who, when, what, before, after."""
    need(caller, Role.NATIONAL)
    if reference and reference not in REFERENCES:
        raise BadInput(f"reference: 不是可查看的清单：{reference!r}")
    entries = list(reversed(reference_log(portal_of(request).ws, reference or None)))
    return portal_of(request).page(request, "audit.html.j2", caller, entries=entries[:500], total=len(entries),
                                   shown=reference, lists=list(ReferenceList),
                                   fields=FIELDS_ZH)  # fmt: skip
