"""Issue 14.3: every import reads every row of a workbook whatever its declared <dimension>, and a value
outside the header's columns is refused by its cell, not dropped."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from engine.definition.model import Role
from engine.kernel.errors import BadInput
from engine.machine.machine import Actor
from engine.services.applications import eligibility
from engine.services.national import quotas, recognition_register
from engine.services.reference import organisations, pilots, roster
from engine.store.workspace import Workspace
from policies.reference.divisions import Level, registry
from policies.reference.provinces import is_province
from tests.support.eligibility_support import open_2025_bare

ROSTER_HEADER = ["name", "kind", "division_code", "uscc", "entity_form", "education_level", "park_level", "founder"]
NATIONAL = Actor(Role.NATIONAL)


def counties(n: int) -> list[str]:
    return [d.code for d in registry() if d.level is Level.COUNTY][:n]


def provinces(n: int) -> list[str]:
    return [d.code for d in registry() if is_province(d.code)][:n]


def stale_workbook(path: Path, header: list[str], rows: list[list[object]], dimension: str) -> Path:
    """An ordinary workbook whose sheet then declares ``dimension``, as some writers leave it."""
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), data)
                assert n == 1
            dst.writestr(item, data)
    return path


def governments(ws: Workspace, codes: list[str]) -> None:
    for code in codes:
        organisations.add_organisation(ws, f"{code}人民政府", "government", code)


@pytest.mark.parametrize("dimension", ["A1:I3", "A1:B2", "A1", "A1:C1"])
def test_a_stale_dimension_loses_no_roster_row(ws: Workspace, tmp_path: Path, dimension: str) -> None:
    codes = counties(10)
    rows: list[list[object]] = [[f"{c}人民政府", "government", c] for c in codes]
    book = stale_workbook(tmp_path / "r.xlsx", ROSTER_HEADER, rows, dimension)
    result = roster.import_roster(ws, book)
    assert result.rows == 10 and len(result.created) == 10
    assert sorted(o.division_code or "" for o in organisations.list_organisations(ws)) == sorted(codes)


def test_a_stale_dimension_loses_no_row_of_the_other_imports(ws: Workspace, tmp_path: Path) -> None:
    codes = counties(10)
    piloted = stale_workbook(
        tmp_path / "p.xlsx", ["division_code", "kind", "year"], [[c, "county", 2020] for c in codes], "A1:C3"
    )
    assert len(pilots.import_pilots(ws, piloted, NATIONAL).created) == 10
    assert len(pilots.list_pilots(ws)) == 10

    cycle = open_2025_bare(ws)
    provs = provinces(10)
    table = stale_workbook(
        tmp_path / "q.xlsx", ["province_code", "category", "quota"], [[p, "county", 2] for p in provs], "A1:C2"
    )
    assert quotas.import_quotas(ws, cycle, table, NATIONAL).rows == 10
    assert len(quotas.quota_history(ws, cycle)) == 10

    governments(ws, codes)
    recognised = stale_workbook(
        tmp_path / "rec.xlsx", ["organisation", "category", "year"], [[c, "county", 2019] for c in codes], "A1:C3"
    )
    assert len(pilots.import_recognitions(ws, recognised, NATIONAL, "demonstration-creation").created) == 10
    assert len(recognition_register.list_recognitions(ws)) == 10

    screened = stale_workbook(
        tmp_path / "s.xlsx", ROSTER_HEADER, [[f"{c}人民政府", "government", c] for c in codes], "A1:I3"
    )
    assert len(eligibility.screen(ws, cycle, screened).organisations) == 10


IMPORTS: dict[str, tuple[list[str], list[object], Callable[[Workspace, Path], object]]] = {
    "roster": (ROSTER_HEADER, ["某县人民政府", "government", "320583"], roster.import_roster),
    "pilots": (
        ["division_code", "kind", "year"],
        ["320583", "county", 2020],
        lambda ws, p: pilots.import_pilots(ws, p, NATIONAL),
    ),
    "recognitions": (
        ["organisation", "category", "year"],
        ["320583", "county", 2019],
        lambda ws, p: pilots.import_recognitions(ws, p, NATIONAL, "demonstration-creation"),
    ),
    "quotas": (
        ["province_code", "category", "quota"],
        ["320000", "county", 2],
        lambda ws, p: quotas.import_quotas(ws, open_2025_bare(ws), p, NATIONAL),
    ),
    "screen": (ROSTER_HEADER, ["某县人民政府", "government", "320583"], lambda ws, p: eligibility.screen(ws, 1, p)),
}


@pytest.mark.parametrize("name", sorted(IMPORTS))
def test_a_value_beyond_the_header_is_refused_by_its_cell(ws: Workspace, tmp_path: Path, name: str) -> None:
    header, good, run = IMPORTS[name]
    if name in ("recognitions", "screen"):
        governments(ws, ["320583"])
    if name == "screen":
        open_2025_bare(ws)
    width = len(header)
    stray = [*good, *[None] * (width - len(good)), None, None, "stray note"]  # three columns past the header
    book = stale_workbook(tmp_path / "x.xlsx", header, [good, stray], "A1:B2")
    before = organisations.list_organisations(ws)
    with pytest.raises(BadInput) as exc:
        run(ws, book)
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(width + 3)
    assert f"第3行第{letter}列：“stray note”不在表头所列的列内" in str(exc.value)
    assert organisations.list_organisations(ws) == before
    assert pilots.list_pilots(ws) == [] and recognition_register.list_recognitions(ws) == []


def test_a_csv_value_beyond_the_header_is_refused_by_its_column_number(ws: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("division_code,kind,year\n320583,county,2020\n320582,county,2020,,extra\n", encoding="utf-8")
    with pytest.raises(BadInput, match=r"第3行第5列：“extra”不在表头所列的列内（第1至3列"):
        pilots.import_pilots(ws, f, NATIONAL)
    assert pilots.list_pilots(ws) == []
    f.write_text("division_code,kind,year\n320583,county,2020,,\n", encoding="utf-8")  # empty cells are harmless
    assert len(pilots.import_pilots(ws, f, NATIONAL).created) == 1


def test_the_cli_reports_all_rows_of_a_stale_workbook(cli, tmp_path: Path) -> None:
    codes = counties(10)
    book = stale_workbook(
        tmp_path / "r.xlsx", ROSTER_HEADER, [[f"{c}人民政府", "government", c] for c in codes], "A1:I3"
    )
    out = cli("org", "import", "--as", "national", str(book)).stdout
    assert "10 row(s): 10 created" in out
    bad = stale_workbook(
        tmp_path / "b.xlsx", ROSTER_HEADER, [["某县人民政府", "government", "320583", *[None] * 5, "x"]], "A1:I2"
    )
    proc = cli("org", "import", "--as", "national", str(bad), expect=2)
    assert "第2行第I列：“x”不在表头所列的列内（第A至H列" in proc.stderr
