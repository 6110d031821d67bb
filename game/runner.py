"""Headless play: bots take every seat, chance is drawn from the game's seed, and the game is recorded."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from game import __version__
from game.bots import Bot
from game.engine import Action, Event, Game, GameState, TurnHash, action_to_dict, outcome, scores
from game.session import Seat, Session

RECORD_FORMAT = "wargame-record"
RECORD_VERSION = 1


@dataclass
class PlayedGame:
    """A finished game: the final state, every action, the hash of every turn."""

    game: Game
    seed: int
    seats: Mapping[str, str]
    state: GameState
    actions: list[Action]
    turn_digests: Sequence[str | TurnHash]
    """The hash of each turn, worked out when :attr:`hashes` or :meth:`record` first reads it."""

    @property
    def hashes(self) -> list[str]:
        """The hash of every turn, in order."""
        return [str(digest) for digest in self.turn_digests]

    def record(self) -> dict[str, Any]:
        """The JSON-ready game record: enough to replay and verify the game exactly."""
        return {
            "format": RECORD_FORMAT,
            "version": RECORD_VERSION,
            "engine": __version__,
            "scenario": self.game.id,
            "scenario_hash": self.game.scenario_hash,
            "seed": self.seed,
            "seats": {role: f"bot:{kind}" for role, kind in self.seats.items()},
            "actions": [action_to_dict(a) for a in self.actions],
            "turn_hashes": list(self.hashes),
            "outcome": outcome(self.game, self.state).id if self.state.over else None,
            "scores": {s.role: s.total for s in scores(self.game, self.state)},
        }


def play(
    game: Game,
    seed: int,
    seats: Mapping[str, str],
    on_step: Callable[[Action, tuple[Event, ...], GameState], None] | None = None,
    bots: Mapping[str, Bot] | None = None,
) -> PlayedGame:
    """Play a whole game with a bot of the given kind in every seat.

    ``on_step`` sees each action and its events; without it, no events are built (the game is the
    same). ``bots`` may pass ready-made bots (reused across games by benchmarks).
    """
    seating = {role: Seat(role, kind) for role, kind in seats.items()}
    session = Session.start(game, seed, seating, bots, quiet=on_step is None)
    while (step := session.step_automatic()) is not None:
        if on_step is not None:
            on_step(session.actions[-1], step.events, step.state)
    return PlayedGame(game, seed, dict(seats), session.state, session.actions, session.turn_digests)
