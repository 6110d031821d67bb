"""Scores and the collective outcome band.

A role's score is the sum of: for each weighted track, weight x (value now - value at the
start); the points of each private objective that holds; minus the penalty of each red
line for every turn it was crossed.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.context import Context
from game.engine.rules import Game, OutcomeRules
from game.engine.state import GameState


@dataclass(frozen=True, slots=True)
class ScoreLine:
    """One term of a score, with a label that explains it."""

    kind: str  # track | objective | red_line
    id: str
    label: str
    points: float


@dataclass(frozen=True, slots=True)
class Score:
    role: str
    total: float
    lines: tuple[ScoreLine, ...]


def end_context(state: GameState) -> Context:
    """The context objectives and outcome bands are judged in: the state as it stands."""
    last = state.history[-1] if state.history else None
    return Context(
        tracks=state.tracks,
        positions=state.positions,
        turn=state.turn,
        drawn=frozenset(state.drawn),
        agreed=frozenset(frozenset(a.parties) for a in state.agreements),
        broke=frozenset(r for s in (last.settlements if last else ()) for r in s.breakers),
    )


def score(game: Game, state: GameState, role: str) -> Score:
    """``role``'s score as things stand (final once the game is over)."""
    return _score(game, state, role, end_context(state))


def _score(game: Game, state: GameState, role: str, ctx: Context) -> Score:
    lines = []
    for key, weight in game.weights[role]:
        track = game.tracks[key]
        gained = state.tracks[key] - track.start
        lines.append(ScoreLine("track", key, f"{track.name} {gained:+d} x {weight:g}", round(weight * gained, 2)))
    for objective in game.objectives[role]:
        if objective.when(ctx):
            lines.append(ScoreLine("objective", objective.id, objective.text, float(objective.points)))
    crossings = [c.red_line for c in state.crossings if c.role == role]
    for rl in game.red_lines[role]:
        times = crossings.count(rl.id)
        if times:
            lines.append(ScoreLine("red_line", rl.id, f"{rl.text} (x{times})", float(-rl.penalty * times)))
    return Score(role, round(sum(line.points for line in lines), 2), tuple(lines))


def scores(game: Game, state: GameState) -> tuple[Score, ...]:
    """Every role's score, in seat order."""
    ctx = end_context(state)
    return tuple(_score(game, state, role, ctx) for role in game.roles)


def outcome(game: Game, state: GameState) -> OutcomeRules:
    """The collective outcome band: the first whose condition holds (the last is the fallback)."""
    ctx = end_context(state)
    for band in game.outcomes:
        if band.when is None or band.when(ctx):
            return band
    return game.outcomes[-1]
