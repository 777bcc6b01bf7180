"""Case calls in the browser's forms: the 字 counts shown are those ``case check`` gives; the submission
goes through ``case submit``; a province sees its submitters against the cap and the minimums."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from engine.services.accounts import users
from engine.services.applications import trail
from engine.services.cases.check import check_case
from engine.services.cases.submission import submit_case
from engine.services.reference import organisations
from portal.app import create_app
from tests.support.casehelpers import open_tisc, open_typical, provincial_office, write_case
from tests.support.portal_support import csrf_of, log_in

PASSWORD = "centre-password-1"


@pytest.fixture
def site(ws, clock, tmp_path: Path) -> Iterator[tuple]:  # noqa: ANN001
    cycle = open_tisc(ws, clock)
    org = organisations.add_organisation(ws, "南京理工大学国家知识产权信息服务中心", "university-centre", "320102")
    users.create_user(ws, "njust", f"applicant:{org.id}", PASSWORD)
    users.create_user(ws, "jiangsu", "province:320000", PASSWORD)
    client = TestClient(create_app(ws, secret="cases"), follow_redirects=False)
    yield ws, cycle, client


def upload(client: TestClient, csrf: str, cycle: int, path: Path, phase: str = "1"):  # noqa: ANN201
    files = {"file": (path.name, path.read_bytes(), "application/octet-stream")}
    return client.post("/cases/check", data={"csrf": csrf, "cycle": str(cycle), "phase": phase}, files=files)


def test_a_centre_sees_the_counts_case_check_gives_then_submits(site: tuple, tmp_path: Path) -> None:
    ws, cycle, client = site
    csrf = log_in(client, "njust", PASSWORD)
    path = write_case(tmp_path, 1, ".docx", name="助力中小企业专利导航", region=None, abstract=None, contact=None)
    r = upload(client, csrf, cycle, path)
    assert r.status_code == 200, r.text
    expected = check_case(ws, cycle, path, 1).as_json()  # the shape `case check --json` prints
    for line in expected["lengths"]:
        assert f'data-field="{line["field"]}"><td>{line["label"]}</td><td class="zi">{line["zi"]}</td>' in r.text
    assert 'class="section violation"' not in r.text
    r = client.post("/cases/submit", data={"csrf": csrf, "cycle": str(cycle), "phase": "1", "theme": "",
                                           "draft": r.text.split('name="draft" value="')[1].split('"')[0],
                                           "name": path.name})  # fmt: skip
    assert r.status_code == 303 and r.headers["location"].startswith(f"/cases?cycle={cycle}&submitted=")
    app_id = int(r.headers["location"].rsplit("=", 1)[1])  # back on the call's page, the case in its list
    assert trail.history(ws, app_id).stage == "submitted"
    assert f'<tr class="case" data-id="{app_id}">' in client.get(r.headers["location"]).text


def test_a_section_over_its_limit_is_shown_as_a_violation_and_the_submission_refused(site: tuple, tmp_path) -> None:  # noqa: ANN001
    ws, cycle, client = site
    csrf = log_in(client, "njust", PASSWORD)
    path = write_case(
        tmp_path, 2, ".docx", name="超长案例", region=None, abstract=None, contact=None, practices=3000
    )  # 3830 字 of body: the form table (案例名称, 案例时间) is the form, not text
    r = upload(client, csrf, cycle, path)
    assert (
        'class="section violation" data-field="total"' in r.text and "超过上限 1500（3830）" in r.text
    )  # TISC: D3, whole text
    draft = r.text.split('name="draft" value="')[1].split('"')[0]
    r = client.post("/cases/submit", data={"csrf": csrf, "cycle": str(cycle), "phase": "1", "draft": draft})
    assert r.status_code == 409 and "未予报送" in r.text


def test_the_province_sees_its_submitters_and_the_minimums(site: tuple, tmp_path: Path) -> None:
    ws, cycle, client = site
    csrf = log_in(client, "njust", PASSWORD)
    path = write_case(tmp_path, 3, ".docx", name="服务中小企业", region=None, abstract=None, contact=None)
    draft = upload(client, csrf, cycle, path).text.split('name="draft" value="')[1].split('"')[0]
    assert (
        client.post("/cases/submit", data={"csrf": csrf, "cycle": str(cycle), "phase": "1", "draft": draft}).status_code
        == 303
    )
    client.cookies.clear()
    log_in(client, "jiangsu", PASSWORD)
    page = client.get(f"/cases?cycle={cycle}")
    assert page.status_code == 200
    assert "南京理工大学国家知识产权信息服务中心" in page.text and "最低报送数（D5）" in page.text
    got = client.get(f"/cases/export.xlsx?cycle={cycle}")
    assert got.status_code == 200 and got.content[:2] == b"PK"
    assert csrf_of(page.text)


def test_a_centre_gives_the_cases_period_on_the_form_when_the_file_lacks_it(site: tuple, tmp_path: Path) -> None:
    """D2 (001 §一): 征集案例时间期限为2020年至今 — the page asks for 案例时间 and refuses a case without one."""
    ws, cycle, client = site
    csrf = log_in(client, "njust", PASSWORD)
    assert 'name="period"' in client.get(f"/cases?cycle={cycle}").text
    path = write_case(tmp_path, 4, ".docx", name="专利导航服务", region=None, abstract=None, contact=None, period=None)
    draft = upload(client, csrf, cycle, path).text.split('name="draft" value="')[1].split('"')[0]
    data = {"csrf": csrf, "cycle": str(cycle), "phase": "1", "draft": draft}
    refused = client.post("/cases/submit", data=data)
    assert refused.status_code == 409 and "未填写案例时间" in refused.text and "2020年至今" in refused.text
    done = client.post("/cases/submit", data={**data, "period": "2021年至今"})
    assert done.status_code == 303


def test_the_province_sees_how_its_typical_cases_spread_over_the_types(ws, clock, tmp_path: Path) -> None:  # noqa: ANN001
    """C2 (000 §二): 每个地方择优推荐不超过3个案例，同时要统筹考虑典型案例类型的广泛性."""
    cycle = open_typical(ws, clock)
    jiangsu = provincial_office(ws)
    for seed in (1, 2):
        submit_case(ws, cycle, jiangsu, write_case(tmp_path, seed, name=f"江苏案例{seed}"), theme="强化知识产权保护")
    users.create_user(ws, "jiangsu", "province:320000", PASSWORD)
    client = TestClient(create_app(ws, secret="cases"), follow_redirects=False)
    log_in(client, "jiangsu", PASSWORD)
    page = client.get(f"/cases?cycle={cycle}").text
    section = page.split('class="topic-spread"')[1].split("</section>")[0]
    assert "<td>强化知识产权保护</td><td>2</td>" in section and "可考虑其他类型" in section
    assert "加强知识产权海外布局和维权援助" in section.split("尚未涉及的类型")[1]
