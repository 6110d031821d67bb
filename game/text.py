"""Plain-text rendering shared by the command line, reports and the terminal UI.

Colour is never the only carrier of meaning: a change always shows its sign and an arrow.
Citations show the source's title and date, never a file name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from game.engine import Change, Event, Game, GameState, outcome, scores
from game.engine.describe import signed
from game.engine.rules import Track
from game.scenario.models import Citation


class SourceInfo(Protocol):
    """How a source text is named on screen (an entry of scenarios/sources.yaml)."""

    id: str
    title: str
    author: str
    date: str


SourceCatalog = Mapping[str, SourceInfo]


def arrow(delta: int) -> str:
    """``▲`` up, ``▼`` down, ``=`` unchanged."""
    return "▲" if delta > 0 else "▼" if delta < 0 else "="


def cite(citation: Citation, sources: SourceCatalog | None = None) -> str:
    """``NATO's vision for missile defense cooperation with Russia (3 May 2012): "quote"``."""
    info = sources.get(citation.text) if sources else None
    where = f"{info.title} ({info.date})" if info else citation.text
    return f'{where}: "{citation.quote}"'


def _held(track: Track, change: Change) -> str:
    """Why a change moved less than its effect asked: the end of the track's scale, or the effect's own limit."""
    if change.requested > 0 and change.after == track.max:
        return f"held at the top of the scale ({track.max})"
    if change.requested < 0 and change.after == track.min:
        return f"held at the bottom of the scale ({track.min})"
    if change.delta:
        return f"stopped at the effect's limit ({change.after})"
    return "already at or past the effect's limit"


def change_line(
    game: Game, change: Change, sources: SourceCatalog | None = None, with_source: bool = True, with_cause: bool = True
) -> str:
    """``Mutual confidence 4 -> 5 (+1 ▲) - cause [source]``; the cause is left out when the heading says it."""
    track = game.tracks[change.track]
    clamp = "" if change.delta == change.requested else f", {signed(change.requested)} asked, {_held(track, change)}"
    line = f"{track.name} {change.before} -> {change.after} ({signed(change.delta)} {arrow(change.delta)}{clamp})"
    if change.cause.note:
        line += f" - {change.cause.note}"
    elif with_cause:
        line += f" - {change.cause.label}"
    if with_source and change.cause.sources:
        line += f"  [{cite(change.cause.sources[0], sources)}]"
    return line


def event_lines(game: Game, event: Event, sources: SourceCatalog | None = None) -> list[str]:
    """An event as lines of text: its headline, then one line per change."""
    lines = event.text.splitlines() or [""]
    for change in event.changes:
        said = change.cause.label in event.text
        lines.append("    " + change_line(game, change, sources, with_cause=not said))
    return lines


def score_table(game: Game, state: GameState) -> list[str]:
    """Each role's score with its terms, and the outcome band once the game is over."""
    lines = []
    for s in scores(game, state):
        terms = "; ".join(f"{signed(line.points)} {line.label}" for line in s.lines if line.points)
        lines.append(f"  {game.role_name(s.role):<14} {s.total:>7g}   {terms}")
    if state.over:
        band = outcome(game, state)
        lines.append(f"  Outcome: {band.title} - {band.description}")
    return lines


def tracks_table(game: Game, state: GameState) -> list[str]:
    """Every track with its value and bounds, and its change since the start."""
    lines = []
    width = max(len(t.name) for t in game.tracks.values())
    for key, track in game.tracks.items():
        value = state.tracks[key]
        gained = value - track.start
        bar = "#" * (value - track.min) + "." * (track.max - value)
        lines.append(f"  {track.name:<{width}} {value:>3} [{bar}] {signed(gained):>3} {arrow(gained)} since start")
    return lines
