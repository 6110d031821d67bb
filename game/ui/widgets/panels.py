"""Read-only panels of the game screen: this turn's event, the last resolution, the seat's brief.

Each panel renders what one seat may see (events filtered with ``event.visible(role)``).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.engine import Event, Game, GameState, Phase
from game.engine.describe import signed
from game.session import Session
from game.text import SourceCatalog
from game.ui.widgets.styled import change_block, citation_text, delta_text, event_block, heading, indented

RESOLUTION_KINDS = ("reveal", "effects", "agreement_kept", "agreement_broken", "red_line", "game_over")

PHASE_HELP = {
    Phase.EVENT: "A card is about to be drawn.",
    Phase.NEGOTIATION: "Now: negotiation. Send proposals, answer those sent to you, then finish (Talks, 3).",
    Phase.DECISION: "Now: decision. Choose your positions in secret and commit them (Decide, 4).",
    Phase.OVER: "The game is over.",
}


class TextPanel(VerticalScroll):
    """A scrolling panel of rich text."""

    _page: Hashable = None
    """What the panel shows (as its ``set_content`` named it)."""

    def compose(self) -> ComposeResult:
        yield Static(classes="panel-text")

    def set_content(self, *parts: RenderableType, page: Hashable = None) -> None:
        """Show ``parts``. A ``page`` other than the last one shown (a turn's result after the last
        turn's) opens at the top; the same page redrawn stays where it was scrolled to."""
        self.query_one(".panel-text", Static).update(Group(*parts))
        if page != self._page:
            self._page = page
            self.scroll_home(animate=False)


def turn_events(session: Session, role: str | None, turn: int, kinds: tuple[str, ...]) -> list[Event]:
    """The events of ``turn`` of the given kinds that ``role`` may see, in order."""
    return [e for e in session.events if e.turn == turn and e.kind in kinds and e.visible(role)]


def section(title: str) -> Text:
    """A bold title with a blank line above it."""
    return Text(f"\n{title}", style="bold")


class EventPanel(TextPanel):
    """The turn, its event card (text, effects, source) and what the phase asks for. Each turn's event
    opens at its top (and so does the event another seat is shown)."""

    def show(self, session: Session, role: str | None, sources: SourceCatalog) -> None:
        game, state = session.game, session.state
        rules = game.scenario.turns[state.turn - 1]
        title = heading(f"Turn {state.turn} of {game.turns}: {rules.label}")
        title.append(f"  ({rules.date})", style="dim")
        parts: list[RenderableType] = [title]
        cards = turn_events(session, role, state.turn, ("card",))
        if not cards:
            parts.append(Text("\nNo card drawn yet."))
        for event in cards:
            card_id = event.data.get("card")
            if card_id is None and event.data.get("injected"):
                parts += _custom_event(game, event, sources)
                continue
            if card_id is None:
                parts.append(Text("\nNo event card this turn."))
                continue
            card = game.cards[card_id]
            parts += [section(f"Event: {card.title}"), Text(card.text.strip())]
            if event.data.get("injected"):
                parts.append(Text("Played by the facilitator.", style="italic"))
            if event.changes:
                parts.append(section("Effect"))
                for change in event.changes:
                    same_source = change.cause.sources[:1] == card.sources[:1]
                    parts.append(change_block(game, change, sources, with_cause=False, with_source=not same_source))
            if card.sources:
                parts.append(section("Source"))
                parts += [indented(citation_text(c, sources), 2) for c in card.sources]
        footer = Text("\n")
        if not rules.negotiation and state.phase is not Phase.OVER:
            footer.append("No negotiation this turn. ", style="italic")
        footer.append(PHASE_HELP[state.phase], style="italic")
        parts.append(footer)
        self.set_content(*parts, page=(state.turn, role))


def _custom_event(game: Game, event: Event, sources: SourceCatalog) -> list[RenderableType]:
    """An event the facilitator wrote: its title, its text and what it moved."""
    body = str(event.data.get("text", ""))
    parts: list[RenderableType] = [section(f"Event from the facilitator: {event.data.get('title', '')}")]
    if body:
        parts.append(Text(body))
    if event.changes:
        parts.append(section("Effect"))
        parts += [change_block(game, change, sources, with_cause=False) for change in event.changes]
    return parts


class ResultPanel(TextPanel):
    """The last resolution: positions revealed, every change with its reason, agreements kept or broken.
    Each turn's result opens at its top (and so does the result another seat is shown)."""

    def show(self, session: Session, role: str | None, sources: SourceCatalog) -> None:
        game, state = session.game, session.state
        if not state.history:
            self.set_content(Text(
                "No turn has been resolved yet. A turn resolves once every role has committed its positions: "
                "then they are revealed, and every change is listed here with its reason and its source."))
            return
        turn = state.history[-1].turn
        parts: list[RenderableType] = [heading(f"Turn {turn} resolved: {game.scenario.turns[turn - 1].label}")]
        net = net_changes(game, state)
        if net is not None:
            parts += [section("The turn in sum (event, positions, agreements, developments)"), net]
        for event in turn_events(session, role, turn, RESOLUTION_KINDS):
            if event.kind == "reveal":
                parts += [section("Positions revealed"), reveal_table(game, event.data["positions"])]
            elif event.kind == "game_over":
                parts.append(Text(f"\n{event.text}", style="bold"))
            else:
                parts += [Text(""), event_block(game, event, sources)]
        if not state.history[-1].settlements:
            parts.append(Text("\nNo agreement was due this turn.", style="dim"))
        if not state.over:
            parts.append(Text(f"\nNext: turn {state.turn} has begun - its event is on the Event tab (2).",
                              style="italic"))
        self.set_content(*parts, page=(turn, role))


def net_changes(game: Game, state: GameState) -> RenderableType | None:
    """Each track that moved over the last resolved turn, from before its card to after its resolution."""
    before = state.history[-2].tracks if len(state.history) > 1 else {k: t.start for k, t in game.tracks.items()}
    after = state.history[-1].tracks
    table = Table.grid(padding=(0, 2))
    table.add_column()
    table.add_column(justify="right")
    for key, track in game.tracks.items():
        delta = after[key] - before[key]
        if delta:
            table.add_row(track.name, Text.assemble(f"{before[key]} -> {after[key]} ", delta_text(game, key, delta)))
    return indented(table, 2) if table.row_count else None


def reveal_table(game: Game, positions: Mapping[str, Mapping[str, str]]) -> Table:
    """Every role's positions, one decision a row."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_column(style="bold")
    for role in game.roles:
        for i, dec in enumerate(game.decisions[role]):
            table.add_row(game.role_name(role) if i == 0 else "", dec.name, dec.option(positions[role][dec.id]).name)
    return indented(table, 2)  # type: ignore[return-value]


class BriefPanel(TextPanel):
    """The seat's own brief: what everyone knows of it, and what only it knows (objectives, red lines).
    Another seat's brief (at a hot seat) opens at its top."""

    def show(self, session: Session, role: str, sources: SourceCatalog) -> None:
        game = session.game
        obs = session.view(role)
        model = game.role(role)
        parts: list[RenderableType] = [
            heading(f"{model.name}: your brief"),
            section("What everyone knows"), Text(model.public.strip()),
            section("For you alone"), Text(obs.brief.summary.strip()),
            section("You are scored on"),
        ]
        for key, weight in game.weights[role]:
            parts.append(indented(Text(f"{game.tracks[key].name}: {weight:+g} for each step above its start"), 2))
        if obs.brief.objectives:
            parts.append(section("Objectives (checked at the end)"))
            for objective in obs.brief.objectives:
                parts.append(indented(Text(f"{signed(objective.points):>3}  {objective.text}"), 2))
        if obs.brief.red_lines:
            parts.append(section("Red lines (each turn one is crossed costs points)"))
            crossed = {c.red_line for c in obs.crossings}
            for line in obs.brief.red_lines:
                text = Text(f"-{line.penalty:<2}  {line.text}")
                if line.id in crossed:
                    text.append("  CROSSED", style="bold red")
                parts.append(indented(text, 2))
        if obs.brief.sources:
            parts.append(section("Sources"))
            parts += [indented(citation_text(c, sources), 2) for c in obs.brief.sources]
        self.set_content(*parts, page=role)
