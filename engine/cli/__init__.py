"""The ``ipcycle`` command line: thin click commands over the service layer.

Exit codes (a contract scripts rely on): 0 done; 2 bad input; 3 refused by the rules;
4 a concurrent change got there first.
Nothing is changed on 2 or 3.
"""

from __future__ import annotations

import sys

import click
from sqlalchemy.exc import OperationalError

import engine.cli.dossier  # noqa: F401  (issue 3: registers its commands)
import engine.cli.eligibility  # noqa: F401  (issue 3: registers its commands)
import engine.cli.overlays  # noqa: F401  (issue 3: registers its commands)
import engine.cli.quotas  # noqa: F401  (issue 3: registers its commands)
import engine.cli.roster  # noqa: F401  (issue 3: registers its commands)
from engine.cli import cases, core, notify, walkthrough  # noqa: E402,F401  (commands register themselves)
from engine.cli.common import main
from engine.definition.yamlsource import DefinitionError
from engine.kernel.errors import IpcycleError, Refused


def run() -> None:
    """Entry point: map domain errors to the promised exit codes and clear messages."""
    try:
        main.main(standalone_mode=False, prog_name="ipcycle")
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError | click.BadParameter) else exc.exit_code)
    except click.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except DefinitionError as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        sys.exit(2)
    except Refused as exc:
        click.echo(f"refused: {exc}", err=True)
        for v in exc.failed():
            click.echo(f"  [{v.rule_id}] {v.reason_en} / {v.reason_zh}", err=True)
        sys.exit(exc.exit_code)
    except IpcycleError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except OperationalError as exc:
        hint = " (run `ipcycle init` first)" if "no such table" in str(exc.orig) else ""
        click.echo(f"error: database: {exc.orig}{hint}", err=True)
        sys.exit(2)
