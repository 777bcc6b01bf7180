"""Definition files: the bundled ones load; broken ones are reported as file:line and never loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.definition import loader
from engine.definition.loader import bundled_definition_files, parse_definition
from engine.definition.yamlsource import DefinitionError
from engine.services.programmes.programme_definitions import diagram, list_programmes, load_programmes
from engine.store.workspace import Workspace
from tests.support.paths import REPO

GOOD = (REPO / "workflows" / "demonstration-creation.yaml").read_text("utf-8")


def problems_of(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as exc:
        parse_definition(text, "x.yaml")
    return exc.value.problems


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_every_bundled_definition_is_valid() -> None:
    files = bundled_definition_files()
    assert any(f.stem == "demonstration-creation" for f in files)
    for f in files:
        assert parse_definition(f.read_text("utf-8"), str(f)).id == f.stem


def test_unknown_guard_is_reported_on_its_line() -> None:
    bad = GOOD.replace("guard: entity-form", "guard: entity-shape")
    (problem,) = problems_of(bad)
    assert problem.startswith(f"x.yaml:{line_of(bad, 'entity-shape')}:")
    assert "unknown guard 'entity-shape'" in problem


def test_transition_to_undefined_stage() -> None:
    bad = GOOD.replace("to: revoked, roles: [national],", "to: delisted, roles: [national],")
    problems = problems_of(bad)
    assert f"x.yaml:{line_of(bad, 'delisted')}: transition 'revoke' goes to undefined stage 'delisted'" in problems


def test_unreachable_stage() -> None:
    bad = "".join(line for line in GOOD.splitlines(keepends=True) if "{event: revoke," not in line)
    problems = problems_of(bad)
    assert problems == [f"x.yaml:{line_of(bad, 'id: revoked')}: stage 'revoked' cannot be reached from 'draft'"]


def test_milestone_without_a_date() -> None:
    bad = GOOD.replace("title: 报送工作联络员回执, due: {month: 9, day: 19}}", "title: 报送工作联络员回执}")
    (problem,) = problems_of(bad)
    assert problem.startswith(f"x.yaml:{line_of(bad, 'id: liaison-receipt')}:")
    assert "milestone 'liaison-receipt' has no date" in problem


def test_yaml_syntax_error_names_its_line() -> None:
    bad = GOOD.replace("visibility: public", "visibility: [public")
    (problem,) = problems_of(bad)
    assert problem.startswith("x.yaml:") and "YAML syntax error" in problem


def test_structural_error_names_field_and_line() -> None:
    bad = GOOD.replace("roles: [province], window: application}", "roles: [governor], window: application}", 1)
    problems = problems_of(bad)
    assert any(p.startswith(f"x.yaml:{line_of(bad, 'governor')}: transitions.1.roles.0:") for p in problems)


def test_init_refuses_a_bad_definition_and_loads_nothing(tmp_path: Path, ws: Workspace) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(GOOD.replace("id: demonstration-creation", "id: other-programme"), "utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("guard: entity-form", "guard: nope"), "utf-8")
    with pytest.raises(DefinitionError) as exc:
        load_programmes(ws, [good, bad])
    assert exc.value.problems[0].startswith(f"{bad}:")
    assert "other-programme" not in {p.id for p in list_programmes(ws)}


def test_an_install_without_its_definitions_is_refused_loudly(
    tmp_path: Path, ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wheel that lost its YAML once made init say "up to date" and list nothing; now it names the folder."""
    monkeypatch.setattr(loader, "WORKFLOWS_DIR", tmp_path)
    with pytest.raises(DefinitionError) as exc:
        load_programmes(ws)
    assert exc.value.problems == [f"{tmp_path}: no programme definitions (*.yaml) here: the installation lacks them"]


def test_loading_twice_changes_nothing(ws: Workspace) -> None:
    assert load_programmes(ws) == []


def test_diagrams_name_every_stage() -> None:
    p = parse_definition(GOOD, "x.yaml")
    mermaid = diagram(p, "mermaid")
    dot = diagram(p, "dot")
    assert mermaid.startswith("stateDiagram-v2")
    assert "national_review --> selection_notice: select" in mermaid
    assert '"recognised" -> "revoked" [label="revoke"];' in dot
    for s in p.stages:
        assert s.id in mermaid and f'"{s.id}"' in dot


def test_a_duplicate_key_is_reported_not_silently_overwritten() -> None:
    bad = GOOD.replace("visibility: public", "visibility: public\ntitle: 重复的标题")
    (problem,) = problems_of(bad)
    assert (
        problem
        == f"x.yaml:{line_of(bad, '重复的标题')}: duplicate key 'title' (first at line {line_of(bad, 'title: 知识')})"
    )


@pytest.mark.parametrize(
    ("change", "needle", "message"),
    [
        (("- id: city\n", "- id: county\n"), "- id: county", "category 'county' is defined twice"),
        (("{event: decline,", "{event: stage,"), "event: stage,", "event name 'stage' is reserved"),
        (("kinds: [university]", "kinds: university"), "kinds: university", "parameter kinds"),
        (("{month: 9, day: 19}", "{month: 2, day: 30}"), "day: 30", "day is out of range"),
        (
            (
                "{event: end_notice, from: [selection_notice], to: in_creation, roles: [system]}",
                "{event: end_notice, from: [selection_notice], to: in_creation, roles: [national]}",
            ),
            "id: selection_notice,",
            "no system transition 'end_notice' leaves 'selection_notice'",
        ),
    ],
)
def test_definitions_that_would_fail_at_run_time_are_refused_when_read(
    change: tuple[str, str], needle: str, message: str
) -> None:
    bad = GOOD.replace(*change, 1)
    assert bad != GOOD
    problems = problems_of(bad)
    assert any(message in p for p in problems), problems
    lines = [i for i, line in enumerate(bad.splitlines(), 1) if needle in line]  # a duplicate: the later one
    assert any(p.startswith(f"x.yaml:{lines[-1]}:") for p in problems), problems


def test_reverting_an_edited_definition_makes_the_old_text_current_again(tmp_path: Path, ws: Workspace) -> None:
    from engine.services.programmes.programme_definitions import current_programme

    edited = tmp_path / "demonstration-creation.yaml"
    edited.write_text(GOOD.replace("title: 知识产权强国建设示范创建", "title: 改过的标题"), "utf-8")
    assert len(load_programmes(ws, [edited])) == 1
    assert current_programme(ws, "demonstration-creation").title == "改过的标题"
    assert len(load_programmes(ws)) == 1  # the bundled text again: no new row, but current once more
    assert current_programme(ws, "demonstration-creation").title == "知识产权强国建设示范创建"
    assert load_programmes(ws) == []


def test_an_impossible_date_anywhere_in_a_file_names_its_line() -> None:
    bad = GOOD.replace("mailbox: zLzL@cnipa.gov.cn", "mailbox: zLzL@cnipa.gov.cn\nissued_on: 2025-02-30")
    (problem,) = problems_of(bad)
    assert problem.startswith(f"x.yaml:{line_of(bad, 'issued_on')}:") and "day is out of range" in problem
