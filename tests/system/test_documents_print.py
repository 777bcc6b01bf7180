"""The documents as a clerk prints them: LibreOffice turns each kind into PDF pages (one run for all, with its own
profile), and the pages are read back: how many, the header row on every page, no line printed over another."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from engine.definition.model import Role
from engine.files.published import read_published, write_published_docx
from engine.files.worddoc import TableGroup, write_table_document
from engine.kernel.clock import FixedClock
from engine.machine.machine import Actor
from engine.services.applications.overview import write_applications_xlsx
from engine.services.cases.export import export_cases
from engine.services.cases.submission import submit_case
from engine.services.programmes.programme_definitions import load_programmes
from engine.services.province.report_packages import LIST_COLUMNS
from engine.store.workspace import Workspace
from portal.demo import demo_workspace
from tests.support.casehelpers import open_typical, provincial_office, write_case
from tests.support.db import ON_POSTGRES
from tests.support.paths import SEED_002

pytestmark = [
    pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                       reason="LibreOffice (soffice) and poppler-utils print the documents; .ci/run installs them"),
    pytest.mark.skipif(ON_POSTGRES, reason="the files are the same on either database: one run suffices"),
]  # fmt: skip

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PROVINCES = [("320000", "江苏省知识产权局"), ("330000", "浙江省知识产权局"), ("440000", "广东省知识产权局"),
             ("510000", "四川省知识产权局")]  # fmt: skip


def to_pdf(files: list[Path], out: Path) -> dict[str, Path]:
    """Every file to PDF in one LibreOffice run, with a profile of its own (runs at once never share one)."""
    profile = out / "lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    return {f.stem: out / f"{f.stem}.pdf" for f in files}


def pages(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words with their boxes (pdftotext -bbox): a cell's line of text is one word or a few."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True)
    out = []
    for page in html.stdout.split("<page ")[1:]:
        out.append([(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(page)])
    return out


def overlapping(lines: list[tuple[float, float, float, float, str]]) -> list[tuple[str, str]]:
    """Pairs of words printed over each other: their boxes cross, sharing more than a third of a line's height."""
    found = []
    ordered = sorted(lines, key=lambda ln: ln[1])
    for i, (x0, _, x1, y1, text) in enumerate(ordered):
        for u0, v0, u1, v1, other in ordered[i + 1 :]:
            if v0 >= y1:
                break
            shared_y = min(y1, v1) - v0
            if min(x1, u1) - max(x0, u0) > 1 and shared_y > (v1 - v0) / 3:
                found.append((text, other))
    return found


def page_text(page: list[tuple[float, float, float, float, str]]) -> str:
    return "".join(line[4] for line in page)


def eleven_cases(tmp_path: Path) -> Path:
    """The national office's export of 11 submitted cases (four provinces' offices)."""
    clock = FixedClock(datetime(2024, 6, 10, 9))
    ws = Workspace(f"sqlite:///{tmp_path / 'cases.db'}", clock)
    ws.create_schema()
    load_programmes(ws)
    cycle = open_typical(ws, clock)
    folder = tmp_path / "cases"
    folder.mkdir()
    for n in range(11):
        code, name = PROVINCES[n // 3]
        actor = provincial_office(ws, code, name) if n % 3 == 0 else Actor(Role.PROVINCE, code)
        submit_case(ws, cycle, actor, write_case(folder, n + 1, name=f"第{n + 1}个案例：推动知识产权转化运用"))
    out = tmp_path / "案例汇总.xlsx"
    export_cases(ws, cycle, Actor(Role.NATIONAL), out)
    ws.dispose()
    return out


def test_each_kind_of_document_prints_as_a_clerk_expects(tmp_path: Path) -> None:
    ws, _, _ = demo_workspace(tmp_path / "demo.db")
    applications = tmp_path / "申报清单.xlsx"
    write_applications_xlsx(ws, 1, applications)
    ws.dispose()
    cases = eleven_cases(tmp_path)
    listing = read_published(SEED_002)
    names = tmp_path / "典型案例名单.docx"
    write_published_docx(listing.cases, names, listing.title, office="国家知识产权局", now=datetime(2025, 10, 9, 9))
    recommended = tmp_path / "推荐名单.docx"
    rows = [["1", "国家知识产权强县建设示范县", "昆山市人民政府", "江苏省苏州市昆山市", "91320583MA1B0001XX",
             "2025.10.13—2025.10.17", "异议不成立"]]  # fmt: skip
    write_table_document(recommended, office="江苏省知识产权局", now=datetime(2025, 10, 22, 9), title="推荐名单",
                         columns=LIST_COLUMNS, groups=[TableGroup("", rows)], size_pt=10.5)  # fmt: skip
    pdf = to_pdf([applications, cases, names, recommended], tmp_path)

    sheet = pages(pdf["申报清单"])
    assert len(sheet) == 1 and "申报清单" in page_text(sheet[0])  # the title on the one page
    assert overlapping(sheet[0]) == []

    exported = pages(pdf["案例汇总"])
    assert all("案例名称" in page_text(p) and "案例摘要" in page_text(p) for p in exported)  # header on every page
    starts = sorted(int(m.group(1)) for p in exported for line in p if (m := re.match(r"第(\d+)个案例", line[4])))
    assert starts == list(range(1, 12))  # every case's name starts once, none lost under another row
    assert [overlapping(p) for p in exported] == [[] for _ in exported]

    named = pages(pdf["典型案例名单"])
    assert len(named) > 1 and all("序号" in page_text(p) and "案例摘要" in page_text(p) for p in named)
    assert [overlapping(p) for p in named] == [[] for _ in named]
    (landscape,) = pages(pdf["推荐名单"])
    words = [w[4] for w in landscape]
    assert "91320583MA1B0001XX" in words and "2025.10.13—2025.10.17" in words  # each on one line, not broken
    info = subprocess.run(["pdfinfo", str(pdf["推荐名单"])], capture_output=True, text=True, check=True).stdout
    width, height = info.split("Page size:")[1].split("pts")[0].split(" x ")
    assert float(width) > float(height)  # landscape
    text = "".join(page_text(p) for p in named)
    assert "<b>" not in text and "<p>" not in text and listing.cases[-1].name.replace(" ", "") in text.replace(" ", "")
