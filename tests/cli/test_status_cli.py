"""``ipcycle status``: the counts clerks script against, printed byte for byte as before the command was made lean."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable

import pytest

from engine.kernel.clock import FixedClock
from engine.store.workspace import Workspace
from tests.support.cli import Ran, run_cli
from tests.support.lifecycle import drive, new_application, open_2025
from tests.support.paths import REPO

# What `status --cycle 1 --json` printed before it stopped importing the ORM and the definition models.
ALL_JSON = """\
{
  "cycle": 1,
  "programme": "demonstration-creation",
  "edition": 2025,
  "province": null,
  "now": "2025-09-15T10:00:00",
  "total": 5,
  "by_stage": {
    "draft": 2,
    "provincial_review": 2,
    "provincial_notice": 1
  },
  "by_category": {
    "city": {
      "provincial_notice": 1
    },
    "county": {
      "draft": 1,
      "provincial_review": 1
    },
    "enterprise": {
      "provincial_review": 1
    },
    "park": {
      "draft": 1
    }
  },
  "by_province": {
    "320000": {
      "draft": 2,
      "provincial_review": 1
    },
    "330000": {
      "provincial_notice": 1
    },
    "440000": {
      "provincial_review": 1
    }
  }
}
"""
ZHEJIANG_JSON = """\
{
  "cycle": 1,
  "programme": "demonstration-creation",
  "edition": 2025,
  "province": "330000",
  "now": "2025-09-15T10:00:00",
  "total": 1,
  "by_stage": {
    "provincial_notice": 1
  },
  "by_category": {
    "city": {
      "provincial_notice": 1
    }
  },
  "by_province": {
    "330000": {
      "provincial_notice": 1
    }
  }
}
"""
ALL_TEXT = """\
cycle 1 demonstration-creation 2025: 5 applications
  draft                    2
  provincial_review        2
  provincial_notice        1
  [city] provincial_notice 1
  [county] draft 1, provincial_review 1
  [enterprise] provincial_review 1
  [park] draft 1
  [320000] draft 2, provincial_review 1
  [330000] provincial_notice 1
  [440000] provincial_review 1
"""


def _cycle_in_three_stages(ws: Workspace, clock: FixedClock) -> int:
    """Five applications of the 2025 cycle in three provinces, four categories and three stages.

    The stages are listed in the definition's order (draft, provincial_review, provincial_notice), not by name.
    """
    cycle = open_2025(ws)
    drive(ws, clock, new_application(ws, cycle, "county"), "provincial_review")
    new_application(ws, cycle, "county", name="江阴市人民政府", division_code="320281")
    drive(ws, clock, new_application(ws, cycle, "city"), "provincial_notice")
    new_application(ws, cycle, "park")
    drive(ws, clock, new_application(ws, cycle, "enterprise"), "provincial_review")
    return cycle


def test_status_prints_what_it_always_printed(ws: Workspace, clock: FixedClock) -> None:
    cycle = str(_cycle_in_three_stages(ws, clock))
    env = {"IPCYCLE_DB": ws.url, "IPCYCLE_NOW": "2025-09-15T10:00"}
    assert run_cli("status", "--cycle", cycle, "--json", env=env).stdout == ALL_JSON
    assert run_cli("status", "--cycle", cycle, "--province", "330000", "--json", env=env).stdout == ZHEJIANG_JSON
    assert run_cli("status", "--cycle", cycle, env=env).stdout == ALL_TEXT


def test_status_of_an_unknown_cycle_is_bad_input(cli: Callable[..., Ran]) -> None:
    assert "没有第7号申报周期" in cli("status", "--cycle", "7", "--json", expect=2).stderr


# What `status` must not import (each was loaded before, or is what acting commands need): the ORM and the
# mapped tables, the definition models and their checks, the machine, the guards, the file formats, Alembic.
NOT_FOR_STATUS = (
    "sqlalchemy.orm",
    "engine.store.core",
    "engine.store.registers",
    "engine.definition.model",
    "engine.definition.loader",
    "engine.definition.checks",
    "engine.machine",
    "engine.services.programmes.cycles",
    "engine.services.programmes.programme_definitions",
    "engine.services.shared.reference_audit",
    "policies.catalogue",
    "policies.guards",
    "transitions",
    "openpyxl",
    "docx",
    "jinja2",
    "alembic",
    "notifications",
)


@pytest.mark.system  # a real process
def test_status_runs_without_the_orm_the_models_or_the_machine(cli: Callable[..., Ran]) -> None:
    cycle = json.loads(
        cli("cycle", "open", "--as", "national", "demonstration-creation", "--edition", "2025", "--json").stdout
    )
    code = (
        "import json, sys\nfrom engine.cli import invoke\n"
        f"assert invoke(['status', '--cycle', '{cycle['id']}', '--json']) == 0\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(tuple(sys.argv[1:])))))"
    )
    env = {**os.environ, "IPCYCLE_DB": cli.url, "IPCYCLE_NOW": "2025-09-15T10:00"}  # type: ignore[attr-defined]
    proc = subprocess.run(
        [sys.executable, "-c", code, *NOT_FOR_STATUS], capture_output=True, text=True, cwd=REPO, env=env, check=True
    )
    printed, loaded = proc.stdout.rsplit("\n[", 1)
    assert json.loads(printed)["total"] == 0
    assert json.loads("[" + loaded) == []
