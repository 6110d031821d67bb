"""What one role may know: the observation function.

A role sees the public board (tracks, revealed positions, the card, who has finished or
committed), its own brief and its own uncommitted positions, and the proposals and
agreements it is party to. It never sees another role's brief, another role's secret
positions before they are revealed, or talks it is not part of.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from game.engine.legality import open_decisions, proposals_left
from game.engine.rules import DecisionRules, Game, OptionRules
from game.engine.state import Agreement, GameState, Phase, Proposal, TurnRecord
from game.scenario.models import Brief


@dataclass(frozen=True, slots=True)
class Observation:
    """A role's view of the game."""

    role: str
    turn: int
    phase: Phase
    card: str | None
    tracks: Mapping[str, int]
    start_tracks: Mapping[str, int]
    positions: Mapping[str, Mapping[str, str]]
    locked: frozenset[tuple[str, str]]
    brief: Brief
    my_commit: Mapping[str, str] | None
    committed: frozenset[str]
    done: frozenset[str]
    proposals: tuple[Proposal, ...]
    agreements: tuple[Agreement, ...]
    history: tuple[TurnRecord, ...]
    drawn: tuple[str, ...]
    choices: tuple[tuple[DecisionRules, tuple[OptionRules, ...]], ...]
    proposals_left: int
    seed: int


def _private_record(record: TurnRecord, role: str) -> TurnRecord:
    return TurnRecord(
        record.turn, record.card, record.positions, record.tracks,
        tuple(p for p in record.proposals if role in p.parties),
        record.settlements,  # settlements name agreement ids only; their terms stay with the parties
        tuple(x for x in record.red_lines if x[0] == role),
    )


def observe(game: Game, state: GameState, role: str) -> Observation:
    """``role``'s observation of ``state``."""
    return Observation(
        role=role,
        turn=state.turn,
        phase=state.phase,
        card=state.card,
        tracks=state.tracks,
        start_tracks=state.start_tracks,
        positions=state.positions,
        locked=state.locked,
        brief=game.role(role).brief,
        my_commit=state.committed.get(role),
        committed=frozenset(state.committed),
        done=state.done,
        proposals=tuple(p for p in state.proposals if role in p.parties),
        agreements=tuple(a for a in state.agreements if role in a.parties),
        history=tuple(_private_record(r, role) for r in state.history),
        drawn=state.drawn,
        choices=open_decisions(game, state, role) if state.phase is Phase.DECISION else (),
        proposals_left=proposals_left(game, state, role) if role not in state.done else 0,
        seed=state.seed,
    )
