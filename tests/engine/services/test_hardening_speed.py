"""Issue 14.13: a roster import asks the database a bounded number of questions, whatever its length."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from engine.services.reference import organisations, roster
from engine.store.workspace import Workspace
from policies.reference.divisions import Level, registry
from tests.support.eligibility_support import make_uscc

HEADER = ",".join(roster.COLUMNS)


def rows(n: int, start: int = 0) -> list[str]:
    counties = [d.code for d in registry() if d.level is Level.COUNTY]
    out = []
    for i in range(start, start + n):
        if i % 10 == 0:  # one in ten a government, matched by its division
            out.append(f"{counties[i // 10]}人民政府,government,{counties[i // 10]},,,,,,")
        else:
            out.append(f"单位{i},company,320583,{make_uscc('91320583', f'{i:08d}')},llc,,,,")
    return out


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


class Statements:
    """Counts the SQL statements a block sends (an executemany counts once)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws, self.count = ws, 0

    def _seen(self, *_: Any) -> None:
        self.count += 1

    def __enter__(self) -> Statements:
        event.listen(self.ws.engine, "before_cursor_execute", self._seen)
        return self

    def __exit__(self, *_: object) -> None:
        event.remove(self.ws.engine, "before_cursor_execute", self._seen)


@pytest.mark.parametrize("n", [200, 3_000])
def test_the_number_of_queries_does_not_grow_with_the_rows(ws: Workspace, tmp_path: Path, n: int) -> None:
    organisations.add_organisation(ws, "旧名称", "company", "320583", make_uscc("91320583", f"{1:08d}"))
    f = write(tmp_path / "r.csv", rows(n))
    with Statements(ws) as first:
        result = roster.import_roster(ws, f)
    assert len(result.created) == n - 1 and [u.changed for u in result.updated] == [["attributes", "name"]]
    assert first.count <= 12 + 2 * (n // roster.MATCH_CHUNK + 1), first.count
    assert len(organisations.list_organisations(ws)) == n
    with Statements(ws) as again:
        assert roster.import_roster(ws, f).unchanged == n
    assert again.count <= 8 + 2 * (n // roster.MATCH_CHUNK + 1), again.count


def test_rows_matching_each_other_and_records_behave_as_one_by_one(ws: Workspace, tmp_path: Path) -> None:
    kunshan = organisations.add_organisation(ws, "昆山市政府", "government", "320583")
    code = make_uscc("91320583", "MA1E0001")
    f = write(
        tmp_path / "r.csv",
        [
            "昆山市人民政府,government,320583,,,,,,ks@example.cn",  # updates the recorded government
            f"某公司,company,320583,{code},llc,,,,",  # created by this file
            f"某公司（更名）,government,320582,{code},,,,,",  # matched by USCC to the row above: an update
        ],
    )
    result = roster.import_roster(ws, f)
    assert [(c.row, c.name) for c in result.created] == [(3, "某公司")]
    assert [(u.row, u.id, u.changed) for u in result.updated] == [
        (2, kunshan.id, ["email", "name"]),
        (4, result.created[0].id, ["division_code", "kind", "name"]),
    ]
    stored = {o.uscc or o.division_code: o for o in organisations.list_organisations(ws)}
    assert stored[code].name == "某公司（更名）" and stored["320583"].email == "ks@example.cn"


def test_progress_is_reported_and_a_bad_row_still_imports_nothing(ws: Workspace, tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    roster.import_roster(ws, write(tmp_path / "r.csv", rows(5_000)), lambda *a: seen.append(a))
    assert ("checking", 4_000, 5_000) in seen and ("storing", 4_000, 5_000) in seen
    bad = write(tmp_path / "b.csv", [*rows(3_000, start=5_000), "某,club,320583,,,,,,"])
    with pytest.raises(Exception, match="第3002行“kind”列"):
        roster.import_roster(ws, bad)
    assert len(organisations.list_organisations(ws)) == 5_000


def test_the_command_prints_no_progress_when_stderr_is_not_a_terminal(cli, tmp_path: Path) -> None:
    proc = cli("org", "import", "--as", "national", str(write(tmp_path / "r.csv", rows(4_500))))
    assert "4500 row(s): 4500 created" in proc.stdout and proc.stderr == ""
