"""The national board's two large pieces, the heat map and the provinces table, drawn once per distinct board.

They are most of a board request's work at 100k applications (the counts themselves are a few hundred kept
rows). Each request still reads the whole board fresh; the pieces are looked up by everything that board holds
(its JSON, the clock's ``now`` left out), so a move, a receipt or a quota change gives a new key and is shown at
once, and a board nobody changed is not drawn again. A few boards are kept per portal, the newest first.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from markupsafe import Markup

from engine.services.national.board import CycleBoard
from portal import charts
from portal.context import Portal

KEPT = 4  # boards kept per portal: one per open cycle is what the office looks at


@dataclass(frozen=True)
class BoardPieces:
    heat_map: Markup
    provinces: Markup


class DrawnBoards:
    """The pieces of the last few distinct boards; safe for uvicorn's worker threads."""

    def __init__(self) -> None:
        self._kept: OrderedDict[str, BoardPieces] = OrderedDict()
        self._lock = Lock()
        self.drawings = 0  # how many times pieces were drawn (not found): what a test of the keeping checks

    def pieces(self, portal: Portal, board: CycleBoard) -> BoardPieces:
        key = board.model_dump_json(exclude={"now"})
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found
        drawn = BoardPieces(
            heat_map=charts.heat_map(board),
            provinces=Markup(portal.templates.env.get_template("_board_provinces.html.j2").render(board=board)),
        )
        with self._lock:
            self.drawings += 1
            self._kept[key] = drawn
            while len(self._kept) > KEPT:
                self._kept.popitem(last=False)
        return drawn


def drawn_boards(portal: Portal) -> DrawnBoards:
    """The portal's kept boards (made on first use)."""
    drawn = portal.extra.setdefault("drawn_boards", DrawnBoards())
    assert isinstance(drawn, DrawnBoards)
    return drawn


def board_pieces(portal: Portal, board: CycleBoard) -> BoardPieces:
    """The heat map and provinces table of ``board``, drawn now or found from an identical board before."""
    return drawn_boards(portal).pieces(portal, board)
