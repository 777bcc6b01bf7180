"""Visibility by addressee (C7, issue 22). Notice 000 is 此件不公开 and goes to the joint conference's member units
and the provinces' coordination offices: nobody else sees the call. Notice 001 is public, but it calls for the
cases of TISCs and university centres: others may read it, only they are offered the upload form."""

from __future__ import annotations

from pathlib import Path

from engine.services.accounts import users
from tests.support.casehelpers import open_tisc, open_typical, submitter
from tests.support.portal_support import demo_site, log_in

PASSWORD = "a-long-passphrase-1"


def test_an_internal_call_is_seen_only_by_those_it_is_addressed_to(tmp_path: Path) -> None:
    ws, clock, _demo, client = demo_site(tmp_path)
    typical = open_typical(ws, clock)
    tisc = open_tisc(ws, clock)
    member = submitter(ws, "某部办公厅", "member-unit")
    centre = submitter(ws, "某大学国家知识产权信息服务中心", "university-centre", "330106")
    users.create_user(ws, "member", f"applicant:{member.scope}", PASSWORD)
    users.create_user(ws, "centre", f"applicant:{centre.scope}", PASSWORD)

    log_in(client, "kunshan")  # a county government: the internal call does not exist for it
    assert client.get(f"/cases?cycle={typical}").status_code == 404
    page = client.get(f"/cases?cycle={tisc}")
    assert page.status_code == 200 and "知识产权强国建设典型案例" not in page.text
    assert "本次征集不面向本单位报送" in page.text and 'action="/cases/check"' not in page.text

    client.cookies.clear()
    log_in(client, "member", PASSWORD)  # a member unit of the joint conference: the call and its form
    page = client.get(f"/cases?cycle={typical}")
    assert page.status_code == 200 and 'action="/cases/check"' in page.text

    client.cookies.clear()
    log_in(client, "centre", PASSWORD)  # a university centre: the TISC call's form, not the internal call
    assert 'action="/cases/check"' in client.get(f"/cases?cycle={tisc}").text
    assert client.get(f"/cases?cycle={typical}").status_code == 404

    client.cookies.clear()
    log_in(client, "jiangsu")  # a provincial office is addressed by both
    assert client.get(f"/cases?cycle={typical}").status_code == 200
    ws.dispose()
