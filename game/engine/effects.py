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

    ``once`` effects apply only when ``adopted`` (the role takes up the option for the first time).
    Returns the changes made, each clamped to its track's bounds.
    """
    changes = []
    for effect in effects:
        if effect.once and not adopted:
            continue
        if effect.when is not None and not effect.when(ctx):
            continue
        this_cause = cause
        if effect.note is not None or effect.sources:
            this_cause = cause._replace(note=effect.note or cause.note, sources=effect.sources or cause.sources)
        changes.append(move(game, tracks, effect.key, effect.delta, this_cause, effect.limit))
    return tuple(changes)


def move(game: Game, tracks: dict[str, int], key: str, delta: int, cause: Cause, limit: int | None = None) -> Change:
    """Move one track of ``tracks`` (a private, mutable copy) by ``delta``, clamped to its bounds.

    With a ``limit``, a rise stops at it and a fall stops at it (a track already past it stays put).
    """
    track = game.tracks[key]
    before = tracks[key]
    low, high = track.min, track.max
    if limit is not None:
        if delta > 0:
            high = max(min(high, limit), min(before, high))
        elif delta < 0:
            low = min(max(low, limit), max(before, low))
    after = min(high, max(low, before + delta))
    tracks[key] = after
    return Change(key, before, after, delta, cause)

