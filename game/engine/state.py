"""The game state: an immutable value, replaced (never mutated) by every action.

Containers inside a state are shared between successive states, so they must never be
changed in place; the engine always builds new ones. :func:`state_to_dict` gives the
canonical JSON form that :func:`state_hash` digests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from enum import StrEnum
from typing import Any, NamedTuple

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
    turn: int
    proposer: str
    to: tuple[str, ...]
    offers: tuple[Commitment, ...]
    requests: tuple[Commitment, ...]
    note: str
    turns: int
    answers: tuple[tuple[str, str], ...] = ()
    status: str = "pending"  # pending | accepted | rejected | expired
    counter_of: int | None = None

    @property
    def parties(self) -> tuple[str, ...]:
        return (self.proposer, *self.to)

    def involves(self, role: str) -> bool:
        """Whether ``role`` made or received this proposal."""
        return role == self.proposer or role in self.to

    def awaiting(self) -> tuple[str, ...]:
        """Addressees that have not answered yet (none once it is settled)."""
        if self.status != "pending":
            return ()
        if not self.answers:
            return self.to
        answered = {role for role, _ in self.answers}
        return tuple(r for r in self.to if r not in answered)

    def answered(self, role: str, answer: str, status: str) -> Proposal:
        """This proposal with ``role``'s answer added and its status now ``status``."""
        return Proposal(self.id, self.turn, self.proposer, self.to, self.offers, self.requests, self.note, self.turns,
                        (*self.answers, (role, answer)), status, self.counter_of)


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
    """The public record of a resolved turn: the card, the revealed positions, the tracks after it,
    and which agreements were kept or broken (by id; their terms stay with the parties)."""

    turn: int
    card: str | None
    positions: Mapping[str, Mapping[str, str]]
    tracks: Mapping[str, int]
    settlements: tuple[Settlement, ...]


@dataclass(frozen=True, slots=True)
class Crossing:
    """A red line crossed by a role at a resolution (known to that role alone)."""

    turn: int
    role: str
    red_line: str


