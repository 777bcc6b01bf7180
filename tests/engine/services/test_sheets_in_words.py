"""Every spreadsheet a clerk gets speaks Chinese and holds real dates: no category, stage or kind code in any cell,
and every date or time column is made of date cells (so it sorts and filters as dates)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

from engine.services.applications import eligibility
from engine.services.applications.overview import write_applications_xlsx
from engine.services.national.recognition_register import list_recognitions, write_register_xlsx
from engine.services.programmes.cycles import cycle_programme, get_cycle
from engine.services.reference import roster
from engine.services.reference.organisations import KINDS, VOCABULARY
from portal.demo import demo_workspace
from tests.support.eligibility_support import write_csv

ROSTER = [
    "宁波市人民政府,government,330200,,,,,,",
    "华为技术有限公司,company,440307,914403001922038216,llc,,,,",
]


def codes(programme_texts: list[tuple[list[str], list[str]]]) -> set[str]:
    found = {str(k) for k in KINDS} | {v for values in VOCABULARY.values() for v in values}
    for categories, stages in programme_texts:
        found |= set(categories) | set(stages)
    return found


def test_no_sheet_holds_a_code_and_every_date_column_holds_dates(tmp_path: Path) -> None:
    ws, _, _ = demo_workspace(tmp_path / "demo.db")
    with ws.transaction() as s:
        p = cycle_programme(get_cycle(s, 1))
        known = codes([([c.id for c in p.categories], [st.id for st in p.stages])])
    books = {name: tmp_path / f"{name}.xlsx" for name in ("applications", "register", "template", "matrix")}
    write_applications_xlsx(ws, 1, books["applications"])
    write_register_xlsx(list_recognitions(ws), books["register"], "国家知识产权局", datetime(2025, 10, 9, 9))
    roster.write_template(books["template"])
    header = "name,kind,division_code,uscc,entity_form,education_level,park_level,founder,email"
    eligibility.screen(ws, 1, write_csv(tmp_path / "r.csv", header, *ROSTER), books["matrix"])
    ws.dispose()
    token = re.compile(
        r"(?<![A-Za-z-])(" + "|".join(sorted(map(re.escape, known), key=len, reverse=True)) + r")(?![A-Za-z-])"
    )
    dated = 0
    for name, path in books.items():
        for sheet in load_workbook(path).worksheets:
            rows = list(sheet.iter_rows(values_only=True))
            english = [(name, sheet.title, v) for r in rows for v in r if isinstance(v, str) and token.search(v)]
            assert english == [], english
            assert not token.search(sheet.title)
            head = next((i for i, r in enumerate(rows) if r and r[0] in ("序号", "单位名称")), None)
            if head is None:
                continue
            for j, label in enumerate(rows[head]):
                if isinstance(label, str) and re.search(r"日期|时间|阶段起", label):
                    values = [r[j] for r in rows[head + 1 :] if r[j] not in (None, "")]
                    assert all(isinstance(v, datetime) for v in values), (name, label, values[:3])
                    dated += len(values)
    assert dated >= 18  # the applications list's two date columns, nine rows each
