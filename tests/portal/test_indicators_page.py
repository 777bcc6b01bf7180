"""Evaluation set-up in the browser's forms: a bad file names its row and column and loads nothing; a good one is
shown as a difference first and loaded only when confirmed; the template lists the columns to fill."""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import load_workbook

from engine.services.evaluation import indicator_sets as scoring
from tests.support.portal_support import XLSX, csrf_of, demo_site, log_in, xlsx


def test_indicators_are_previewed_as_a_difference_then_loaded_and_a_bad_row_is_named(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    csrf = log_in(client, "cnipa")
    template = client.get("/national/cycles/1/indicators/template-indicators.xlsx")
    assert template.status_code == 200 and "attachment" in template.headers["content-disposition"]
    assert [c.value for c in load_workbook(io.BytesIO(template.content)).active[1]] == [  # type: ignore[index]
        "id", "name", "weight", "maximum"
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
