"""The evaluation context that compiled conditions read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from game.engine.state import GameState


@dataclass(slots=True)
class Context:
    """A snapshot of what conditions may look at: tracks, positions, turn, cards, agreements.

    Never changed once built (build another, or use :func:`dataclasses.replace`). It is not a frozen
    dataclass only because those are several times slower to build, and bots weighing their options
    build hundreds of thousands.
    """

    tracks: Mapping[str, int]
    positions: Mapping[str, Mapping[str, str]]
    turn: int
    drawn: frozenset[str]
    agreed: frozenset[frozenset[str]]
    broke: frozenset[str]


def context_of(
    state: GameState,
    positions: Mapping[str, Mapping[str, str]] | None = None,
    broke: frozenset[str] = frozenset(),
    tracks: Mapping[str, int] | None = None,
) -> Context:
    """The context of ``state``, optionally with other positions, breakers or tracks."""
    return Context(
        tracks=state.tracks if tracks is None else tracks,
        positions=state.positions if positions is None else positions,
        turn=state.turn,
        drawn=frozenset(state.drawn),
        agreed=frozenset(frozenset(a.parties) for a in state.agreements),
        broke=broke,
    )
