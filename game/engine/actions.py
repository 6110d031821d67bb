"""Actions: everything that can happen in a game, chance included.

The action log (with the seed and the scenario hash) is the whole game: replaying it
through :func:`game.engine.apply` rebuilds every state exactly. Actions are small frozen
value types; :func:`action_to_dict` and :func:`action_from_dict` give their JSON form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Literal

CHANCE = "chance"
"""The actor of chance actions (the event-card draw)."""

FACILITATOR = "facilitator"
"""The actor of facilitator actions (control of a seminar game); sees everything."""

CommitOp = Literal["eq", "ge", "le"]
ANSWERS = ("accept", "reject")


@dataclass(frozen=True, slots=True)
class Commitment:
    """A promise that ``role`` will hold ``decision`` at ``option`` (or at least / at most it)."""

    role: str
    decision: str
    option: str
    op: CommitOp = "eq"


@dataclass(frozen=True, slots=True)
class DrawCard:
    """Chance: the event card of this turn (``None`` when the deck has nothing to draw)."""

    card: str | None

    @property
    def role(self) -> str:
        return CHANCE


@dataclass(frozen=True, slots=True)
class Propose:
    """Offer ``offers`` (the proposer's own commitments) for ``requests`` (the addressees')."""

    role: str
    to: tuple[str, ...]
    offers: tuple[Commitment, ...] = ()
    requests: tuple[Commitment, ...] = ()
    note: str = ""
    turns: int = 1


@dataclass(frozen=True, slots=True)
class Respond:
    """Accept or reject a pending proposal addressed to ``role``."""

    role: str
    proposal: int
    accept: bool


@dataclass(frozen=True, slots=True)
class Counter:
    """Reject a pending proposal and send its proposer a proposal of one's own instead."""

    role: str
    proposal: int
    offers: tuple[Commitment, ...] = ()
    requests: tuple[Commitment, ...] = ()
    note: str = ""
    turns: int = 1


@dataclass(frozen=True, slots=True)
class EndNegotiation:
    """``role`` makes no more proposals this turn (it still answers those sent to it)."""

    role: str


@dataclass(frozen=True, slots=True)
class Commit:
    """``role``'s secret positions for this turn: (decision, option) pairs, sorted by decision.

    Decisions left out keep their current position.
    """

    role: str
    positions: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, role: str, positions: Mapping[str, str]) -> Commit:
        """Build a commit from a mapping, in canonical (sorted) order."""
        return cls(role, tuple(sorted(positions.items())))


@dataclass(frozen=True, slots=True)
class TrackDelta:
    """A move of one track by a whole number, as a facilitator writes it."""

    track: str
    delta: int


class ByFacilitator:
    """Mixin: facilitator actions are taken by the facilitator seat. (Every one of
    :data:`FACILITATOR_ACTIONS` is one: a single ``isinstance`` test tells them from the roles' moves.)"""

    __slots__ = ()

    @property
    def role(self) -> str:
        return FACILITATOR


@dataclass(frozen=True, slots=True)
class Inject(ByFacilitator):
    """Play a card of the deck now (``card``), or a custom event (title, text, effects); ``reason`` is logged."""

    card: str | None = None
    title: str = ""
    text: str = ""
    effects: tuple[TrackDelta, ...] = ()
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Adjust(ByFacilitator):
    """Move one track by hand, with a reason."""

    track: str
    delta: int
    reason: str


@dataclass(frozen=True, slots=True)
class Pause(ByFacilitator):
    """Stop the game: only the facilitator may act until :class:`Resume`."""

    reason: str = ""


@dataclass(frozen=True, slots=True)
class Resume(ByFacilitator):
    """Let the game go on after a :class:`Pause`."""


@dataclass(frozen=True, slots=True)
class Countdown(ByFacilitator):
    """Announce a time limit for this negotiation phase (seconds; 0 clears it).

    The engine keeps no clock: when the time runs out, the facilitator's screen sends
    :class:`CloseNegotiation`, so the record shows exactly when the phase closed.
    """

    seconds: int