class GameState(NamedTuple):
    """Everything the rules need to continue the game: an immutable value; :meth:`evolve` makes a changed copy.

    A named tuple rather than a dataclass because every action builds a new one, and this is
    the cheapest immutable record Python has.
    """

    scenario_hash: str
    seed: int
    turn: int
    phase: Phase
    tracks: Mapping[str, int]
    positions: Mapping[str, Mapping[str, str]]
    locked: frozenset[tuple[str, str]] = frozenset()
    card: str | None = None
    drawn: tuple[str, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    done: frozenset[str] = frozenset()
    committed: Mapping[str, Mapping[str, str]] = MappingProxyType({})
    history: tuple[TurnRecord, ...] = ()
    talks: tuple[Proposal, ...] = ()
    crossings: tuple[Crossing, ...] = ()
    next_id: int = 1
    steps: int = 0
    chain: str | TurnHash = ""
    """The hash of the last resolved turn ("" before the first): see :class:`TurnHash`."""
    paused: bool = False
    countdown: int = 0
    revealed: frozenset[str] = frozenset()
    notes: tuple[tuple[int, str], ...] = ()

    @property
    def over(self) -> bool:
        return self.phase is Phase.OVER

    def evolve(self, **changes: Any) -> GameState:
        """A copy with some fields changed (what ``_replace`` does, faster: every action makes one or two,
        and most change a field or three of the 23)."""
        values = list(self)
        try:
            for name, value in changes.items():
                values[_INDEX[name]] = value
        except KeyError:
            raise ValueError(f"GameState has no field {name!r}") from None
        return _new_tuple(GameState, values)


_INDEX = {name: i for i, name in enumerate(GameState._fields)}
_new_tuple = tuple.__new__


def _commitment(c: Commitment) -> dict[str, str]:
    return {"role": c.role, "decision": c.decision, "option": c.option, "op": c.op}


def _proposal(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.id, "turn": p.turn, "proposer": p.proposer, "to": list(p.to),
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


def record_to_dict(record: TurnRecord) -> dict[str, Any]:
    """The JSON form of a turn's public record."""
    return {
        "turn": record.turn, "card": record.card, "positions": _nested(record.positions),
        "tracks": dict(record.tracks),
        "settlements": [{"agreement": s.agreement, "kept": s.kept, "breakers": list(s.breakers)}
                        for s in record.settlements],
    }


def state_to_dict(state: GameState) -> dict[str, Any]:
    """A JSON-ready, canonical picture of the state (used for hashing and inspection)."""
    data = _unchained_dict(state)
    data["history"] = [record_to_dict(r) for r in state.history]
    data["talks"] = [_proposal(p) for p in state.talks]
    data["crossings"] = [[c.turn, c.role, c.red_line] for c in state.crossings]
    return data


def _unchained_dict(state: GameState) -> dict[str, Any]:
    """:func:`state_to_dict` without the parts that grow with the game (history, talks, crossings):
    a hash covers those through ``chain`` instead."""
    return {
        "scenario_hash": state.scenario_hash,
        "seed": state.seed,
        "turn": state.turn,
        "phase": state.phase.value,
        "tracks": dict(state.tracks),
        "positions": _nested(state.positions),
        "locked": sorted(list(x) for x in state.locked),
        "card": state.card,
        "drawn": list(state.drawn),
        "proposals": [_proposal(p) for p in state.proposals],
        "agreements": [_agreement(a) for a in state.agreements],
        "done": sorted(state.done),
        "committed": _nested(state.committed),
        "next_id": state.next_id,
        "steps": state.steps,
        "chain": str(state.chain),
        "paused": state.paused,
        "countdown": state.countdown,
        "revealed": sorted(state.revealed),
        "notes": [list(n) for n in state.notes],
    }


def turn_hash(state: GameState, talks: tuple[Proposal, ...], crossings: tuple[Crossing, ...]) -> str:
    """The hash of a state just after a resolution: it extends the previous turn's hash (``state.chain``)
    with this turn's public record, talks and red-line crossings, and the rest of the state.

    Each resolved turn's hash therefore covers the whole game so far, while costing only one
    turn's worth of JSON.
    """
    data = _unchained_dict(state)
    data["record"] = record_to_dict(state.history[-1])
    data["talks"] = [_proposal(p) for p in talks]
    data["crossings"] = [[c.turn, c.role, c.red_line] for c in crossings]
    return hashlib.sha256(canonical_json(data).encode("ascii")).hexdigest()


class TurnHash:
    """The hash of a resolved turn (:func:`turn_hash`), worked out the first time it is read.

    Each resolution heads the state's ``chain`` with one. Headless play that never reads a turn's
    hash (a tournament's games, say) so skips a turn's JSON and sha256, while whoever reads it,
    through ``str()``, gets the very text an eager hash would have been. It compares and hashes as
    that text, so states compare as before, and it pickles as the text.
    """

    __slots__ = ("_text", "_parts")

    def __init__(self, state: GameState, talks: tuple[Proposal, ...], crossings: tuple[Crossing, ...]) -> None:
        self._text: str | None = None
        self._parts: tuple[GameState, tuple[Proposal, ...], tuple[Crossing, ...]] | None = (state, talks, crossings)

    def __str__(self) -> str:
        if self._text is None:
            assert self._parts is not None
            self._text = turn_hash(*self._parts)
            self._parts = None  # the states it was worked out from may go now
        return self._text

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (str, TurnHash)):
            return str(self) == str(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(str(self))

    def __repr__(self) -> str:
        return f"TurnHash({str(self)!r})"

    def __reduce__(self) -> tuple[type[str], tuple[str]]:
        return str, (str(self),)


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def canonical_json(data: Any) -> str:
    """JSON with sorted keys, no spaces and ASCII only: the same bytes on every machine."""
    return _CANONICAL.encode(data)


def state_hash(state: GameState) -> str:
    """sha256 of the state's canonical JSON.

    The past turns enter through ``chain``, the hash of the last resolved turn (see
    :func:`turn_hash`), so the cost of a hash does not grow with the game.
    """
    return hashlib.sha256(canonical_json(_unchained_dict(state)).encode("ascii")).hexdigest()
