"""Applying effects to tracks, clamped to their bounds, with a recorded cause for each change.

Every track move of the engine goes through :func:`run_steps`: card draws, the options held at a resolution, agreements settled, the scenario's
drift, and the previews bots weigh their options with. An effect becomes a :data:`Step` first
(:func:`steps_of`); where many resolutions start from one board, the parts of its condition that
read only the board are decided once, before any track moves (:func:`decided`).
"""

from __future__ import annotations

from collections.abc import Iterable

from game.engine.context import Context
from game.engine.events import Cause, Change
from game.engine.rules import CompiledEffect, Game
from game.scenario.conditions import Predicate, specialise

Origin = CompiledEffect | str | None
"""What a step's change is recorded against: the effect it comes from, or (a trust move of a
broken agreement) the role that broke it, or nothing more than the cause it is run with."""

Step = tuple[str, int, Predicate | None, int, int, int, Origin]
"""One track move ready to run: the track's key, the delta, the condition it still waits on (None:
it applies), the track's bounds, the cap of a limit (the bound itself when there is none), and its
:data:`Origin`."""

Journal = list[tuple[Step, int, int]]
"""The steps a run applied, each with the track's value before and after."""

def step_of(game: Game, key: str, delta: int, when: Predicate | None = None, limit: int | None = None,
            origin: Origin = None) -> Step:
    """The step that moves track ``key`` by ``delta`` (stopping at ``limit``, if any) while ``when`` holds."""
    track = game.tracks[key]
    if delta < 0:
        cap = track.min if limit is None else max(track.min, limit)
    else:
        cap = track.max if limit is None else min(track.max, limit)
    return key, delta, when, track.min, track.max, cap, origin


def steps_of(game: Game, effects: Iterable[CompiledEffect], adopted: bool = True) -> tuple[Step, ...]:
    """The steps of ``effects``, each waiting on its effect's condition; ``once`` effects only when
    ``adopted`` (the role takes up the option for the first time)."""
    return tuple(step_of(game, e.key, e.delta, e.when, e.limit, e) for e in effects if adopted or not e.once)


def decided(steps: tuple[Step, ...], ctx: Context, varying: frozenset[str]) -> tuple[Step, ...]:
    """``steps`` with every condition decided against ``ctx`` except the parts that read ``varying`` parts
    of the context: a step whose condition fails is dropped, one whose condition holds applies
    unconditionally. Run in any context that agrees with ``ctx`` outside ``varying``, they move the
    tracks as ``steps`` would. (Conditions read the board a resolution started from, never the
    tracks being moved, so deciding them before the moves changes nothing.)"""
    out = []
    for step in steps:
        when = step[2]
        if when is not None:
            fixed = specialise(when, ctx, varying)
            if fixed is False:
                continue
            if fixed is not when:
                step = (step[0], step[1], None if fixed is True else fixed, *step[3:])
        out.append(step)
    return tuple(out)


def run_steps(
    tracks: dict[str, int], steps: Iterable[Step], ctx: Context | None, journal: Journal | None = None,
) -> None:
    """Move ``tracks`` (a private, mutable copy) by each step in turn whose condition holds in ``ctx``;
    with a ``journal``, note each step applied.

    Each move stays within the track's bounds and, for an effect with a limit, short of the limit
    (the step's cap): a rise stops at it and a fall stops at it, and a track already past it stays put.
    """
    for step in steps:
        key, delta, when, low, high, cap, _ = step
        if when is not None and not when(ctx):  # type: ignore[arg-type]  # (no context: no step waits on a condition)
            continue
        before = tracks[key]
        value = before + delta
        # The arithmetic is written out here, not called, because previews run it for every option
        # of every decision they weigh.
        if delta < 0:
            floor = cap if cap <= before else (before if before > low else low)  # min(cap, max(before, low))
            if value < floor:
                value = floor
            if value > high:
                value = high
        else:
            ceiling = cap if cap >= before else (before if before < high else high)  # max(cap, min(before, high))
            if value < low:
                value = low
            if value > ceiling:
                value = ceiling
        tracks[key] = value
        if journal is not None:
            journal.append((step, before, value))


def changes_of(journal: Journal, cause: Cause) -> tuple[Change, ...]:
    """The changes a run noted in ``journal`` made, each recorded against ``cause`` - with an effect's
    own note and sources, or a breaker's role, where the step has them."""
    changes = []
    for (key, delta, _, _, _, _, origin), before, after in journal:
        this_cause = cause
        if isinstance(origin, str):
            this_cause = cause._replace(role=origin)
        elif origin is not None and (origin.note is not None or origin.sources):
            this_cause = cause._replace(note=origin.note or cause.note, sources=origin.sources or cause.sources)
        changes.append(Change(key, before, after, delta, this_cause))
    return tuple(changes)


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
    Returns the changes made, each clamped to its track's bounds, recorded against ``cause``
    (none are recorded without one).
    """
    if cause is None:
        run_steps(tracks, steps_of(game, effects, adopted), ctx)
        return ()
    journal: Journal = []
    run_steps(tracks, steps_of(game, effects, adopted), ctx, journal)
    return changes_of(journal, cause)


def move(game: Game, tracks: dict[str, int], key: str, delta: int, cause: Cause, limit: int | None = None) -> Change:
    """Move one track of ``tracks`` (a private, mutable copy) by ``delta``, clamped, and record the change.

    With a ``limit``, a rise stops at it and a fall stops at it (a track already past it stays put).
    """
    before = tracks[key]
    run_steps(tracks, (step_of(game, key, delta, limit=limit),), None)
    return Change(key, before, tracks[key], delta, cause)
