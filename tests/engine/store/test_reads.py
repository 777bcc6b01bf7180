"""The Core handles of engine.store.reads: in step with the mapped tables, and the calendar read they serve."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import engine.store.schema  # noqa: F401  (every mapped table, for the comparison)
from engine.services.reference.calendar_years import load_calendar_file
from engine.store import reads
from engine.store.core import Base
from engine.store.workspace import Workspace


def test_each_handle_names_a_mapped_table_and_columns_of_the_same_type() -> None:
    for handle in (reads.calendar_year, reads.programme_version, reads.cycle, reads.application):
        mapped = Base.metadata.tables[handle.name]
        for col in handle.columns:
            assert col.name in mapped.c, f"{handle.name}.{col.name} is not a mapped column"
            assert isinstance(mapped.c[col.name].type, type(col.type)), f"{handle.name}.{col.name}"


def test_a_year_loaded_by_one_workspace_counts_in_the_next_one(ws: Workspace, tmp_path: Path) -> None:
    days = [date(2036, 1, d).isoformat() for d in range(2, 32) if date(2036, 1, d).weekday() < 5][:20]
    f = tmp_path / "cal.yaml"
    f.write_text(f"year: 2036\ndays_off: [{', '.join(days)}]\nworking_days: [2036-02-02]\n", "utf-8")
    load_calendar_file(ws, f)
    assert [year for year, _ in reads.stored_schedules(ws.engine)] == [2036]
    other = Workspace(ws.url, ws.clock)
    try:
        assert other.workdays.source(2036) == "loaded"
        assert not other.workdays.is_working_day(date(2036, 1, 2)) and other.workdays.is_working_day(date(2036, 2, 2))
    finally:
        other.dispose()


def test_no_calendar_is_read_from_a_database_that_is_not_there(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    assert reads.stored_schedules(Workspace(f"sqlite:///{missing}").engine) == []
    assert not missing.exists()  # reading did not create an empty database
