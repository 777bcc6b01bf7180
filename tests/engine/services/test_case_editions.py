"""New editions of the case calls (issue 22): the typical-case calls are numbered batches (第三批 in 2024, notice
000, which gave its dates when it was issued); the office opens the next batch under its year with every date
given at opening. The same for the TISC call's next round. An earlier or dateless edition is refused, in words."""

from __future__ import annotations

from datetime import date

import pytest

from engine.kernel.errors import BadInput
from engine.services.programmes import cycles
from engine.store.workspace import Workspace


def test_the_next_typical_case_batch_opens_under_its_year_with_its_dates(ws: Workspace) -> None:
    with pytest.raises(BadInput) as exc:
        cycles.open_cycle(ws, "typical-cases", 2025)
    said = str(exc.value)
    assert "新一批次，须在开启时给出全部日期" in said and "、" in said
    opened = cycles.open_cycle(
        ws, "typical-cases", 2025, {"call-issued": date(2025, 5, 20), "submission": date(2025, 7, 10)}
    )
    assert opened.edition == 2025
    assert {m.id: (m.due, m.source) for m in opened.milestones} == {
        "call-issued": (date(2025, 5, 20), "given"),
        "submission": (date(2025, 7, 10), "given"),
    }
    assert cycles.open_cycle(ws, "typical-cases", 2024).edition == 2024  # the known batch, from the notice's dates
    with pytest.raises(BadInput, match="没有2023年这一届次"):  # an earlier batch than the known ones: no
        cycles.open_cycle(ws, "typical-cases", 2023, {"call-issued": date(2023, 5, 1), "submission": date(2023, 7, 1)})
    with pytest.raises(BadInput, match="已经开启"):
        cycles.open_cycle(
            ws, "typical-cases", 2025, {"call-issued": date(2025, 5, 20), "submission": date(2025, 7, 10)}
        )
    proposed = cycles.proposed_dates(ws, "typical-cases", 2026)  # the form proposes nothing: the office gives them
    assert [p.due for p in proposed] == [None, None]


def test_the_tisc_call_s_next_round_opens_with_its_dates(ws: Workspace) -> None:
    dates = {"call-issued": date(2022, 3, 1), "phase-1": date(2022, 3, 25), "phase-2": date(2022, 6, 24)}
    with pytest.raises(BadInput, match="须在开启时给出全部日期：.+、.+"):
        cycles.open_cycle(ws, "tisc-cases", 2022, {"call-issued": date(2022, 3, 1)})
    opened = cycles.open_cycle(ws, "tisc-cases", 2022, dates)
    assert {m.id: m.due for m in opened.milestones} == dates
