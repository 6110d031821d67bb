"""Rich text for the game screens: the words come from :mod:`game.text`, the colours are added here.

Colour only repeats what the words say: every change keeps its sign and arrow.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
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
    """One change as :func:`game.text.change_line` words it, its sign and arrow coloured."""
    text = Text(change_line(game, change, sources, with_source=False, with_cause=with_cause))
    text.highlight_regex(r"\([+-]\d+ [▲▼][^)]*\)", delta_style(game, change.track, change.delta))
    return text


def citation_text(citation: Citation, sources: SourceCatalog | None) -> Text:
    """A source quote, by the source's title and date."""
    return Text(cite(citation, sources), style="italic dim")


def indented(renderable: RenderableType, left: int) -> Padding:
    """``renderable`` with every line, wrapped ones too, ``left`` cells in."""
    return Padding(renderable, (0, 0, 0, left))


def change_block(
    game: Game, change: Change, sources: SourceCatalog | None, *, with_cause: bool = True, with_source: bool = True,
    left: int = 2, prefix: Text | None = None,
) -> RenderableType:
    """A change on its line (after ``prefix``), and under it the quote it is drawn from."""
    line = Text.assemble(prefix or "", change_text(game, change, sources, with_cause))
    if not (with_source and change.cause.sources):
        return indented(line, left)
    return Group(indented(line, left), indented(citation_text(change.cause.sources[0], sources), left + 4))


def event_block(game: Game, event: Event, sources: SourceCatalog | None) -> RenderableType:
    """An event: its headline, then each of its changes with its cause and source."""
    parts: list[RenderableType] = [Text(event.text, style="bold" if event.changes else "")]
    for change in event.changes:
        parts.append(change_block(game, change, sources, with_cause=change.cause.label not in event.text))
    return Group(*parts)


def heading(title: str) -> Text:
    """A section heading inside a panel."""
    return Text(title, style="bold underline")
