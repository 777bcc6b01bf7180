"""Roster import speed: ``ipcycle org import`` of a 100,000-row roster, as CSV and as XLSX. Target: < 15 s each.

The baseline, measured in the same run on the same rows, is the floor any import must stand on: a plain
SQLAlchemy Core ``insert`` executemany of the already-checked rows into an empty organisation table. The
import does more (reads and checks every cell, matches each row against what is recorded, all or nothing),
so the ratio says what that costs over the bare insert.

    .venv/bin/python bench/roster.py [--rows 100000] [--formats csv,xlsx] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path[0] = str(Path(__file__).resolve().parents[1])

from sqlalchemy import insert  # noqa: E402
from stdnum.cn import uscc as stdnum_uscc  # noqa: E402

from engine.services.reference import roster  # noqa: E402
from engine.services.reference.organisations import VOCABULARY  # noqa: E402
from engine.store.core import Organisation  # noqa: E402
from engine.store.workspace import Workspace  # noqa: E402
from policies.reference.divisions import registry  # noqa: E402
from policies.reference.uscc import organisation_code_check  # noqa: E402

KINDS = [  # (kind, registration head, attribute column, value): the mix a province's roster has
    ("company", "91", "entity_form", "llc"),
    ("company", "91", "entity_form", "jsc"),
    ("university", "12", "education_level", "undergraduate"),
    ("park", "11", "park_level", "provincial"),
    ("institute", "12", "founder", "local-government"),
]
ATTRS = ("entity_form", "education_level", "park_level", "founder")


def uscc(head: str, place: str, n: int) -> str:
    body = f"{n:08d}"
    code = head + place + body + organisation_code_check(body)
    return code + stdnum_uscc.calc_check_digit(code)


def make_rows(n: int) -> list[list[str]]:
    """``n`` distinct organisations: governments of real divisions first (up to 2%), then bodies with USCCs."""
    divisions = [d.code for d in registry() if not d.code.endswith("0000")]
    governments = divisions[: min(len(divisions), n // 50)]
    rows = [[f"政府{i}", "government", c, "", "", "", "", "", f"gov{i}@example.cn"] for i, c in enumerate(governments)]
    for i in range(len(rows), n):
        kind, head, attr, value = KINDS[i % len(KINDS)]
        place = divisions[i % len(divisions)]
        attrs = [value if a == attr else "" for a in ATTRS]
        rows.append([f"单位{i}", kind, place, uscc(head, place, i), *attrs, ""])
    assert len(VOCABULARY) == len(ATTRS)
    return rows


def write(path: Path, rows: list[list[str]]) -> Path:
    if path.suffix == ".csv":
        lines = [",".join(roster.COLUMNS), *(",".join(r) for r in rows)]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("organisations")
    sheet.append(list(roster.COLUMNS))
    for r in rows:
        sheet.append(r)
    book.save(path)
    return path


def fresh(tmp: Path, name: str) -> Workspace:
    ws = Workspace(f"sqlite:///{tmp / name}.db")
    ws.create_schema()
    return ws


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def bulk_insert(ws: Workspace, path: Path) -> int:
    """The baseline: the same rows, read and checked once outside the clock, inserted by Core executemany."""
    records = [r.fields for r in roster.read_roster(path)]
    started = time.perf_counter()
    with ws.transaction() as s:
        s.execute(insert(Organisation), records)
    return int((time.perf_counter() - started) * 1000)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--formats", default="csv,xlsx")
    ap.add_argument("--profile", action="store_true", help="print the import's top functions by cumulative time")
    args = ap.parse_args()
    rows = make_rows(args.rows)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        for fmt in args.formats.split(","):
            path = write(tmp / f"roster.{fmt}", rows)
            ws = fresh(tmp, f"import-{fmt}")
            profiler = cProfile.Profile() if args.profile else None
            if profiler:
                profiler.enable()
            seconds, result = timed(functools.partial(roster.import_roster, ws, path))
            if profiler:
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            assert len(result.created) == args.rows, result.rows
            again, second = timed(functools.partial(roster.import_roster, ws, path))
            assert second.unchanged == args.rows
            ws.dispose()
            base_ws = fresh(tmp, f"bulk-{fmt}")
            bulk_ms = bulk_insert(base_ws, path)
            base_ws.dispose()
            size = path.stat().st_size / 1e6
            print(
                f"{fmt:4} {args.rows:,} rows ({size:.1f} MB): import {seconds:.2f} s (re-import, all unchanged: "
                f"{again:.2f} s); Core executemany insert of the same rows {bulk_ms / 1000:.2f} s; "
                f"ratio {seconds / max(bulk_ms / 1000, 1e-9):.1f}×"
            )


if __name__ == "__main__":
    main()