@dataclass(frozen=True, slots=True)
class CloseNegotiation(ByFacilitator):
    """End the negotiation phase now: unanswered proposals expire."""

    reason: str = ""


@dataclass(frozen=True, slots=True)
class Reveal(ByFacilitator):
    """Make a role's secret positions for this turn public before resolution."""

    target: str


@dataclass(frozen=True, slots=True)
class Note(ByFacilitator):
    """A facilitator's note on the current turn (seen by the facilitator and in reports)."""

    text: str


FacilitatorAction = Inject | Adjust | Pause | Resume | Countdown | CloseNegotiation | Reveal | Note
FACILITATOR_ACTIONS = (Inject, Adjust, Pause, Resume, Countdown, CloseNegotiation, Reveal, Note)

Action = DrawCard | Propose | Respond | Counter | EndNegotiation | Commit | FacilitatorAction

_KINDS: dict[str, type[Action]] = {
    "draw": DrawCard,
    "propose": Propose,
    "respond": Respond,
    "counter": Counter,
    "end_negotiation": EndNegotiation,
    "commit": Commit,
    "inject": Inject,
    "adjust": Adjust,
    "pause": Pause,
    "resume": Resume,
    "countdown": Countdown,
    "close_negotiation": CloseNegotiation,
    "reveal": Reveal,
    "note": Note,
}
_KIND_OF = {cls: kind for kind, cls in _KINDS.items()}


class ActionFormatError(ValueError):
    """A dictionary that is not a well-formed action."""


def action_kind(action: Action) -> str:
    """The short kind name used in the JSON form (``propose``, ``commit`` ...)."""
    return _KIND_OF[type(action)]


def _commitment_to_dict(c: Commitment) -> dict[str, str]:
    return {"role": c.role, "decision": c.decision, "option": c.option, "op": c.op}


def action_to_dict(action: Action) -> dict[str, Any]:
    """The canonical JSON-ready form of an action."""
    kind = action_kind(action)
    if isinstance(action, DrawCard):
        return {"kind": kind, "card": action.card}
    if isinstance(action, (Propose, Counter)):
        data: dict[str, Any] = {"kind": kind, "role": action.role}
        if isinstance(action, Propose):
            data["to"] = list(action.to)
        else:
            data["proposal"] = action.proposal
        data["offers"] = [_commitment_to_dict(c) for c in action.offers]
        data["requests"] = [_commitment_to_dict(c) for c in action.requests]
        data["note"] = action.note
        data["turns"] = action.turns
        return data
    if isinstance(action, Respond):
        return {"kind": kind, "role": action.role, "proposal": action.proposal, "accept": action.accept}
    if isinstance(action, EndNegotiation):
        return {"kind": kind, "role": action.role}
    if isinstance(action, Commit):
        return {"kind": kind, "role": action.role, "positions": {d: o for d, o in action.positions}}
    data = {"kind": kind}
    for name in action.__dataclass_fields__:
        value = getattr(action, name)
        data[name] = [{"track": e.track, "delta": e.delta} for e in value] if name == "effects" else value
    return data


def _expect(data: Mapping[str, Any], key: str, typ: type | tuple[type, ...], where: str) -> Any:
    if key not in data:
        raise ActionFormatError(f"{where}: missing {key!r}")
    value = data[key]
    if not isinstance(value, typ) or (typ is int and isinstance(value, bool)):
        raise ActionFormatError(f"{where}: {key!r} has the wrong type")
    return value


def _commitments(raw: Any, where: str) -> tuple[Commitment, ...]:
    if not isinstance(raw, list):
        raise ActionFormatError(f"{where}: commitments must be a list")
    out = []
    for item in raw:
        if not isinstance(item, dict) or set(item) - {"role", "decision", "option", "op"}:
            raise ActionFormatError(f"{where}: malformed commitment")
        op = item.get("op", "eq")
        if op not in ("eq", "ge", "le"):
            raise ActionFormatError(f"{where}: commitment op must be eq, ge or le")
        out.append(
            Commitment(
                _expect(item, "role", str, where), _expect(item, "decision", str, where),
                _expect(item, "option", str, where), op,
            )
        )
    return tuple(out)


