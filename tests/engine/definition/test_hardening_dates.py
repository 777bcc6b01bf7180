"""Issue 14.10: dates files and holiday calendars: duplicate keys, implausible dates and years, silent reloads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from engine.definition.overlay import parse_overlay
from engine.definition.yamlsource import DefinitionError, load_yaml
from engine.kernel.errors import BadInput
from engine.kernel.workdays import WorkdayCalendar, WorkdayDataError
from engine.services.programmes import cycles
from engine.services.reference.calendar_years import load_calendar_file
from engine.store.workspace import Workspace
from tests.support.eligibility_support import DATES_2023

DATES = "application-opens: 2023-07-03\nliaison-receipt: 2023-07-14\nrecommendation: 2023-08-31\n"


def calendar_yaml(year: int, days_off: list[str], working: list[str] = ()) -> str:  # type: ignore[assignment]
    return f"year: {year}\ndays_off: [{', '.join(days_off)}]\nworking_days: [{', '.join(working)}]\n"


def holidays(year: int, n: int) -> list[str]:
    """``n`` weekdays of ``year`` from 2 January on, as a schedule lists its days off."""
    out: list[str] = []
    day = date(year, 1, 2)
    while len(out) < n:
        if day.weekday() < 5:
            out.append(day.isoformat())
        day = date.fromordinal(day.toordinal() + 1)
    return out


@pytest.mark.parametrize(
    "text,line",
    [
        (DATES + "recommendation: 2023-09-30\n", 4),
        ("liaison-receipt: 2023-07-14\nliaison-receipt: 2023-07-20\n", 2),
        ("a: 1\nb:\n  c: 1\n  c: 2\n", 4),
    ],
)
def test_a_duplicate_key_in_a_dates_file_is_refused_with_its_line(tmp_path: Path, text: str, line: int) -> None:
    f = tmp_path / "dates.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(BadInput, match=rf"dates\.yaml:{line}: duplicate key '[\w-]+' \(first at line \d\)"):
        cycles.read_dates_file(f)


def test_a_duplicate_key_is_refused_in_calendars_overlays_and_definitions(ws: Workspace, tmp_path: Path) -> None:
    text = calendar_yaml(2030, holidays(2030, 20)) + "year: 2031\n"
    with pytest.raises(WorkdayDataError, match=r"line 4: duplicate key 'year' \(first at line 1\)"):
        WorkdayCalendar(use_package=False).load_yaml(text)
    f = tmp_path / "cal.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(BadInput, match=r"cal\.yaml: not valid YAML: line 4: duplicate key 'year'"):
        load_calendar_file(ws, f)
    with pytest.raises(DefinitionError, match=r"o\.yaml:2: duplicate key 'title'"):
        parse_overlay("title: a\ntitle: b\n", "o.yaml", None)  # type: ignore[arg-type]  # refused before use
    with pytest.raises(DefinitionError, match=r"d\.yaml:3: duplicate key 'id'"):
        load_yaml("id: x\ntitle: y\nid: z\n", "d.yaml")


@pytest.mark.parametrize("due", ["0001-01-01", "9999-12-31", "2021-12-31", "2030-01-01", "9999-01-01"])
def test_a_date_outside_the_edition_s_span_is_refused(ws: Workspace, due: str) -> None:
    given = {**DATES_2023, "recommendation": date.fromisoformat(due)}
    with pytest.raises(
        BadInput, match=rf"recommendation: {due} 不在第2023届的日期范围（2022年1月1日至2029年12月31日）内"
    ):
        cycles.open_cycle(ws, "city-county-pilot-demo", 2023, given)
    assert cycles.list_cycles(ws) == []


@pytest.mark.parametrize("due", ["2022-01-01", "2029-12-31"])
def test_the_ends_of_the_span_are_accepted(ws: Workspace, due: str) -> None:
    given = {**DATES_2023, "recommendation": date.fromisoformat(due)}
    if due.startswith("2022"):
        given = {k: date(2022, 1, 1) for k in given}
    assert cycles.open_cycle(ws, "city-county-pilot-demo", 2023, given).edition == 2023


def test_the_command_refuses_year_9999_with_exit_2(cli, tmp_path: Path) -> None:
    f = tmp_path / "dates.yaml"
    f.write_text(DATES.replace("2023-08-31", "9999-12-31"), encoding="utf-8")
    err = cli(
        "cycle", "open", "--as", "national", "city-county-pilot-demo", "--edition", "2023", "--dates", str(f), expect=2
    ).stderr
    assert "recommendation: 9999-12-31 不在第2023届的日期范围" in err and "Traceback" not in err
    assert "2023" not in cli("cycle", "list").stdout


@pytest.mark.parametrize("n", [3, 46, 200, 365])
def test_an_implausible_calendar_needs_force(ws: Workspace, tmp_path: Path, n: int) -> None:
    f = tmp_path / "cal.yaml"
    days = holidays(2035, min(n, 261)) if n <= 261 else holidays(2035, 261)
    if n == 365:  # every day of the year, weekends included
        days = [date.fromordinal(date(2035, 1, 1).toordinal() + i).isoformat() for i in range(365)]
    f.write_text(calendar_yaml(2035, days), encoding="utf-8")
    with pytest.raises(BadInput, match=r"2035 has (only )?\d+ days off; an official schedule has at (least|most)"):
        load_calendar_file(ws, f)
    assert ws.workdays.source(2035) != "loaded"
    assert [r.year for r in load_calendar_file(ws, f, force=True)] == [2035]


def test_a_plausible_calendar_loads_without_force(ws: Workspace, tmp_path: Path) -> None:
    f = tmp_path / "cal.yaml"
    f.write_text(calendar_yaml(2035, holidays(2035, 28)), encoding="utf-8")
    assert load_calendar_file(ws, f)[0].days_off == 28


def test_loading_a_stored_year_again_needs_replace_and_shows_the_difference(ws: Workspace, tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    days = holidays(2036, 20)
    first.write_text(calendar_yaml(2036, days), encoding="utf-8")
    second.write_text(calendar_yaml(2036, [*days[1:], "2036-12-31"], ["2036-02-02"]), encoding="utf-8")
    load_calendar_file(ws, first)
    with pytest.raises(BadInput) as exc:
        load_calendar_file(ws, second)
    text = str(exc.value)
    assert "2036 was loaded before" in text and exc.value.field == "replace"
    assert f"days off added: 2036-12-31; days off removed: {days[0]}; working weekend days added: 2036-02-02" in text
    assert not ws.workdays.is_working_day(date.fromisoformat(days[0]))  # the first load still holds
    with pytest.raises(BadInput, match="no change"):
        load_calendar_file(ws, first)
    assert load_calendar_file(ws, second, replace=True)[0].replaced_earlier_load is True
    assert ws.workdays.is_working_day(date.fromisoformat(days[0]))
