"""Screening speed: 3,000 organisations × 7 categories of the 2025 programme. Target: the screen < 1 s.

The roster mixes governments of every level (real divisions), companies of every legal form,
universities, parks and institutes, with some earlier recognitions on record. The baseline, measured
in the same run, is the naive way: one `eligibility.check` per pair (a transaction and fresh lookups
each), timed on a sample of pairs and scaled to the whole matrix.

    .venv/bin/python bench/eligibility.py [--orgs 3000] [--sample 2100]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])

from stdnum.cn import uscc as stdnum_uscc  # noqa: E402

from engine.definition.model import Role  # noqa: E402
from engine.kernel.clock import FixedClock  # noqa: E402
from engine.machine.machine import Actor  # noqa: E402
from engine.services.applications import eligibility  # noqa: E402
from engine.services.programmes import cycles, programme_definitions  # noqa: E402
from engine.services.reference import roster  # noqa: E402
from engine.services.reference.organisations import VOCABULARY  # noqa: E402
from engine.services.reference.pilots import import_recognitions  # noqa: E402
from engine.store.workspace import Workspace  # noqa: E402
from policies.reference.divisions import registry  # noqa: E402
from policies.reference.uscc import organisation_code_check  # noqa: E402

HEADER = "name,kind,division_code,uscc,entity_form,education_level,park_level,founder,email"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc(rng: random.Random, head: str) -> str:
    body = "".join(rng.choice(ALPHABET[:10]) for _ in range(8))
    code = head + body + organisation_code_check(body)
    return code + stdnum_uscc.calc_check_digit(code)


def make_roster(path: Path, n: int, seed: int = 2025) -> list[str]:
    """A roster of ``n`` rows; returns the USCCs of some companies to record as recognised."""
    rng = random.Random(seed)
    divisions = [d.code for d in registry()]
    governments = rng.sample(divisions, min(len(divisions), int(n * 0.4)))
    lines, recognised = [HEADER], []
    for i in range(n):
        if i < len(governments):
            lines.append(f"政府{i},government,{governments[i]},,,,,,")
            continue
        place = rng.choice(divisions)
        kind = rng.choice(["company", "company", "university", "park", "institute"])
        if kind == "company":
            code = uscc(rng, "91" + place)
            lines.append(f"企业{i},company,{place},{code},{rng.choice(VOCABULARY['entity_form'])},,,,")
            if rng.random() < 0.05:
                recognised.append(code)
        elif kind == "university":
            level = rng.choice(VOCABULARY["education_level"])
            lines.append(f"高校{i},university,{place},{uscc(rng, '12' + place)},,{level},,,")
        elif kind == "park":
            level = rng.choice(VOCABULARY["park_level"])
            lines.append(f"园区{i},park,{place},{uscc(rng, '11' + place)},,,{level},,")
        else:
            founder = rng.choice(VOCABULARY["founder"])
            lines.append(f"科研机构{i},institute,{place},{uscc(rng, '12' + place)},,,,{founder},")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return recognised


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orgs", type=int, default=3000)
    parser.add_argument("--sample", type=int, default=2100, help="pairs the per-pair baseline is timed on")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(f"sqlite:///{Path(tmp) / 'bench.db'}", FixedClock(datetime(2025, 9, 15, 9)))
        ws.create_schema()
        programme_definitions.load_programmes(ws)
        cycle = cycles.open_cycle(ws, "demonstration-creation", 2025).id
        path = Path(tmp) / "roster.csv"
        recognised = make_roster(path, args.orgs)
        roster.import_roster(ws, path)
        rec = Path(tmp) / "recognised.csv"
        rec.write_text("organisation,category,year\n" + "".join(f"{c},enterprise,2022\n" for c in recognised), "utf-8")
        import_recognitions(ws, rec, Actor(Role.NATIONAL))

        t0 = time.perf_counter()
        rows = roster.read_roster(path)
        t_read = time.perf_counter() - t0
        t0 = time.perf_counter()
        matrix = eligibility.screen_rows(ws, cycle, rows)
        t_screen = time.perf_counter() - t0
        t0 = time.perf_counter()
        eligibility.write_matrix(matrix, Path(tmp) / "matrix.xlsx")
        t_xlsx = time.perf_counter() - t0

        pairs = [(r, c) for r in rows for c in matrix.categories]
        sample = random.Random(7).sample(pairs, min(args.sample, len(pairs)))
        t0 = time.perf_counter()
        for row, category in sample:
            f = row.fields
            ref = f["uscc"] or f["division_code"]
            if f["kind"] == "government":
                eligibility.check(ws, cycle, category, division=ref)
            else:
                eligibility.check(ws, cycle, category, org=ref)
        per_pair = (time.perf_counter() - t0) / len(sample)
        ws.dispose()

    n_pairs = len(pairs)
    eligible = sum(1 for r in matrix.refusals for c in matrix.categories if not r[c])
    print(f"roster: {len(rows)} organisations × {len(matrix.categories)} categories = {n_pairs} pairs")
    print(f"  eligible pairs: {eligible}; recognised companies on record: {len(recognised)}")
    print(f"read + check roster        {t_read:7.3f} s")
    print(
        f"screen (target < 1 s)      {t_screen:7.3f} s  ({t_screen / n_pairs * 1e6:.1f} us/pair)"
        f"  {'met' if t_screen < 1 else 'NOT met'}"
    )
    print(f"write xlsx matrix          {t_xlsx:7.3f} s")
    print(
        f"baseline: check per pair   {per_pair * n_pairs:7.3f} s  ({per_pair * 1e6:.0f} us/pair, "
        f"timed on {len(sample)} pairs, scaled to {n_pairs})"
    )
    print(f"screen / baseline          {t_screen / (per_pair * n_pairs):7.3f}x")


if __name__ == "__main__":
    main()
