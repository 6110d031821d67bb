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
    cause: Cause | None,
    adopted: bool = True,
) -> tuple[Change, ...]:
    """Apply the effects whose condition holds in ``ctx`` to ``tracks`` (a private, mutable copy).

    ``once`` effects apply only when ``adopted`` (the role takes up the option for the first time).
    Returns the changes made, each clamped to its track's bounds. With ``cause`` None (a preview
    for weighing options) the tracks move the same way but no changes are recorded.
    """
    if cause is None:
        shift_effects(game, tracks, effects, ctx, adopted)
        return ()
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


def shift_effects(
    game: Game, tracks: dict[str, int], effects: Iterable[CompiledEffect], ctx: Context, adopted: bool = True,
) -> None:
    """Move ``tracks`` (a private, mutable copy) as :func:`apply_effects` would, recording nothing (a preview)."""
    for effect in effects:
        if (adopted or not effect.once) and (effect.when is None or effect.when(ctx)):
            shift(game, tracks, effect.key, effect.delta, effect.limit)


def shift(game: Game, tracks: dict[str, int], key: str, delta: int, limit: int | None = None) -> int:
    """Move one track of ``tracks`` (a private, mutable copy) by ``delta``, clamped; returns where it was.

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
    tracks[key] = min(high, max(low, before + delta))
    return before


def move(game: Game, tracks: dict[str, int], key: str, delta: int, cause: Cause, limit: int | None = None) -> Change:
    """:func:`shift` one track and record the change with its cause."""
    before = shift(game, tracks, key, delta, limit)
    return Change(key, before, tracks[key], delta, cause)
