"""What one role may know: the observation function.

A role sees the public board (tracks, revealed positions, the public record of past turns,
the card, who has finished or committed), its own brief, its own uncommitted positions and
red-line crossings, and the proposals and agreements it is party to (this turn's and past ones). It never sees another role's brief, another role's secret
positions before they are revealed, or talks it is not part of.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from game.engine.legality import open_decisions, proposals_left
from game.engine.rules import DecisionRules, Game, OptionRules
from game.engine.state import Agreement, Crossing, GameState, Phase, Proposal, TurnRecord
from game.scenario.models import Brief


class Observation(NamedTuple):
    """A role's view of the game (an immutable value)."""

    role: str
    turn: int
    phase: Phase
    card: str | None
    tracks: Mapping[str, int]
    positions: Mapping[str, Mapping[str, str]]
    locked: frozenset[tuple[str, str]]
    brief: Brief
    my_commit: Mapping[str, str] | None
    committed: frozenset[str]
    done: frozenset[str]
    proposals: tuple[Proposal, ...]
    agreements: tuple[Agreement, ...]
    history: tuple[TurnRecord, ...]
    talks: tuple[Proposal, ...]
    crossings: tuple[Crossing, ...]
    drawn: tuple[str, ...]
    choices: tuple[tuple[DecisionRules, tuple[OptionRules, ...]], ...]
    proposals_left: int
    seed: int
    paused: bool
    countdown: int
    revealed: Mapping[str, Mapping[str, str]]


_NOBODY: frozenset[str] = frozenset()


def observe(game: Game, state: GameState, role: str) -> Observation:
    """``role``'s observation of ``state``."""
    negotiating = state.phase is Phase.NEGOTIATION
    deciding = state.phase is Phase.DECISION
    return Observation(
        role=role,
        turn=state.turn,
        phase=state.phase,
        card=state.card,
        tracks=state.tracks,
        positions=state.positions,
        locked=state.locked,
        brief=game.briefs[role],
        my_commit=state.committed.get(role),
        committed=frozenset(state.committed) if deciding else _NOBODY,
        done=state.done,
        proposals=tuple(p for p in state.proposals if p.involves(role)) if negotiating else (),
        agreements=tuple(a for a in state.agreements if role in a.parties),
        history=state.history,
        talks=tuple(p for p in state.talks if p.involves(role)),
        crossings=tuple(c for c in state.crossings if c.role == role),
        drawn=state.drawn,
        choices=open_decisions(game, state, role) if deciding else (),
        proposals_left=proposals_left(game, state, role) if negotiating and role not in state.done else 0,
        seed=state.seed,
        paused=state.paused,
        countdown=state.countdown,
        revealed={r: state.committed[r] for r in state.revealed if r in state.committed},
    )
