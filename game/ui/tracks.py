"""What the board says about each track, for one seat: value, history, last change and why.

Plain data computed from a :class:`~game.session.Session`; no Textual. Only events the seat may
see (``event.visible(role)``) are read, so a seat never learns of a change it could not know of.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from game.engine import Change, Game, GameState, Phase
from game.session import Session

SPARK_BARS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class Moved:
    """One change of a track as a seat saw it: the turn it happened in and the change itself."""

    turn: int
    change: Change


def series(game: Game, state: GameState, key: str) -> list[int]:
    """A track's value at the start, after each resolved turn, and now while a turn is under way."""
    points = [game.tracks[key].start, *(record.tracks[key] for record in state.history)]
    if not state.over and state.phase is not Phase.EVENT:
        points.append(state.tracks[key])
    return points


def changes_seen(session: Session, role: str | None, key: str | None = None) -> Iterator[Moved]:
    """Every change ``role`` may see (of one track when ``key`` is given), newest first."""
    for event in reversed(session.events):
        if not event.changes or not event.visible(role):
            continue
        for change in reversed(event.changes):
            if key is None or change.track == key:
                yield Moved(event.turn, change)


def last_changes(session: Session, role: str | None) -> dict[str, Moved]:
    """The most recent change of each track that ``role`` has seen (tracks never moved are absent)."""
    latest: dict[str, Moved] = {}
    for moved in changes_seen(session, role):
        latest.setdefault(moved.change.track, moved)
    return latest


def spark_text(values: list[int], low: int, high: int) -> str:
    """A one-line chart of ``values`` on the track's own scale (``low`` is the lowest bar, ``high`` the top)."""
    span = max(1, high - low)
    top = len(SPARK_BARS) - 1
    return "".join(SPARK_BARS[round((min(high, max(low, v)) - low) * top / span)] for v in values)


def meter(value: int, low: int, high: int, width: int = 10) -> str:
    """``■■■■□□□□□□``: where ``value`` stands between the bounds, in ``width`` cells."""
    span = max(1, high - low)
    filled = round((value - low) * width / span)
    return "■" * filled + "□" * (width - filled)
