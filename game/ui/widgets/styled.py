"""Rich text for the game screens: the words come from :mod:`game.text`, the colours are added here.

Colour only repeats what the words say: every change keeps its sign and arrow.
"""

from __future__ import annotations

from rich.text import Text

from game.engine import Change, Event, Game
from game.engine.describe import signed
from game.scenario.models import Citation
from game.text import SourceCatalog, arrow, change_line, cite

GOOD = "bold green"
BAD = "bold red"


def delta_style(game: Game, track: str, delta: int) -> str:
    """Green for a move the track's owner would call better, red for worse (the arrow says which way)."""
    if not delta:
        return ""
    better = delta > 0 if game.tracks[track].higher_is_better else delta < 0
    return GOOD if better else BAD


def delta_text(game: Game, track: str, delta: int) -> Text:
    """``+1 ▲`` in the colour of the move."""
    return Text(f"{signed(delta)} {arrow(delta)}", style=delta_style(game, track, delta))


def change_text(game: Game, change: Change, sources: SourceCatalog | None, with_cause: bool = True) -> Text:
    """One change as :func:`game.text.change_line` words it, its sign and arrow coloured, the source dimmed."""
    line = change_line(game, change, sources, with_source=False, with_cause=with_cause)
    text = Text(line)
    text.highlight_regex(r"\([+-]\d+ [▲▼][^)]*\)", delta_style(game, change.track, change.delta))
    if change.cause.sources:
        text.append("\n      ")
        text.append(cite(change.cause.sources[0], sources), style="italic dim")
    return text


def citation_text(citation: Citation, sources: SourceCatalog | None) -> Text:
    """A source quote, by the source's title and date."""
    return Text(cite(citation, sources), style="italic dim")


def event_text(game: Game, event: Event, sources: SourceCatalog | None) -> Text:
    """An event: its headline, then each of its changes with cause and source."""
    text = Text(event.text, style="bold" if event.changes else "")
    for change in event.changes:
        said = change.cause.label in event.text
        text.append("\n  ")
        text.append_text(change_text(game, change, sources, with_cause=not said))
    return text


def heading(title: str) -> Text:
    """A section heading inside a panel."""
    return Text(title, style="bold underline")
