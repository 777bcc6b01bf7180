"""Definitions are read the quick way first, and the quick way reads them exactly as the checked parse does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from engine.definition import loader
from engine.definition.loader import (
    bundled_definition_files,
    load_definition_file,
    parse_definition,
    programme_from_snapshot,
)
from engine.definition.yamlsource import DefinitionError, load_yaml

CREATION = loader.WORKFLOWS_DIR / "demonstration-creation.yaml"


@pytest.mark.parametrize("path", bundled_definition_files(), ids=lambda p: p.stem)
def test_the_fast_read_of_each_bundled_definition_equals_the_checked_parse(path: Path) -> None:
    text = path.read_text("utf-8")
    fast = loader.Programme.model_validate(yaml.load(text, Loader=loader._FastLoader))
    assert fast == loader._checked(*load_yaml(text, str(path)), str(path))
    assert parse_definition(text, str(path)) == programme_from_snapshot(text) == load_definition_file(path)[1] == fast


def test_a_snapshot_that_fails_is_reported_by_line_as_before() -> None:
    text = CREATION.read_text("utf-8")
    with pytest.raises(DefinitionError) as bad:
        programme_from_snapshot(text.replace("guard: entity-form", "guard: entity-shape") + "\n")
    assert any(p.startswith("<snapshot>:") and "unknown guard 'entity-shape'" in p for p in bad.value.problems)


def test_a_repeated_key_is_refused_by_both_reads() -> None:
    text = CREATION.read_text("utf-8")
    first_key = next(iter(yaml.safe_load(text)))
    twice = f"{text}\n{first_key}: again\n"
    with pytest.raises(yaml.YAMLError):
        yaml.load(twice, Loader=loader._FastLoader)
    with pytest.raises(DefinitionError, match="duplicate key"):
        programme_from_snapshot(twice)


def test_a_merge_key_is_left_to_the_checked_read(tmp_path: Path) -> None:
    merged = CREATION.read_text("utf-8") + "\nextra: &x {a: 1}\nmore:\n  <<: *x\n"
    with pytest.raises(yaml.YAMLError):
        yaml.load(merged, Loader=loader._FastLoader)
    path = tmp_path / "merged.yaml"
    path.write_text(merged, "utf-8")
    with pytest.raises(Exception) as checked:  # noqa: B017  (whatever the checked read does, the quick one must too)
        loader._checked(*load_yaml(merged, str(path)), str(path))
    with pytest.raises(type(checked.value)) as got:
        load_definition_file(path)
    assert str(got.value) == str(checked.value)
