"""Replaying an action log: the log, the seed and the scenario rebuild the game exactly."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from game.engine.actions import Action
from game.engine.core import Step, apply, new_game
from game.engine.rules import Game


def replay_steps(game: Game, seed: int, actions: Iterable[Action]) -> Iterator[Step]:
    """Every step of the game the log describes (raises IllegalAction at a bad action)."""
    state = new_game(game, seed)
    for action in actions:
        step = apply(game, state, action)
        state = step.state
        yield step


def turn_hashes(steps: Iterable[Step]) -> list[str]:
    """The state hash of each resolved turn, in order."""
    return [e.data["hash"] for step in steps for e in step.events if e.kind == "turn_resolved"]
