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
    phase = state.phase
    negotiating = phase is Phase.NEGOTIATION
    deciding = phase is Phase.DECISION
    committed = state.committed
    # Positional arguments, in the order of Observation's fields: every bot move builds one.
    return Observation(
        role,
        state.turn,
        phase,
        state.card,
        state.tracks,
        state.positions,
        state.locked,
        game.briefs[role],
        committed.get(role),
        frozenset(committed) if deciding else _NOBODY,
        state.done,
        _involving(state.proposals, role) if negotiating else (),
        tuple([a for a in state.agreements if role in a.parties]) if state.agreements else (),
        state.history,
        _past_talks(state.talks, role),
        tuple([c for c in state.crossings if c.role == role]) if state.crossings else (),
        state.drawn,
        open_decisions(game, state, role) if deciding else (),
        proposals_left(game, state, role) if negotiating and role not in state.done else 0,
        state.seed,
        state.paused,
        state.countdown,
        {r: committed[r] for r in state.revealed if r in committed} if state.revealed else {},
    )


def _involving(proposals: tuple[Proposal, ...], role: str) -> tuple[Proposal, ...]:
    """The proposals ``role`` made or received."""
    return tuple([p for p in proposals if p.involves(role)]) if proposals else ()


_LAST_TALKS: dict[str, tuple[tuple[Proposal, ...], tuple[Proposal, ...]]] = {}
"""The last answer of :func:`_past_talks` for each role, with the talks it was worked out from."""


def _past_talks(talks: tuple[Proposal, ...], role: str) -> tuple[Proposal, ...]:
    """:func:`_involving` for the talks of past turns, which stay the same object through a turn."""
    if not talks:
        return ()
    last = _LAST_TALKS.get(role)
    if last is not None and last[0] is talks:
        return last[1]
    mine = _involving(talks, role)
    _LAST_TALKS[role] = (talks, mine)
    return mine
