"""Headless play: bots take every seat, chance is drawn from the game's seed, and the game is recorded."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from game import __version__
from game.bots import Bot, make_bots
from game.engine import (
    CHANCE, Action, DrawCard, Event, Game, GameState, action_to_dict, actors, apply, draw_card, new_game, observe,
)

RECORD_FORMAT = "wargame-record"
RECORD_VERSION = 1


@dataclass
class PlayedGame:
    """A finished (or stopped) game: the final state, every action, the hash of every turn."""

    game: Game
    seed: int
    seats: Mapping[str, str]
    state: GameState
    actions: list[Action] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)

    def record(self) -> dict[str, Any]:
        """The JSON-ready game record: enough to replay and verify the game exactly."""
        from game.engine import outcome, scores

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


class Driver:
    """Chooses who acts next: chance at a draw, otherwise the seats in rotation.

    Rotation (rather than always the first seat) lets every role see and answer proposals
    before it finishes negotiating.
    """

    def __init__(self, game: Game) -> None:
        self.game = game
        self.last: str | None = None

    def next_actor(self, state: GameState) -> str | None:
        waiting = actors(self.game, state)
        if not waiting:
            return None
        if waiting[0] == CHANCE:
            return CHANCE
        roles = self.game.roles
        start = roles.index(self.last) + 1 if self.last in roles else 0
        for i in range(len(roles)):
            role = roles[(start + i) % len(roles)]
            if role in waiting:
                self.last = role
                return role
        return None


def play(
    game: Game,
    seed: int,
    seats: Mapping[str, str],
    on_step: Callable[[Action, tuple[Event, ...], GameState], None] | None = None,
    bots: Mapping[str, Bot] | None = None,
) -> PlayedGame:
    """Play a whole game with bots in every seat; ``on_step`` sees each action and its events."""
    bots = bots or make_bots(game, dict(seats))
    state = new_game(game, seed)
    played = PlayedGame(game, seed, seats, state)
    driver = Driver(game)
    while (actor := driver.next_actor(state)) is not None:
        if actor == CHANCE:
            action: Action = DrawCard(draw_card(game, state))
        else:
            action = bots[actor].act(observe(game, state, actor))
        step = apply(game, state, action)
        state = step.state
        played.actions.append(action)
        played.hashes.extend(e.data["hash"] for e in step.events if e.kind == "turn_resolved")
        if on_step is not None:
            on_step(action, step.events, state)
    played.state = state
    return played
