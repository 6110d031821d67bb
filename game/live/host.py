"""The host's loop: it draws the event cards, plays the bots' seats and reports the seats' status.

The host is an ordinary member of the game (its moves go through the same checked, logged
:meth:`~game.live.session.LiveSession.submit` as a seat's); it only holds the key to the moves no
seat makes. What it prints is public - joins and departures, the card of each turn, whose move
it is, who the game waits for - so its terminal may be seen by the room (its PINs aside: see
``wargame host --pins FILE``). When the game ends it writes the ordinary save file and stops.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from game.engine import CHANCE
from game.live.errors import NotAllowed, Stale
from game.live.session import LiveSession, SeatStatus, Unavailable
from game.text import score_table

POLL = 0.05
"""Seconds between the host's looks at the record when nothing is due."""

_SHOWN = frozenset({"card", "negotiation_closed", "turn_resolved", "game_over", "facilitator"})


@dataclass
class Host:
    """Runs one live game from the host process; :meth:`step` does one round, :meth:`run` loops."""

    session: LiveSession
    write: Callable[[str], None] = print
    save_to: Path | None = None
    clock: Callable[[], float] = time.time
    _journal: int = 0
    _events: int = 0
    _waiting: tuple[str | None, str | None] = (None, None)
    _present: dict[str, bool] = field(default_factory=dict)
    saved: Path | None = None

    def __post_init__(self) -> None:
        """Report only what happens from now on (a host that takes over says nothing of the past)."""
        journal = self.session.live.store.journal()
        self._journal = journal[-1][0] if journal else 0
        self._events = len(self.session.events)

    def _say(self, text: str, at: float | None = None) -> None:
        self.write(f"{datetime.fromtimestamp(self.clock() if at is None else at):%H:%M:%S} {text}")

    def step(self) -> bool:
        """One round: take in others' moves, make the move due from the host if any, report. Whether it moved."""
        session = self.session
        session.refresh()
        if not session.beat():
            raise NotAllowed(f"another host process has taken over game {session.code}: this one stops")
        moved = False
        action = session.automatic_action()
        if action is not None:
            try:
                session.submit(action, based_on=len(session.actions))
                moved = True
            except (Stale, NotAllowed):
                pass  # a seat moved or was taken back meanwhile: think again on the new state
            except Unavailable as exc:
                self._say(f"could not record a move, trying again: {exc}")
        self._report()
        return moved

    def run(self, stop: Callable[[], bool] = lambda: False) -> Path | None:
        """Host until the game is over (then save it and return the save's path) or ``stop()`` is true."""
        while not stop():
            if self.session.state.over:
                return self.finish()
            if not self.step():
                time.sleep(POLL)
        return None

    def finish(self) -> Path:
        """Write the save file and the final scores."""
        self.saved = self.session.export(self.save_to, overwrite=self.save_to is not None)
        game, state = self.session.game, self.session.state
        self.write("")
        for line in score_table(game, state):
            self.write(line)
        self._say(f"saved as {self.saved}")
        return self.saved

    # -- what the room may see ------------------------------------------------------------------

    def _report(self) -> None:
        session = self.session
        for number, entry in session.live.store.journal(self._journal):
            self._journal = number
            self._say(f"{session.live.seat_name(entry.seat)} {entry.what}", at=entry.at)
        for event in session.events[self._events:]:
            if event.visible_to is None and event.kind in _SHOWN:
                self._say(event.text.replace("\n", " "))
        self._events = len(session.events)
        statuses = session.presence()
        self._report_presence(statuses)
        self._report_waiting(statuses)

    def _report_presence(self, statuses: list[SeatStatus]) -> None:
        """Say when a seat's screen goes without saying goodbye (closed terminal, cut network)."""
        for status in statuses:
            before = self._present.get(status.seat)
            now = bool(status.screens)
            silent = status.last_seen is not None  # its claim is still there: it did not leave, it went quiet
            if before and not now and silent and status.bot is None:
                self._say(f"{status.name}: no screen open any more; the seat may rejoin with its PIN")
            self._present[status.seat] = now

    def _report_waiting(self, statuses: list[SeatStatus]) -> None:
        """Say whose move it is when people must play, and when the game waits for an absent seat."""
        session = self.session
        actor = session.to_act()
        absent = session.waiting_for(statuses)
        if (actor, absent) == self._waiting:
            return
        self._waiting = (actor, absent)
        if actor is None:
            if session.paused:
                self._say("paused by the facilitator")
            return
        if actor == CHANCE or not session.seats[actor].human:
            return
        name = session.game.role_name(actor)
        if absent:
            self._say(f"waiting for {name}, whose screen is not open (it joins with its PIN, or the facilitator "
                      f"hands the seat to a bot: wargame live bot {session.code} {actor})")
        else:
            self._say(f"{name} to play")
