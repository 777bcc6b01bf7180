"""Evaluation set-up in the browser's forms: a bad file names its row and column and loads nothing; a good one is
shown as a difference first and loaded only when confirmed; the template lists the columns to fill."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta
from pathlib import Path

from httpx import Response
from openpyxl import load_workbook

from engine.services.applications.timers import tick
from engine.services.evaluation import indicator_sets as scoring
from engine.services.evaluation import score_records
from engine.services.shared.reference_audit import reference_log
from tests.support.lifecycle import report_package
from tests.support.portal_support import KUNSHAN, XLSX, csrf_of, demo_site, log_in, xlsx


def test_indicators_are_previewed_as_a_difference_then_loaded_and_a_bad_row_is_named(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "cnipa")
    template = client.get("/national/cycles/1/indicators/template-indicators.xlsx")
    assert template.status_code == 200 and "attachment" in template.headers["content-disposition"]
    assert [c.value for c in load_workbook(io.BytesIO(template.content)).active[1]] == [  # type: ignore[index]
        "指标代码", "指标名称", "权重", "满分"
    ]  # fmt: skip

    bad = xlsx(("id", "name", "weight", "maximum"), ("I1", "综合评价", "很多", 100))
    shown = client.post("/national/cycles/1/indicators/preview", data={"csrf": csrf, "which": "indicators"},
                        files={"file": ("指标.xlsx", bad, XLSX)})  # fmt: skip
    assert shown.status_code == 400 and "weight" in shown.text and "指标.xlsx" in shown.text
    assert scoring.list_indicators(ws, 1) == []

    good = xlsx(("id", "name", "weight", "maximum"), ("I1", "综合评价", 60, 100), ("I2", "工作成效", 40, 50))
    shown = client.post("/national/cycles/1/indicators/preview", data={"csrf": csrf, "which": "indicators"},
                        files={"file": ("指标.xlsx", good, XLSX)})  # fmt: skip
    assert shown.status_code == 200 and shown.text.count('class="added"') == 2 and "尚未生效" in shown.text
    assert scoring.list_indicators(ws, 1) == []
    done = client.post("/national/cycles/1/indicators", data={"csrf": csrf_of(shown.text), "which": "indicators",
                       "name": "指标.xlsx", "carried": _carried(shown.text)})  # fmt: skip
    assert done.status_code == 303
    assert [i.id for i in scoring.list_indicators(ws, 1)] == ["I1", "I2"]
    page = client.get(done.headers["location"])
    assert "评价指标已载入" in page.text and 'data-indicator="I2"' in page.text


def _carried(html: str) -> str:
    start = html.index('name="carried" value="') + len('name="carried" value="')
    return html[start : html.index('"', start)]


INDICATORS_YAML = """\
# 示范创建评价指标（附件 3 的读法）
indicators:
  - {id: I1, name: 创造质量, weight: 50, maximum: 100}
  - {id: I2, name: 运用效益, weight: 50, maximum: 100}
