"""Why a live game refused something: each error's message is one clear sentence for the person concerned.

Every refusal happens before anything is written, so a refused request changes nothing in the game.
"""

from __future__ import annotations

from game.engine import IllegalAction


class LiveError(Exception):
    """Something a live game refused or could not do; ``str(error)`` is the message to show."""


class UnknownGame(LiveError):
    """No live game has this code here (or the file is not a live game)."""


class BadRequest(LiveError):
    """A request that is not well-formed: a code, role, PIN or action of the wrong form."""


class WrongPin(LiveError):
    """The PIN does not open this seat."""


class SeatLocked(LiveError):
    """Too many wrong PINs for this seat: it refuses joins for a while."""


class SeatTaken(LiveError):
    """The seat is already open on another screen, and the facilitator has not allowed a second one."""


class NotAllowed(LiveError, IllegalAction):
    """The seat may not make this move: not its role, not its turn, or its claim was released.

    An :class:`~game.engine.IllegalAction` too, so a front end shows it as it shows the engine's objections.
    """


class Stale(LiveError, IllegalAction):
    """The game moved on while a move was being chosen; choose again on the new state."""


class Damaged(LiveError):
    """The game's record cannot be read or does not replay (the database was edited or damaged)."""
