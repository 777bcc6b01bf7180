"""The stage order ``status`` reads from a stored definition without building its models."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.definition.loader import bundled_definition_files, load_definition_file
from engine.definition.outline import stage_order


@pytest.mark.parametrize("path", bundled_definition_files(), ids=lambda p: p.stem)
def test_the_order_is_the_one_the_checked_programme_has(path: Path) -> None:
    text, programme = load_definition_file(path)
    assert stage_order(text) == tuple(s.id for s in programme.stages)


def test_a_changed_text_is_read_afresh_not_answered_from_the_cache() -> None:
    text, _ = load_definition_file(next(p for p in bundled_definition_files() if p.stem == "typical-cases"))
    assert stage_order(text)[:3] == ("draft", "submitted", "selected")
    submitted, selected = (
        "  - {id: submitted, title: 已报送联席会议办公室}\n",
        "  - {id: selected, title: 入选典型案例}\n",
    )
    swapped = text.replace(submitted + selected, selected + submitted)
    assert swapped != text
    assert stage_order(swapped)[:3] == ("draft", "selected", "submitted")
    assert stage_order(text)[:3] == ("draft", "submitted", "selected")
