"""What a province downloads from its desk is what the CLI writes: the same applications sheet, and its calendar
with its own deadlines."""

from __future__ import annotations

import io
from pathlib import Path

from icalendar import Calendar
from openpyxl import load_workbook

from engine.services.applications.overview import write_applications_xlsx
from tests.support.portal_support import demo_site, log_in


def _cells(data: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(data))
    return [(s.title, s.print_title_rows, *row) for s in book.worksheets for row in s.iter_rows(values_only=True)]


def test_the_portal_s_export_is_the_cli_s_file_and_the_calendar_is_the_province_s(tmp_path: Path) -> None:
    ws, _clock, _demo, client = demo_site(tmp_path)
    log_in(client, "jiangsu")
    page = client.get("/province/applications.xlsx?cycle=1")
    assert page.status_code == 200 and "attachment" in page.headers["content-disposition"]
    cli = io.BytesIO()
    write_applications_xlsx(ws, 1, cli, "320000")
    assert _cells(page.content) == _cells(cli.getvalue())
    assert "江苏省申报清单" in _cells(page.content)[0][2]

    desk = client.get("/province")
    assert "/province/calendar.ics" in desk.text
    ics = client.get("/province/calendar.ics?cycle=1")
    assert ics.status_code == 200 and "attachment" in ics.headers["content-disposition"]
    uids = [str(e["UID"]) for e in Calendar.from_ical(ics.content).walk("VEVENT")]
    assert uids and all(uid.startswith("demonstration-creation-2025-") and ".320000@" in uid for uid in uids)
