"""Applying effects to tracks, clamped to their bounds, with a recorded cause for each change."""

from __future__ import annotations

from collections.abc import Iterable

from game.engine.context import Context
from game.engine.events import Cause, Change
from game.engine.rules import CompiledEffect, Game


def apply_effects(
    game: Game,
    tracks: dict[str, int],
    effects: Iterable[CompiledEffect],
    ctx: Context,
    cause: Cause,
    adopted: bool = True,
) -> tuple[Change, ...]:
    """Apply the effects whose condition holds in ``ctx`` to ``tracks`` (a private, mutable copy).

    ``once`` effects apply only when ``adopted`` (the option is newly held this turn).
    Returns the changes made, each clamped to its track's bounds.
    """
    changes = []
    for effect in effects:
        if effect.once and not adopted:
            continue
        if effect.when is not None and not effect.when(ctx):
            continue
        this_cause = cause if effect.note is None else _with_note(cause, effect.note)
        changes.append(move(game, tracks, effect.key, effect.delta, this_cause))
    return tuple(changes)


def move(game: Game, tracks: dict[str, int], key: str, delta: int, cause: Cause) -> Change:
    """Move one track of ``tracks`` (a private, mutable copy) by ``delta``, clamped to its bounds."""
    track = game.tracks[key]
    before = tracks[key]
    after = min(track.max, max(track.min, before + delta))
    tracks[key] = after
    return Change(key, before, after, delta, cause)


def _with_note(cause: Cause, note: str) -> Cause:
    return cause._replace(note=note)
