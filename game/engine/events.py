"""What the engine reports after each action: events, each change with its cause and source.

These are immutable named tuples: cheap to build, and every action builds some.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

from game.engine.actions import FACILITATOR
from game.scenario.models import Citation

CauseKind = Literal["option", "event", "agreement_kept", "agreement_broken", "each_turn", "facilitator"]



class Cause(NamedTuple):
    """Why a track moved: an option held by a role, an event card, an agreement, the scenario's drift."""

    kind: CauseKind
    id: str
    label: str
    role: str | None = None
    note: str | None = None
    sources: tuple[Citation, ...] = ()


class Change(NamedTuple):
    """One track movement. ``requested`` is the effect's delta before clamping to the bounds."""

    track: str
    before: int
    after: int
    requested: int
    cause: Cause

    @property
    def delta(self) -> int:
        return self.after - self.before


EventKind = Literal[
    "card", "proposal", "answer", "agreement", "negotiation_done", "negotiation_closed", "committed",
    "reveal", "effects", "agreement_kept", "agreement_broken", "red_line", "turn_resolved", "game_over",
    "facilitator", "note",
]


class Event(NamedTuple):
    """Something that happened. ``visible_to`` is None for public events, else the roles that may see it."""

    kind: EventKind
    turn: int
    text: str
    visible_to: frozenset[str] | None = None
    changes: tuple[Change, ...] = ()
    data: Mapping[str, Any] = MappingProxyType({})

    def visible(self, role: str | None) -> bool:
        """Whether ``role`` may see this event (``None`` means an all-seeing viewer)."""
        return self.visible_to is None or role is None or role == FACILITATOR or role in self.visible_to
