"""Start-up time of the CLI: each command against a bare Python importing what it cannot do without.

Medians of several runs, the two sides of each pair interleaved so load from elsewhere hits both:
``ipcycle --help`` against ``python -c "import click"`` (target <= 1.3x), and ``ipcycle status
--cycle 1 --json`` on a small fresh database against ``python -c "import click, sqlalchemy"``
(target <= 2x).

    .venv/bin/python bench/cli_start.py [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NOW = "2025-09-15T10:00"


def ipcycle() -> list[str]:
    """The installed ``ipcycle`` script beside this Python, as a clerk runs it; else ``python -m engine.cli``."""
    script = Path(sys.executable).with_name("ipcycle")
    return [str(script)] if script.exists() else [sys.executable, "-m", "engine.cli"]


def environment(db: Path) -> dict[str, str]:
    """This checkout first on the path (not whatever is installed), the bench database and a fixed now."""
    path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONPATH": path, "IPCYCLE_DB": str(db), "IPCYCLE_NOW": NOW}


def setup(env: dict[str, str], cwd: Path) -> None:
    """A small database: the bundled programmes, the 2025 creation cycle, two counties that applied."""

    def cli(*args: str) -> str:
        return subprocess.run([*ipcycle(), *args], env=env, cwd=cwd, check=True, capture_output=True, text=True).stdout

    cli("init")
    cycle = json.loads(
        cli("cycle", "open", "--as", "national", "demonstration-creation", "--edition", "2025", "--json")
    )["id"]
    for name, division in (("昆山市人民政府", "320583"), ("江阴市人民政府", "320281")):
        org = json.loads(
            cli(
                "org",
                "add",
                "--as",
                "national",
                "--name",
                name,
                "--kind",
                "government",
                "--division",
                division,
                "--json",
            )
        )
        cli("apply", "--cycle", str(cycle), "--category", "county", "--org", str(org["id"]))


def once(cmd: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def pair(a: list[str], b: list[str], env: dict[str, str], cwd: Path, runs: int) -> tuple[float, float]:
    """Median seconds of ``a`` and of ``b``, run alternately after one warm-up each (disk cache, .pyc)."""
    once(a, env, cwd), once(b, env, cwd)
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(once(a, env, cwd))
        times_b.append(once(b, env, cwd))
    return statistics.median(times_a), statistics.median(times_b)


def report(label: str, base_label: str, seconds: float, base: float, target: float) -> None:
    ratio = seconds / base
    print(f"{label:<36} {seconds * 1e3:7.0f} ms   {base_label:<36} {base * 1e3:7.0f} ms")
    print(f"{'':<36} {ratio:7.2f}x  (target <= {target:.2f}x: {'met' if ratio <= target else 'NOT met'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command (default 15)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        env = environment(cwd / "bench.db")
        setup(env, cwd)
        python = [sys.executable, "-c"]
        help_s, click_s = pair([*ipcycle(), "--help"], [*python, "import click"], env, cwd, args.runs)
        status = [*ipcycle(), "status", "--cycle", "1", "--json"]
        status_s, sqla_s = pair(status, [*python, "import click, sqlalchemy"], env, cwd, args.runs)
    print(f"runs per command     {args.runs} (median)   cli: {' '.join(Path(p).name for p in ipcycle())}")
    report("ipcycle --help", 'python -c "import click"', help_s, click_s, 1.3)
    report("ipcycle status --cycle 1 --json", 'python -c "import click, sqlalchemy"', status_s, sqla_s, 2.0)


if __name__ == "__main__":
    main()
