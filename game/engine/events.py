"""What the engine reports after each action: events, each change with its cause and source."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from game.scenario.models import Citation

CauseKind = Literal["option", "event", "agreement_kept", "agreement_broken", "each_turn"]



@dataclass(frozen=True, slots=True)
class Cause:
    """Why a track moved: an option held by a role, an event card, an agreement, the scenario's drift."""

    kind: CauseKind
    id: str
    label: str
    role: str | None = None
    note: str | None = None
    sources: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Change:
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
]


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened. ``visible_to`` is None for public events, else the roles that may see it."""

    kind: EventKind
    turn: int
    text: str
    visible_to: frozenset[str] | None = None
    changes: tuple[Change, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)

    def visible(self, role: str | None) -> bool:
        """Whether ``role`` may see this event (``None`` means an all-seeing viewer)."""
        return self.visible_to is None or role is None or role in self.visible_to
