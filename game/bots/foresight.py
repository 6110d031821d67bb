"""Looking one turn ahead from an observation: what a bot believes and what it would score.

Everything here starts from a role's :class:`~game.engine.Observation`; nothing reads the
hidden state. Other roles are assumed to hold their last revealed positions, except where
an agreement binds them, which they are assumed to keep.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from game.engine import Commitment, Game, GameState, Observation, preview_tracks
from game.engine.context import Context
from game.engine.rules import DecisionRules, OptionRules

Positions = dict[str, dict[str, str]]

RED_LINE_COST = 1000.0
"""How a bot that honours red lines values crossing one: never worth it."""


def believed_state(game: Game, obs: Observation) -> GameState:
    """A state built only from the observation, good enough to preview a resolution."""
    return GameState(
        scenario_hash=game.scenario_hash, seed=obs.seed, turn=obs.turn, phase=obs.phase, tracks=obs.tracks,
        positions=obs.positions, locked=obs.locked, drawn=obs.drawn,
        agreements=obs.agreements, history=obs.history,
    )


def satisfy(game: Game, positions: Positions, c: Commitment) -> None:
    """Move ``positions`` (in place) the least distance needed to honour ``c``."""
    dec = game.decision(c.role, c.decision)
    held = dec.ranks[positions[c.role][c.decision]]
    target = dec.ranks[c.option]
    if c.op == "eq" or (c.op == "ge" and held < target) or (c.op == "le" and held > target):
        positions[c.role][c.decision] = c.option


def honours(game: Game, positions: Mapping[str, Mapping[str, str]], c: Commitment) -> bool:
    dec = game.decision(c.role, c.decision)
    held, target = dec.ranks[positions[c.role][c.decision]], dec.ranks[c.option]
    return held == target if c.op == "eq" else held >= target if c.op == "ge" else held <= target


def expected_positions(game: Game, obs: Observation, extra: Iterable[Commitment] = ()) -> Positions:
    """Last revealed positions, with every binding commitment (and ``extra`` ones) assumed kept."""
    positions = {role: dict(held) for role, held in obs.positions.items()}
    for agreement in obs.agreements:
        if agreement.from_turn <= obs.turn <= agreement.until_turn:
            for c in agreement.commitments:
                satisfy(game, positions, c)
    for c in extra:
        satisfy(game, positions, c)
    return positions


class Evaluator:
    """Scores hypothetical positions for one role, one turn ahead."""

    def __init__(self, game: Game, obs: Observation) -> None:
        self.game = game
        self.role = obs.role
        self.state = believed_state(game, obs)
        self.weights = game.weights[obs.role]
        self.objectives = game.objectives[obs.role]
        self.red_lines = game.red_lines[obs.role]

    def value(self, positions: Mapping[str, Mapping[str, str]]) -> float:
        """The role's score after a resolution with ``positions`` (red lines count as ruinous)."""
        state = self.state
        tracks, broke = preview_tracks(self.game, state, positions)
        ctx = Context(tracks, positions, state.turn, frozenset(state.drawn),
                      frozenset(frozenset(a.parties) for a in state.agreements), broke)
        total = sum(w * (tracks[key] - self.game.tracks[key].start) for key, w in self.weights)
        total += sum(o.points for o in self.objectives if o.when(ctx))
        total -= sum(RED_LINE_COST for rl in self.red_lines if rl.when(ctx))
        return total

    def best_response(
        self,
        positions: Positions,
        choices: Iterable[tuple[DecisionRules, tuple[OptionRules, ...]]],
        bound: Iterable[Commitment] = (),
        rounds: int = 2,
    ) -> tuple[Positions, float]:
        """Improve this role's positions one decision at a time; ``bound`` commitments are kept."""
        bound = [c for c in bound if c.role == self.role]
        mine = positions[self.role]
        choices = list(choices)
        best_value = self.value(positions)
        for _ in range(rounds):
            improved = False
            for dec, options in choices:
                for option in options:
                    if option.id == mine[dec.id]:
                        continue
                    old = mine[dec.id]
                    mine[dec.id] = option.id
                    if all(honours(self.game, positions, c) for c in bound):
                        value = self.value(positions)
                        if value > best_value:
                            best_value, improved = value, True
                            continue
                    mine[dec.id] = old
            if not improved:
                break
        return positions, best_value
