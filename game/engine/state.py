"""The game state: an immutable value, replaced (never mutated) by every action.

Containers inside a state are shared between successive states, so they must never be
changed in place; the engine always builds new ones. :func:`state_to_dict` gives the
canonical JSON form that :func:`state_hash` digests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from game.engine.actions import Commitment


class Phase(StrEnum):
    """Where a turn stands. Resolution happens inside the last commit of the decision phase."""

    EVENT = "event"
    NEGOTIATION = "negotiation"
    DECISION = "decision"
    OVER = "over"


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposal made this turn, with the answers so far."""

    id: int
    proposer: str
    to: tuple[str, ...]
    offers: tuple[Commitment, ...]
    requests: tuple[Commitment, ...]
    note: str
    turns: int
    answers: tuple[tuple[str, str], ...] = ()
    status: str = "pending"  # pending | accepted | rejected
    counter_of: int | None = None

    @property
    def parties(self) -> tuple[str, ...]:
        return (self.proposer, *self.to)

    def awaiting(self) -> tuple[str, ...]:
        """Addressees that have not answered yet (none once it is settled)."""
        if self.status != "pending":
            return ()
        answered = {role for role, _ in self.answers}
        return tuple(r for r in self.to if r not in answered)


@dataclass(frozen=True, slots=True)
class Agreement:
    """An accepted proposal: binding on its parties from ``from_turn`` to ``until_turn``."""

    id: int
    parties: tuple[str, ...]
    commitments: tuple[Commitment, ...]
    note: str
    from_turn: int
    until_turn: int


@dataclass(frozen=True, slots=True)
class Settlement:
    """How one agreement fared at a resolution."""

    agreement: int
    kept: bool
    breakers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TurnRecord:
    """What a resolved turn left behind (the raw material of charts, replays and reports)."""

    turn: int
    card: str | None
    positions: Mapping[str, Mapping[str, str]]
    tracks: Mapping[str, int]
    proposals: tuple[Proposal, ...]
    settlements: tuple[Settlement, ...]
    red_lines: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class GameState:
    """Everything the rules need to continue the game. Never mutate; use :func:`dataclasses.replace`."""

    scenario_hash: str
    seed: int
    turn: int
    phase: Phase
    tracks: Mapping[str, int]
    positions: Mapping[str, Mapping[str, str]]
    start_tracks: Mapping[str, int]
    locked: frozenset[tuple[str, str]] = frozenset()
    card: str | None = None
    drawn: tuple[str, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    done: frozenset[str] = frozenset()
    committed: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    history: tuple[TurnRecord, ...] = ()
    next_id: int = 1
    steps: int = 0

    @property
    def over(self) -> bool:
        return self.phase is Phase.OVER


def _commitment(c: Commitment) -> dict[str, str]:
    return {"role": c.role, "decision": c.decision, "option": c.option, "op": c.op}


def _proposal(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.id, "proposer": p.proposer, "to": list(p.to),
        "offers": [_commitment(c) for c in p.offers], "requests": [_commitment(c) for c in p.requests],
        "note": p.note, "turns": p.turns, "answers": [list(a) for a in p.answers], "status": p.status,
        "counter_of": p.counter_of,
    }


def _agreement(a: Agreement) -> dict[str, Any]:
    return {
        "id": a.id, "parties": list(a.parties), "commitments": [_commitment(c) for c in a.commitments],
        "note": a.note, "from_turn": a.from_turn, "until_turn": a.until_turn,
    }


def _nested(m: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    return {k: dict(v) for k, v in m.items()}


def state_to_dict(state: GameState) -> dict[str, Any]:
    """A JSON-ready, canonical picture of the state (used for hashing and inspection)."""
    return {
        "scenario_hash": state.scenario_hash,
        "seed": state.seed,
        "turn": state.turn,
        "phase": state.phase.value,
        "tracks": dict(state.tracks),
        "start_tracks": dict(state.start_tracks),
        "positions": _nested(state.positions),
        "locked": sorted(list(x) for x in state.locked),
        "card": state.card,
        "drawn": list(state.drawn),
        "proposals": [_proposal(p) for p in state.proposals],
        "agreements": [_agreement(a) for a in state.agreements],
        "done": sorted(state.done),
        "committed": _nested(state.committed),
        "history": [
            {
                "turn": r.turn, "card": r.card, "positions": _nested(r.positions), "tracks": dict(r.tracks),
                "proposals": [_proposal(p) for p in r.proposals],
                "settlements": [{"agreement": s.agreement, "kept": s.kept, "breakers": list(s.breakers)}
                                for s in r.settlements],
                "red_lines": [list(x) for x in r.red_lines],
            }
            for r in state.history
        ],
        "next_id": state.next_id,
        "steps": state.steps,
    }


def canonical_json(data: Any) -> str:
    """JSON with sorted keys, no spaces and ASCII only: the same bytes on every machine."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def state_hash(state: GameState) -> str:
    """sha256 of the state's canonical JSON."""
    return hashlib.sha256(canonical_json(state_to_dict(state)).encode("ascii")).hexdigest()
