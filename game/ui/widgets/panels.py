"""Read-only panels of the game screen: this turn's event, the last resolution, the seat's brief.

Each panel renders what one seat may see (events filtered with ``event.visible(role)``).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from game.engine import Event, Phase
from game.engine.describe import signed
from game.session import Session
from game.text import SourceCatalog
from game.ui.widgets.styled import change_text, citation_text, event_text, heading

RESOLUTION_KINDS = ("reveal", "effects", "agreement_kept", "agreement_broken", "red_line", "game_over")

PHASE_HELP = {
    Phase.EVENT: "A card is about to be drawn.",
    Phase.NEGOTIATION: "Negotiation: send proposals, answer those sent to you, then finish negotiating (Talks, 3).",
    Phase.DECISION: "Decision: choose your positions in secret and commit them (Decide, 4).",
    Phase.OVER: "The game is over.",
}


class TextPanel(VerticalScroll):
    """A scrolling panel of rich text."""

    def compose(self) -> ComposeResult:
        yield Static(classes="panel-text")

    def set_text(self, text: Text) -> None:
        self.query_one(".panel-text", Static).update(text)


def turn_events(session: Session, role: str | None, turn: int, kinds: tuple[str, ...]) -> list[Event]:
    """The events of ``turn`` of the given kinds that ``role`` may see, in order."""
    return [e for e in session.events if e.turn == turn and e.kind in kinds and e.visible(role)]


class EventPanel(TextPanel):
    """The turn, its event card (text, effects, source) and what the phase asks for."""

    def show(self, session: Session, role: str | None, sources: SourceCatalog) -> None:
        game, state = session.game, session.state
        rules = game.scenario.turns[state.turn - 1]
        text = heading(f"Turn {state.turn} of {game.turns}: {rules.label}")
        text.append(f"  ({rules.date})\n\n", style="dim")
        cards = turn_events(session, role, state.turn, ("card",))
        if not cards:
            text.append("No card drawn yet.\n")
        for event in cards:
            card_id = event.data.get("card")
            if card_id is None:
                text.append("No event card this turn.\n")
                continue
            card = game.cards[card_id]
            text.append(f"Event: {card.title}\n", style="bold")
            text.append(card.text.strip() + "\n")
            if event.changes:
                text.append("\nEffect\n", style="bold")
                for change in event.changes:
                    text.append("  ")
                    text.append_text(change_text(game, change, sources, with_cause=False))
                    text.append("\n")
            if card.sources:
                text.append("\nSource\n", style="bold")
                for citation in card.sources:
                    text.append_text(citation_text(citation, sources))
                    text.append("\n")
        text.append("\n")
        if not rules.negotiation and state.phase is not Phase.OVER:
            text.append("No negotiation this turn. ", style="italic")
        text.append(PHASE_HELP[state.phase], style="italic")
        self.set_text(text)


class ResultPanel(TextPanel):
    """The last resolution: positions revealed, every change with its reason, agreements kept or broken."""

    def show(self, session: Session, role: str | None, sources: SourceCatalog) -> None:
        game, state = session.game, session.state
        if not state.history:
            self.set_text(Text("No turn has been resolved yet. A turn resolves once every role has committed "
                               "its positions: then they are revealed and every change is listed here with its "
                               "reason and its source."))
            return
        turn = state.history[-1].turn
        text = heading(f"Turn {turn} resolved: {game.scenario.turns[turn - 1].label}")
        text.append("\n")
        events = turn_events(session, role, turn, RESOLUTION_KINDS)
        for event in events:
            text.append("\n")
            if event.kind == "reveal":
                text.append_text(_reveal(event))
            elif event.kind == "game_over":
                text.append(event.text, style="bold")
            else:
                text.append_text(event_text(game, event, sources))
            text.append("\n")
        settlements = state.history[-1].settlements
        if not settlements:
            text.append("\nNo agreement was due this turn.\n", style="dim")
        self.set_text(text)


def _reveal(event: Event) -> Text:
    head, *lines = event.text.splitlines()
    text = Text(head + "\n", style="bold")
    for line in lines:
        role, _, held = line.partition(" - ")
        text.append(f"  {role}: ", style="bold")
        text.append(held + "\n")
    return text


class BriefPanel(TextPanel):
    """The seat's own brief: what everyone knows of it, and what only it knows (objectives, red lines)."""

    def show(self, session: Session, role: str, sources: SourceCatalog) -> None:
        game = session.game
        obs = session.view(role)
        model = game.role(role)
        text = heading(f"{model.name}: your brief")
        text.append("\n\nWhat everyone knows\n", style="bold")
        text.append(model.public.strip() + "\n")
        text.append("\nFor you alone\n", style="bold")
        text.append(obs.brief.summary.strip() + "\n")
        text.append("\nYou are scored on\n", style="bold")
        for key, weight in game.weights[role]:
            track = game.tracks[key]
            text.append(f"  {track.name}: {weight:+g} for each step above where it started\n")
        if obs.brief.objectives:
            text.append("\nObjectives (checked at the end)\n", style="bold")
            for objective in obs.brief.objectives:
                text.append(f"  {signed(objective.points)}  {objective.text}\n")
        if obs.brief.red_lines:
            text.append("\nRed lines (each turn crossed costs points)\n", style="bold")
            crossed = {c.red_line for c in obs.crossings}
            for line in obs.brief.red_lines:
                mark = "  CROSSED" if line.id in crossed else ""
                text.append(f"  -{line.penalty}  {line.text}")
                text.append(mark + "\n", style="bold red")
        if obs.brief.sources:
            text.append("\nSources\n", style="bold")
            for citation in obs.brief.sources:
                text.append_text(citation_text(citation, sources))
                text.append("\n")
        self.set_text(text)