""".encode()


def test_the_yaml_option_loads_in_the_browser_and_the_audit_names_the_file_not_the_server(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "cnipa")
    page = client.get("/national/cycles/1/indicators")
    assert "YAML" in page.text and ".yaml" in page.text  # what the form offers

    def preview(name: str, data: bytes, which: str = "indicators") -> Response:
        return client.post("/national/cycles/1/indicators/preview", data={"csrf": csrf, "which": which},
                           files={"file": (name, data, "application/x-yaml")})  # fmt: skip

    for bad in (
        b"<html><script>alert(1)</script></html>",  # not YAML, though named so
        b"indicators: [{id: I1, name: x, weight: 1, maximum: 1}\n",  # not closed
        b"a: &x [1, 2]\nb: [*x, *x, *x]\n",  # anchors and aliases: a document that grows as it is read
        b"indicators: !!python/object/apply:os.system [echo]\n",
        b"\x00\x01binary",
    ):
        refused = preview("指标.yaml", bad)
        assert refused.status_code == 400 and "指标.yaml" in refused.text, bad
        assert scoring.list_indicators(ws, 1) == []
    too_big = preview("指标.yml", b"# " + b"x" * (600 * 1024) + b"\nindicators: []\n")
    assert too_big.status_code == 400 and "上限" in too_big.text

    shown = preview("指标.yaml", INDICATORS_YAML)
    assert shown.status_code == 200, shown.text
    assert shown.text.count('class="added"') == 2 and scoring.list_indicators(ws, 1) == []
    done = client.post("/national/cycles/1/indicators", data={"csrf": csrf_of(shown.text), "which": "indicators",
                       "name": "指标.yaml", "carried": _carried(shown.text)})  # fmt: skip
    assert done.status_code == 303
    assert [(i.id, i.name) for i in scoring.list_indicators(ws, 1)] == [("I1", "创造质量"), ("I2", "运用效益")]
    sources = {e.source for e in reference_log(ws, "indicators")}
    assert sources == {f"指标.yaml sha256:{hashlib.sha256(INDICATORS_YAML).hexdigest()}"}
    audit = client.get("/national/audit?reference=indicators")
    assert "指标.yaml" in audit.text and "ipcycle-upload" not in audit.text and "/tmp" not in audit.text


def test_a_category_gets_its_own_set_on_the_page_and_its_score_form_says_which_set_applies(tmp_path: Path) -> None:
    ws, clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "cnipa")
    common = xlsx(("id", "name", "weight", "maximum"), ("I1", "综合评价", 100, 100))
    county = xlsx(("id", "name", "weight", "maximum"), ("C1", "县域创新", 60, 100), ("C2", "保护成效", 40, 100))
    for category, sheet in (("", common), ("county", county)):
        shown = client.post("/national/cycles/1/indicators/preview", files={"file": ("指标.xlsx", sheet, XLSX)},
                            data={"csrf": csrf, "which": "indicators", "category": category})  # fmt: skip
        assert shown.status_code == 200, shown.text
        title = "国家知识产权强县建设示范县评价指标" if category else "本届通用评价指标"
        assert f"载入到：<strong>{title}</strong>" in shown.text
        done = client.post("/national/cycles/1/indicators", data={"csrf": csrf, "which": "indicators",
                           "name": "指标.xlsx", "carried": _carried(shown.text), "category": category})  # fmt: skip
        assert done.status_code == 303
    page = client.get("/national/cycles/1/indicators")
    assert 'data-set="county"' in page.text and "适用类别：国家知识产权强县建设示范县" in page.text
    template = client.get("/national/cycles/1/indicators/template-standard.xlsx?category=county")
    rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(template.content)).active.iter_rows()]  # type: ignore[union-attr]
    assert [r[0] for r in rows] == ["指标", "县域创新", "保护成效", "总分"]

    clock.advance(timedelta(days=14))  # Jiangsu's notice ended and its package is in: 昆山 (a county) under review
    tick(ws)
    assert report_package(ws, 1, "320000") == [KUNSHAN]
    client.cookies.clear()
    csrf = log_in(client, "cnipa")  # a fortnight on: a new session
    application = client.get(f"/applications/{KUNSHAN}")
    assert "评分依据" in application.text and "国家知识产权强县建设示范县评价指标" in application.text
    assert 'name="score_C1"' in application.text and 'name="score_I1"' not in application.text
    wrong = client.post(f"/applications/{KUNSHAN}/scores", data={"csrf": csrf, "reviewer": "专家甲", "score_C1": "300"})
    assert wrong.status_code == 400 and "满分 100" in wrong.text
    right = client.post(f"/applications/{KUNSHAN}/scores",
                        data={"csrf": csrf, "reviewer": "专家甲", "score_C1": "90", "score_C2": "80"})  # fmt: skip
    assert right.status_code == 303
    assert score_records.application_evaluation(ws, KUNSHAN).total == 86  # type: ignore[union-attr]
