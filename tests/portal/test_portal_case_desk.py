"""Case calls by the accounts the notices name (C1, D1, D6), in the pages and through /api/v1/: the form's fields read
from the document's 附件2 table and corrected on the page, the submitter's own list, the province reviewing and
forwarding its TISC cases with its stamped 汇总表, and its to-do carrying the calls' dates and D5 shortfalls."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.services.accounts import users
from tests.support.casehelpers import SME_CASE, SME_OTHER_CASE, write_case
from tests.support.portal_support import demo_site, field_error, field_value, log_in

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = ("汇总表.pdf", b"%PDF-1.4\n% stamped summary\n", "application/pdf")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple]:
    ws, clock, demo, client = demo_site(tmp_path)
    yield ws, clock, demo, client
    ws.dispose()


def _check(client, csrf: str, cycle: int, path: Path, **extra: str):  # noqa: ANN001, ANN202
    upload = {"file": (path.name, path.read_bytes(), DOCX)}
    return client.post("/cases/check", data={"csrf": csrf, "cycle": str(cycle), **extra}, files=upload)


def _draft(html: str) -> str:
    found = re.search(r'name="draft" value="([^"]+)"', html)
    assert found, "no checked draft on the page"
    return found.group(1)


def test_a_member_unit_s_case_form_is_read_from_its_table_corrected_and_submitted(site, tmp_path: Path) -> None:
    _ws, _clock, demo, client = site
    typical = demo.case_calls["typical-cases"]
    csrf = log_in(client, "miit")
    case = write_case(tmp_path, 3, ".docx", region="江苏省苏州市", contact=None)  # no contact person in the table
    checked = _check(client, csrf, typical, case)
    assert checked.status_code == 200
    assert field_value(checked.text, "region") == "江苏省苏州市"  # prefilled from the document's table
    assert field_value(checked.text, "case_name") == "昆山市打造知识产权强县建设样板"
    assert field_value(checked.text, "contact") == ""
    assert "[C4]" in checked.text  # the missing contact person, named before submitting

    typed = {"region": "江苏省苏州市", "case_name": "苏州打造知识产权强市样板", "contact": "刘洋 010-68205555"}
    form = {"csrf": csrf, "cycle": str(typical), "draft": _draft(checked.text), "name": case.name, **typed}
    done = client.post("/cases/submit", data=form)
    assert done.status_code == 303, done.text
    page = client.get(done.headers["location"]).text
    row = re.search(r'<tr class="case" data-id="(\d+)">(.*?)</tr>', page, re.S)
    assert row and "苏州打造知识产权强市样板" in row.group(2) and "已报送联席会议办公室" in row.group(2)
    desk = re.search(r'<tr class="application" data-id="\d+">(.*?)</tr>', client.get("/applicant").text, re.S)
    assert desk and '<td class="missing">—</td>' in desk.group(1)  # a submitted case lacks no material

    bad = client.post("/cases/submit", data={**form, "case_name": "！！！"})  # a name with no letter
    assert bad.status_code == 400 and "须包含文字" in (field_error(bad.text, "case_name") or "")


def test_a_tisc_case_goes_to_its_province_which_reviews_files_the_summary_and_forwards(site, tmp_path: Path) -> None:
    ws, _clock, demo, client = site
    tisc = demo.case_calls["tisc-cases"]
    csrf = log_in(client, "njust-tisc")
    case = tmp_path / "tisc.docx"
    import docx

    document = docx.Document()
    for text in ("专利信息服务助力中小企业创新", SME_CASE):
        document.add_paragraph(text)
    document.save(str(case))
    checked = _check(client, csrf, tisc, case, phase="1", period="2021年至今")  # D2: a case from 2020 on
    assert checked.status_code == 200, checked.text
    form = {"csrf": csrf, "cycle": str(tisc), "phase": "1", "period": "2021年至今", "draft": _draft(checked.text),
            "name": case.name, "case_name": "专利信息服务助力中小企业创新"}  # fmt: skip
    done = client.post("/cases/submit", data=form)
    assert done.status_code == 303
    app = int(done.headers["location"].rsplit("=", 1)[1])
    assert "已报送省级知识产权局" in client.get(f"/cases?cycle={tisc}").text
    stamped = {"file": ("案例报送表.pdf", PDF[1], "application/pdf")}  # its stamped 案例报送表 (D6)
    client.post(f"/applications/{app}/materials", data={"csrf": csrf, "material": "case-form"}, files=stamped)

    client.cookies.clear()
    csrf = log_in(client, "jiangsu")
    desk = client.get("/province").text
    assert f'href="/cases?cycle={tisc}"' in desk and "[D5]" in desk  # the phase's minimum, still short
    page = client.get(f"/cases?cycle={tisc}").text
    assert '<form method="post" action="/cases/check"' not in page  # a province submits no TISC case of its own
    assert 'class="inline" data-event="review"' in page
    back = f"/cases?cycle={tisc}"
    reviewed = client.post(f"/applications/{app}/fire", data={"csrf": csrf, "event": "review", "back": back})
    assert reviewed.headers["location"] == back
    filed = client.post("/cases/summary", data={"csrf": csrf, "cycle": str(tisc)}, files={"file": PDF})
    assert filed.status_code == 303
    assert "汇总表已报送" in client.get(back).text
    client.post(f"/applications/{app}/fire", data={"csrf": csrf, "event": "forward", "back": back})
    assert "已报送国家知识产权局" in client.get(back).text

    client.cookies.clear()  # zhejiang sees none of Jiangsu's cases, in the page or the API
    token = users.create_token(ws, "zhejiang").token
    theirs = client.get(f"/api/v1/cycles/{tisc}/cases", headers={"Authorization": f"Bearer {token}"})
    assert theirs.status_code == 200 and theirs.json()["items"] == []


def test_the_api_submits_and_lists_cases_and_refuses_with_the_rules(site, tmp_path: Path) -> None:
    ws, _clock, demo, client = site
    typical = demo.case_calls["typical-cases"]
    jiangsu = {"Authorization": f"Bearer {users.create_token(ws, 'jiangsu').token}"}
    case = write_case(tmp_path, 5, ".docx")
    upload = {"file": (case.name, case.read_bytes(), DOCX)}
    made = client.post(f"/api/v1/cycles/{typical}/cases", files=upload, headers=jiangsu)
    assert made.status_code == 201, made.text
    assert made.json()["submitter"]["name"] == "江苏省知识产权局" and made.json()["stage"] == "submitted"
    listed = client.get(f"/api/v1/cycles/{typical}/cases", headers=jiangsu).json()["items"]
    assert [c["name"] for c in listed] == ["昆山市打造知识产权强县建设样板"]

    short = write_case(tmp_path, 6, ".docx", practices=100)  # the whole text below 1,000 字 (C3)
    refused = client.post(f"/api/v1/cycles/{typical}/cases",
                          files={"file": (short.name, short.read_bytes(), DOCX)}, headers=jiangsu)  # fmt: skip
    assert refused.status_code == 409 and any(v["rule"] == "C3" for v in refused.json()["verdicts"])
    assert len(client.get(f"/api/v1/cycles/{typical}/cases", headers=jiangsu).json()["items"]) == 1

    kunshan = {"Authorization": f"Bearer {users.create_token(ws, 'kunshan').token}"}  # not addressed (C7)
    assert client.get(f"/api/v1/cycles/{typical}/cases", headers=kunshan).status_code == 404


FULL = "SELECT RAISE(ABORT, 'disk full');"


def test_a_summary_table_that_fails_for_one_case_is_filed_for_none(site, tmp_path: Path) -> None:
    from sqlalchemy import text

    from engine.definition.model import Role
    from engine.machine.machine import Actor
    from engine.services.applications import dossier, stage_moves
    from engine.services.cases import listing, submission

    ws, _clock, demo, client = site
    tisc = demo.case_calls["tisc-cases"]
    jiangsu = Actor(Role.PROVINCE, "320000")
    cases = []
    two = (("njust", "专利信息服务助力中小企业创新", SME_CASE), ("ujs", "高校信息服务助力成果转化", SME_OTHER_CASE))
    for centre, title, story in two:
        path = tmp_path / f"{centre}.md"
        path.write_text(f"{title}\n{story}", "utf-8")
        submitter = Actor(Role.APPLICANT, str(demo.organisations[centre]))
        done = submission.submit_case(ws, tisc, submitter, path, 1, period="2021年至今")
        dossier.add_material_data(ws, done.id, "case-form", "案例报送表.pdf", PDF[1], submitter)
        stage_moves.fire(ws, done.id, "review", jiangsu)
        cases.append(done.id)
    with ws.engine.begin() as db:  # the second case's row cannot be written (a disk full, a constraint)
        when = f"NEW.application_id = {cases[1]} AND NEW.material_id = 'summary-table'"
        db.execute(text(f"CREATE TRIGGER refuse BEFORE INSERT ON material WHEN {when} BEGIN {FULL} END"))
    with pytest.raises(Exception, match="disk full"):
        listing.file_summary_table(ws, tisc, jiangsu, "汇总表.pdf", PDF[1])
    csrf = log_in(client, "jiangsu")
    assert "汇总表已报送" not in client.get(f"/cases?cycle={tisc}").text  # nothing filed, for either case
    for app in cases:
        assert all(m.file is None for m in dossier.show_materials(ws, app).materials if m.id == "summary-table")

    with ws.engine.begin() as db:
        db.execute(text("DROP TRIGGER refuse"))
    filed = client.post("/cases/summary", data={"csrf": csrf, "cycle": str(tisc)}, files={"file": PDF})
    assert filed.status_code == 303 and "汇总表已报送" in client.get(f"/cases?cycle={tisc}").text
    for app in cases:
        assert [m.file.name for m in dossier.show_materials(ws, app).materials if m.id == "summary-table"] == [
            "汇总表.pdf"
        ]


def test_a_province_s_minimum_tables_show_its_own_office_and_centres_only(site) -> None:
    ws, _clock, demo, client = site
    tisc = demo.case_calls["tisc-cases"]
    log_in(client, "zhejiang")
    page = client.get(f"/cases?cycle={tisc}").text
    assert "最低报送数（D5）" in page and "浙江省" in page
    assert "南京理工大学" not in page and "江苏大学" not in page and "江苏省" not in page  # Jiangsu's centres, office
    client.cookies.clear()
    log_in(client, "jiangsu")
    page = client.get(f"/cases?cycle={tisc}").text
    assert "南京理工大学技术与创新支持中心" in page and "江苏大学国家知识产权信息服务中心" in page
    assert "浙江省" not in page
    token = {"Authorization": f"Bearer {users.create_token(ws, 'zhejiang').token}"}
    assert client.get(f"/api/v1/cycles/{tisc}/cases", headers=token).json()["items"] == []
