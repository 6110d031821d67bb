"""A saved or simulated game opened for review: every state and event of it, for the replay viewer.

Positions run from 0 (before the first action) to ``len(replay)`` (after the last); the viewer
steps through them, jumps to a turn with :meth:`Replay.turn_start`, shows :meth:`Replay.state`
with every role's positions, proposals and talks (nothing is hidden in a replay) and
:meth:`Replay.events_at` with their causes and sources (render them with :mod:`game.text`).
:meth:`Replay.branch` starts a new game from any position, with new seats.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from game.engine import Action, Event, Game, GameState, new_game
from game.saves.errors import SaveError
from game.saves.format import Origin
from game.saves.read import GameLog, read_log
from game.saves.store import SaveFile, utc_now
from game.saves.verify import Verification, replay_log
from game.scenario.loader import SourceEntry
from game.session import Seat, Session


@dataclass(frozen=True)
class Replay:
    """A replayed game log: its states, actions and events by position, and how its verification went."""

    log: GameLog
    states: tuple[GameState, ...]
    """``states[p]`` is the state at position ``p`` (``states[0]`` before any action)."""
    events: tuple[tuple[Event, ...], ...]
    """``events[p - 1]`` are the events of the action that led to position ``p``."""
    verification: Verification

    @property
    def game(self) -> Game:
        return self.log.game

    @property
    def sources(self) -> Mapping[str, SourceEntry]:
        """The source catalogue by id, for :func:`game.text.cite`."""
        return {entry.id: entry for entry in self.log.loaded.sources}

    @property
    def game_id(self) -> str:
        """The save's game id, or the record's file name."""
        return self.log.save.game_id if self.log.save is not None else self.log.path.name

    def __len__(self) -> int:
        """The number of actions replayed (the last position)."""
        return len(self.states) - 1

    def state(self, position: int) -> GameState:
        """The state at ``position`` (0 to ``len(self)``)."""
        return self.states[self._check(position)]

    def action(self, position: int) -> Action:
        """The action that led to ``position`` (1 to ``len(self)``)."""
        return self.log.actions[self._check(position, first=1) - 1]

    def events_at(self, position: int) -> tuple[Event, ...]:
        """The events of the action that led to ``position`` (none at position 0)."""
        return self.events[self._check(position) - 1] if position > 0 else ()

    def events_until(self, position: int) -> list[Event]:
        """Every event from the start up to and including ``position``."""
        return [event for batch in self.events[: self._check(position)] for event in batch]

    def turns(self) -> list[int]:
        """The turns the log reaches, in order."""
        return sorted({state.turn for state in self.states})

    def turn_start(self, turn: int) -> int:
        """The position where ``turn`` begins (before its card is drawn)."""
        for position, state in enumerate(self.states):
            if state.turn == turn:
                return position
        raise ValueError(f"the log does not reach turn {turn}")

    def turn_end(self, turn: int) -> int | None:
        """The position just after ``turn`` resolved, or None if the log ends before it does."""
        resolved = [len(state.history) for state in self.states]
        position = bisect.bisect_left(resolved, turn)
        return position if position < len(resolved) else None

    def branch(
        self,
        position: int,
        seats: Mapping[str, Seat],
        directory: Path | str | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
    ) -> tuple[Session, SaveFile]:
        """A new game that starts from ``position`` of this one, with ``seats``: same scenario, same seed.

        The new game's log begins with this game's first ``position`` actions (so it replays and
        verifies on its own); its file, not yet written, records where it branched from.
        """
        session = Session.resume(self.game, self.log.seed, seats, self.log.actions[: self._check(position)],
                                 facilitator=self.log.facilitator)
        origin = Origin(game=self.game_id, step=position)
        file = SaveFile.new(self.log.loaded, directory, branched_from=origin, clock=clock)
        return session, file

    def _check(self, position: int, first: int = 0) -> int:
        if not first <= position <= len(self):
            raise IndexError(f"position {position} is outside {first}..{len(self)}")
        return position


def open_replay(path: Path | str, *, scenario: str | Path | None = None, strict: bool = True) -> Replay:
    """Read and replay a save or a record for the viewer.

    With ``strict`` (the default) a log that does not replay to its recorded hashes raises
    :class:`SaveError`; without it the replay stops at the first divergence and
    :attr:`Replay.verification` says where.
    """
    log = read_log(path, scenario=scenario)
    replayed = replay_log(log, keep_steps=True)
    verdict = replayed.verification
    if strict and verdict.divergence is not None:
        raise SaveError(log.path, f"the log does not replay to what was recorded: {verdict.divergence}")
    start = new_game(log.game, log.seed)
    states = (start, *(step.state for step in replayed.steps))
    return Replay(log, states, tuple(step.events for step in replayed.steps), verdict)
