"""Live games: every seat at its own terminal or browser, one game on the host that a facilitator runs.

* :mod:`game.live.codes` - game codes, seat PINs (stored salted and hashed) and seat tokens.
* :mod:`game.live.store` - the game's record: one SQLite database in WAL mode shared by its processes.
* :mod:`game.live.game` - :class:`LiveGame`: create a game, open it by code, check PINs, join seats.
* :mod:`game.live.session` - :class:`LiveSession`: a seat's :class:`~game.session.Session` over the record.
* :mod:`game.live.host` - the host's loop: card draws, bots' seats, the seats' status.

A refused request (wrong PIN, unknown code, malformed action, not the seat's move) raises a
:class:`LiveError` whose message is meant for the person, and changes nothing in the game.
"""

from game.live.errors import (
    BadRequest,
    Damaged,
    LiveError,
    NotAllowed,
    SeatLocked,
    SeatTaken,
    Stale,
    UnknownGame,
    WrongPin,
)
from game.live.game import LiveGame, NewGame
from game.live.session import Control, LiveSession, SeatStatus, Unavailable

__all__ = [
    "BadRequest", "Control", "Damaged", "LiveError", "LiveGame", "LiveSession", "NewGame", "NotAllowed", "SeatLocked",
    "SeatStatus", "SeatTaken", "Stale", "Unavailable", "UnknownGame", "WrongPin",
]
