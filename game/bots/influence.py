"""What moving one position can change at the coming resolutions, read from the rules alone.

A bot weighing moves one decision at a time (its own, or one it might ask of a partner) passes
over a move that cannot change anything its values read: the tracks it weighs, and what its
objectives and red lines name. Such a move is worth exactly what the position it starts from is
worth, so the search ends where it would have ended - only without previewing the move.

The reading is conservative. A track is counted as moved when an option at either end of the
move has an effect on it, or when an effect anywhere reads the moved position in its condition.
Looking further ahead, an effect whose condition reads a moved track moves its own track at the
next resolution. A move on a decision that an agreement on the board names may change who breaks
it, so it is never passed over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from game.bots.foresight import Utility, per_scenario
from game.engine import Game
from game.engine.rules import CompiledEffect
from game.engine.state import Agreement
from game.scenario.conditions import reads


@dataclass(frozen=True, slots=True)
class Influence:
    """A scenario's effects, read once: the tracks each option moves, and the tracks that move under
    a condition reading a given name (a position ``role.decision`` or a track key)."""

    option_tracks: Mapping[tuple[str, str, str], frozenset[str]]
    """The tracks an option's effects move (its ``once`` effects included), by (role, decision, option)."""
    readers: Mapping[str, frozenset[str]]
    """By name read: the tracks moved by an effect whose condition reads it."""
    always: frozenset[str]
    """Tracks moved by an effect whose condition says nothing of what it reads: moved by any move."""

    def moved(self, role: str, decision: str, before: str, after: str, resolutions: int) -> frozenset[str]:
        """The tracks that may end up elsewhere over ``resolutions`` resolutions when ``role`` holds
        ``after`` instead of ``before`` on ``decision``."""
        moved = set(self.always)
        moved |= self.option_tracks[role, decision, before]
        moved |= self.option_tracks[role, decision, after]
        moved |= self.readers.get(f"{role}.{decision}", frozenset())
        for _ in range(resolutions - 1):  # a later resolution's conditions read the tracks the earlier left
            moved |= {t for key in moved for t in self.readers.get(key, ())}
        return frozenset(moved)


_INFLUENCE: dict[str, Influence] = {}
_MOVED: dict[tuple[str, str, str, str, str, int], frozenset[str]] = {}


def influence(game: Game) -> Influence:
    """The scenario's :class:`Influence` (worked out once per scenario)."""
    return per_scenario(_INFLUENCE, game, lambda: _read(game))


def _read(game: Game) -> Influence:
    option_tracks: dict[tuple[str, str, str], frozenset[str]] = {}
    effects: list[CompiledEffect] = [*game.each_turn, *game.kept_effects, *game.broken_effects]
    for role in game.roles:
        for dec in game.decisions[role]:
            for option in dec.options:
                option_tracks[role, dec.id, option.id] = frozenset(e.key for e in option.effects)
                effects += option.effects
    readers: dict[str, set[str]] = {}
    always: set[str] = set()
    for effect in effects:
        if effect.when is None:
            continue
        read = reads(effect.when)
        if read is None:
            always.add(effect.key)
            continue
        for name in read:
            readers.setdefault(name, set()).add(effect.key)
    return Influence(option_tracks, {name: frozenset(keys) for name, keys in readers.items()}, frozenset(always))


def utility_reads(utility: Utility) -> frozenset[str] | None:
    """Every name ``utility`` reads: the tracks it weighs, and what its objectives and red lines read;
    None when one of them does not say what it reads."""
    names = {key for key, weight in utility.weights if weight}
    for when in (*(o.when for o in utility.objectives), *(r.when for r in utility.red_lines)):
        read = reads(when)
        if read is None:
            return None
        names |= read
    return frozenset(names)


def inert(
    game: Game, read: frozenset[str] | None, agreements: Iterable[Agreement], role: str, decision: str,
    before: str, after: str, resolutions: int,
) -> bool:
    """Whether ``role`` holding ``after`` instead of ``before`` on ``decision`` leaves everything a utility
    that reads ``read`` (see :func:`utility_reads`) reads as it was, over ``resolutions`` resolutions
    with ``agreements`` on the board."""
    if read is None or f"{role}.{decision}" in read:
        return False
    for agreement in agreements:
        for c in agreement.commitments:
            if c.role == role and c.decision == decision:
                return False
    key = (game.scenario_hash, role, decision, before, after, resolutions)
    moved = _MOVED.get(key)
    if moved is None:
        moved = _MOVED[key] = influence(game).moved(role, decision, before, after, resolutions)
    return moved.isdisjoint(read)
