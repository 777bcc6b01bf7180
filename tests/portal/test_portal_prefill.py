"""B11, notice 004 §五(二) “本级掌握或通过其他渠道可以获取的信息和数据不得要求下一层级报送”: what the system
holds is offered, not asked again: the next edition's liaison receipt starts from the last one, and the 申报书
(attachment 1) comes prefilled as a Word file."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from engine.definition.model import Role
from engine.machine.machine import Actor
from engine.services.applications import dossier, trail
from engine.services.programmes import cycles
from engine.services.province import liaison
from tests.support.portal_support import KUNSHAN, demo_site, field_value, log_in

JIANGSU = Actor(Role.PROVINCE, "320000")
LAST = {"name": "张三", "title": "处长", "phone": "025-83271234", "mobile": "13800000000", "email": "zs@js.example"}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple]:
    ws, clock, demo, client = demo_site(tmp_path)
    yield ws, demo, client
    ws.dispose()


def test_the_next_editions_receipt_starts_from_the_provinces_last_one(site: tuple) -> None:
    ws, demo, client = site
    liaison.file_receipt(ws, demo.cycle, JIANGSU, **LAST)
    following = cycles.open_cycle(ws, "demonstration-creation", 2028).id
    log_in(client, "jiangsu")
    page = client.get(f"/province/liaison?cycle={following}")
    assert page.status_code == 200
    for key, value in LAST.items():
        assert field_value(page.text, key) == value, key
    assert "已按本省上一届（2025年）回执预填" in page.text and "尚未报送" in page.text
    # nothing is filed until the province confirms it: the national office still sees it missing
    mine = next(p for p in liaison.list_receipts(ws, following).provinces if p.province == "320000")
    assert not mine.filed


def test_each_province_gets_its_own_last_receipt_and_one_without_gets_an_empty_form(site: tuple) -> None:
    ws, demo, client = site
    liaison.file_receipt(ws, demo.cycle, JIANGSU, **LAST)
    zhejiang = next(p for p in liaison.list_receipts(ws, demo.cycle).provinces if p.province == "330000")
    assert zhejiang.liaison is not None and zhejiang.liaison.name != LAST["name"]  # the demo's own receipt
    following = cycles.open_cycle(ws, "demonstration-creation", 2028).id
    log_in(client, "zhejiang")
    page = client.get(f"/province/liaison?cycle={following}")
    assert field_value(page.text, "name") == zhejiang.liaison.name
    assert field_value(page.text, "email") == zhejiang.liaison.email
    shanghai = liaison.receipt_prefill(ws, following, "310000")  # never filed one
    assert shanghai.from_edition is None and not any(shanghai.fields.values())


def test_the_application_form_comes_prefilled_from_what_the_system_holds(site: tuple) -> None:
    """004 §四(一) 填写示范创建申报书（附件1）, and §五(二): what the system holds is filled in, not asked again."""
    ws, demo, client = site
    log_in(client, "kunshan")
    page = client.get(f"/applications/{KUNSHAN}")
    assert f'href="/applications/{KUNSHAN}/application-form.docx"' in page.text
    r = client.get(f"/applications/{KUNSHAN}/application-form.docx")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    document = docx.Document(io.BytesIO(r.content))
    table = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows[1:]}
    story = trail.history(ws, KUNSHAN)
    assert table["申报单位"] == story.organisation.name == "昆山市人民政府"
    assert table["所在地区"] == "江苏省苏州市昆山市" and table["所属省份"] == "江苏省"
    assert table["申报类别"] == "国家知识产权强县建设示范县" and table["届次"] == "2025—2027年"
    text = [p.text for p in document.paragraphs]
    assert text[1] == "知识产权强国建设示范创建申报书" and "国知发运字〔2025〕28号" in text
    attested = {d.number for d in dossier.show_declarations(ws, KUNSHAN).declarations if d.attested}
    marks = {int(t.split(".")[0][2:]) for t in text if t.startswith("☑ ")}
    assert attested  # the demo's applicant has declared its conditions
    assert marks == attested  # the conditions it declared are ticked, the others left open
    assert "三、示范创建目标、重点任务和保障措施（2025—2027年）" in text and "申报单位（盖章）：" in text


def test_another_applicant_cannot_fetch_the_form(site: tuple) -> None:
    _ws, _demo, client = site
    log_in(client, "taicang")
    assert client.get(f"/applications/{KUNSHAN}/application-form.docx").status_code == 404
