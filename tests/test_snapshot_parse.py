"""Pinned snapshots are read the fast way, and the fast way reads them exactly as the checked parse does."""

from __future__ import annotations

import pytest
import yaml

from engine.definition import loader
from engine.definition.loader import bundled_definition_files, parse_definition, programme_from_snapshot
from engine.definition.yamlsource import DefinitionError

CREATION = loader.WORKFLOWS_DIR / "demonstration-creation.yaml"


@pytest.mark.parametrize("path", bundled_definition_files(), ids=lambda p: p.stem)
def test_the_fast_read_of_each_bundled_definition_equals_the_checked_parse(path) -> None:
    text = path.read_text("utf-8")
    fast = loader.Programme.model_validate(yaml.load(text, Loader=loader._SnapshotLoader))
    assert fast == parse_definition(text, str(path))
    assert programme_from_snapshot(text) == fast


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
        yaml.load(twice, Loader=loader._SnapshotLoader)
    with pytest.raises(DefinitionError, match="duplicate key"):
        programme_from_snapshot(twice)
