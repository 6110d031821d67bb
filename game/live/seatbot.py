"""A bot at a seat of a live game, without a screen: ``wargame join CODE --role R --bot KIND``.

It plays through the seat's :class:`~game.live.session.LiveSession` exactly as a person at the
seat's screen does (joined with the PIN, its moves checked by the engine against the shared
record), so separate processes can play a whole game: the tests and the benchmark use it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

from game.bots import Bot
from game.live.errors import NotAllowed, Stale
from game.live.session import LiveSession

POLL = 0.05
"""Seconds between looks at the record while another seat is to play."""


def play_seat(
    session: LiveSession,
    bot: Bot,
    *,
    stop: Callable[[], bool] = lambda: False,
    on_refresh: Callable[[LiveSession, int], None] | None = None,
    poll: float = POLL,
) -> None:
    """Play ``session``'s role with ``bot`` until the game is over, ``stop()`` is true or the seat is released.

    ``on_refresh(session, before)`` is called whenever others' moves arrive (``before``: how many
    actions the session had), for measuring how soon a seat sees them.
    """
    role = session.role
    if role is None:
        raise NotAllowed("a bot plays a role's seat")
    while not stop():
        before = len(session.actions)
        if session.refresh() and on_refresh is not None and len(session.actions) > before:
            on_refresh(session, before)
        if not session.beat():
            raise NotAllowed(f"{session.live.seat_name(role)} was released by the facilitator")
        if session.state.over:
            return
        if session.to_act() == role and session.seats[role].human:
            with contextlib.suppress(Stale):  # the game moved on while the bot thought: think again
                session.submit(bot.act(session.view(role)), based_on=len(session.actions))
            continue
        time.sleep(poll)