def action_from_dict(data: Any) -> Action:
    """Parse the JSON form of an action strictly; raises :class:`ActionFormatError`."""
    if not isinstance(data, dict):
        raise ActionFormatError("an action must be an object")
    kind = data.get("kind")
    if kind not in _KINDS:
        raise ActionFormatError(f"unknown action kind {kind!r}")
    where = f"{kind} action"
    allowed = {
        "draw": {"kind", "card"},
        "propose": {"kind", "role", "to", "offers", "requests", "note", "turns"},
        "counter": {"kind", "role", "proposal", "offers", "requests", "note", "turns"},
        "respond": {"kind", "role", "proposal", "accept"},
        "end_negotiation": {"kind", "role"},
        "commit": {"kind", "role", "positions"},
    }.get(kind) or {"kind", *(f.name for f in fields(_KINDS[kind]))}
    extra = set(data) - allowed
    if extra:
        raise ActionFormatError(f"{where}: unexpected field {sorted(extra)[0]!r}")
    if kind == "draw":
        card = data.get("card")
        if card is not None and not isinstance(card, str):
            raise ActionFormatError(f"{where}: 'card' must be a string or null")
        return DrawCard(card)
    if _KINDS[kind] in FACILITATOR_ACTIONS:
        return _facilitator_from_dict(kind, data, where)
    role = _expect(data, "role", str, where)
    if kind == "end_negotiation":
        return EndNegotiation(role)
    if kind == "respond":
        return Respond(role, _expect(data, "proposal", int, where), _expect(data, "accept", bool, where))
    if kind == "commit":
        positions = _expect(data, "positions", dict, where)
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in positions.items()):
            raise ActionFormatError(f"{where}: positions must map decisions to options")
        return Commit.of(role, positions)
    offers = _commitments(data.get("offers", []), where)
    requests = _commitments(data.get("requests", []), where)
    note = data.get("note", "")
    turns = data.get("turns", 1)
    if not isinstance(note, str) or not isinstance(turns, int) or isinstance(turns, bool):
        raise ActionFormatError(f"{where}: 'note' must be text and 'turns' a whole number")
    if kind == "propose":
        to = _expect(data, "to", list, where)
        if not all(isinstance(r, str) for r in to):
            raise ActionFormatError(f"{where}: 'to' must list roles")
        return Propose(role, tuple(to), offers, requests, note, turns)
    return Counter(role, _expect(data, "proposal", int, where), offers, requests, note, turns)


_FIELD_TYPES: dict[str, type] = {
    "card": str, "title": str, "text": str, "reason": str, "track": str, "delta": int, "seconds": int, "target": str,
}


def _facilitator_from_dict(kind: str, data: Mapping[str, Any], where: str) -> Action:
    cls = _KINDS[kind]
    values: dict[str, Any] = {}
    for name in (f.name for f in fields(cls)):
        if name not in data:
            continue
        value = data[name]
        if name == "effects":
            if not isinstance(value, list) or not all(
                isinstance(e, dict) and set(e) == {"track", "delta"} and isinstance(e["track"], str)
                and isinstance(e["delta"], int) and not isinstance(e["delta"], bool) for e in value
            ):
                raise ActionFormatError(f"{where}: 'effects' must be a list of {{track, delta}}")
            values[name] = tuple(TrackDelta(e["track"], e["delta"]) for e in value)
            continue
        expected = _FIELD_TYPES[name]
        if name == "card" and value is None:
            values[name] = None
            continue
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ActionFormatError(f"{where}: {name!r} has the wrong type")
        values[name] = value
    try:
        return cls(**values)
    except TypeError:
        raise ActionFormatError(f"{where}: missing a required field") from None
