"""The decision panel: one row per open decision with its options, what each option is known to do,
and the commit button. The choices stay on screen only until the seat commits or leaves the seat.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Label, Static

from game.engine import Commitment, Observation, Phase
from game.engine.describe import commitment_text, positions_text
from game.engine.legality import commitment_holds
from game.engine.rules import DecisionRules, OptionRules
from game.session import Session
from game.text import SourceCatalog
from game.ui.options import option_effects
from game.ui.widgets.cycler import OptionCycler
from game.ui.widgets.styled import citation_text, heading, indented


BREAKING_COSTS = "Breaking an agreement costs trust with every other party to it."
"""What the Decide tab and the commit question say when the positions chosen break a promise."""


class DecidePanel(VerticalScroll):
    """Positions for this turn: a select per open decision, the effects of each option, commit."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._signature: tuple[object, ...] | None = None
        self._decisions: dict[str, DecisionRules] = {}
        self._allowed: dict[str, tuple[OptionRules, ...]] = {}
        self._focus: str | None = None
        self._shown: tuple[Session, str, SourceCatalog] | None = None
        self._promises: tuple[tuple[int, Commitment], ...] = ()

    def compose(self) -> ComposeResult:
        yield Static(id="decide-head")
        yield Vertical(id="decide-rows")
        yield Static(id="decide-fixed")
        yield Static(id="decide-promises")
        yield Button("Commit positions - final for this turn (c)", id="do-commit", variant="primary",
                     compact=True, action="screen.commit")
        yield Static(id="decide-detail")

    def reset(self) -> None:
        """Forget the choices on screen (the seat is changing hands)."""
        self._signature = None
        self._focus = None
        self._shown = None

    def choices(self) -> dict[str, str]:
        """The option chosen in each open decision (the current position unless changed)."""
        return {c.id.removeprefix("choose-"): c.value for c in self.query(OptionCycler) if c.id}

    async def show(self, session: Session, role: str, sources: SourceCatalog, my_move: bool) -> None:
        """Show ``role``'s decisions; the selects are rebuilt only when the seat, turn or choices change."""
        obs = session.view(role)
        signature = (role, obs.turn, obs.phase, obs.my_commit is not None,
                     tuple((d.id, tuple(o.id for o in opts)) for d, opts in obs.choices))
        if signature != self._signature:
            self._shown = None  # no detail until the rows belong to this seat
            self._signature = signature
            await self._rebuild(obs)
        self._shown = (session, role, sources)
        self.query_one("#decide-head", Static).update(_head(session, obs, my_move))
        self.query_one("#decide-fixed", Static).update(_fixed(session, obs))
        self._promises = tuple((a.id, c) for a in obs.agreements if a.from_turn <= obs.turn <= a.until_turn
                               for c in a.commitments if c.role == role)
        self._show_promises()
        commit = self.query_one("#do-commit", Button)
        commit.display = obs.phase is Phase.DECISION and obs.my_commit is None
        commit.disabled = not my_move
        self._show_detail()

    async def _rebuild(self, obs: Observation) -> None:
        rows = self.query_one("#decide-rows", Vertical)
        await rows.remove_children()
        self._decisions = {dec.id: dec for dec, _ in obs.choices}
        self._allowed = {dec.id: options for dec, options in obs.choices}
        if obs.phase is not Phase.DECISION or obs.my_commit is not None:
            self._focus = self._focus if self._focus in self._decisions else None
            return
        widgets = []
        for dec, options in obs.choices:
            current = obs.positions[obs.role][dec.id]
            cycler = OptionCycler([(o.name, o.id) for o in options], current, id=f"choose-{dec.id}")
            widgets.append(Horizontal(Label(dec.name, classes="decision-name"), cycler, classes="decision-row"))
        await rows.mount_all(widgets)
        if self._focus not in self._decisions:
            self._focus = obs.choices[0][0].id if obs.choices else None

    def on_option_cycler_changed(self, event: OptionCycler.Changed) -> None:
        event.stop()
        if event.cycler.id:
            self._focus = event.cycler.id.removeprefix("choose-")
            self._show_detail()
            self._show_promises()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        widget = event.widget
        if isinstance(widget, OptionCycler) and widget.id:
            self._focus = widget.id.removeprefix("choose-")
            self._show_detail()

    def promises(self) -> list[tuple[str, bool]]:
        """This seat's commitments in agreements in force (``#2 NATO: ...``), each with whether the choices
        on screen keep it."""
        if self._shown is None:
            return []
        session, role, _ = self._shown
        game = session.game
        chosen = {role: {**session.state.positions[role], **self.choices()}}
        return [(f"#{agreement} {commitment_text(game, c)}", commitment_holds(c, chosen, game))
                for agreement, c in self._promises]

    def broken_promises(self) -> list[str]:
        """The commitments of :meth:`promises` that the choices on screen would break."""
        return [text for text, kept in self.promises() if not kept]

    def _show_promises(self) -> None:
        """This seat's commitments in agreements in force, each kept or broken by the choices on screen."""
        promises = self.query_one("#decide-promises", Static)
        held = self.promises()
        if not held:
            promises.update("")
            return
        table = Table.grid(padding=(0, 1))
        table.add_column(width=10)
        table.add_column()
        for text, kept in held:
            table.add_row(Text("✓ kept" if kept else "✗ BROKEN", style="green" if kept else "bold red"), text)
        parts: list[RenderableType] = [Text("Your promises this turn", style="bold"), indented(table, 2)]
        if not all(kept for _, kept in held):
            parts.append(indented(Text(BREAKING_COSTS, style="italic"), 2))
        promises.update(Group(*parts))

    def _show_detail(self) -> None:
        detail = self.query_one("#decide-detail", Static)
        if self._shown is None or self._focus is None or self._focus not in self._decisions:
            detail.update("")
            return
        session, role, sources = self._shown
        dec = self._decisions[self._focus]
        chosen = self.choices().get(dec.id, session.state.positions[role][dec.id])
        detail.update(decision_text(session, role, dec, self._allowed[dec.id], chosen, sources))


def decision_text(
    session: Session, role: str, dec: DecisionRules, allowed: tuple[OptionRules, ...], chosen: str,
    sources: SourceCatalog,
) -> RenderableType:
    """A decision with every option: description, known effects, source; the chosen one marked ●."""
    game = session.game
    title = heading(dec.name)
    title.append(f"  ({dec.area.replace('_', '-')}{'; ' + dec.asset if dec.asset else ''})", style="dim")
    parts: list[RenderableType] = [title, Text(dec.description.strip())]
    held = session.state.positions[role][dec.id]
    allowed_ids = {o.id for o in allowed}
    for option in dec.options:
        line = Text("\n" + ("● " if option.id == chosen else "○ "), style="bold")
        line.append(option.name, style="bold" if option.id == chosen else "")
        notes = [note for note, applies in (
            ("held now", option.id == held), ("final once revealed", option.final),
            ("not open now", option.id not in allowed_ids)) if applies]
        if notes:
            line.append(f"  ({', '.join(notes)})", style="dim")
        parts += [line, indented(Text(option.description.strip()), 2)]
        effects = option_effects(game, role, dec.id, option.id)
        parts += [indented(Text(effect, style="cyan"), 4) for effect in effects]
        if not effects:
            parts.append(indented(Text("no direct effect on the tracks", style="dim"), 4))
        if option.sources:
            parts.append(indented(citation_text(option.sources[0], sources), 4))
    return Group(*parts)


def _head(session: Session, obs: Observation, my_move: bool) -> Text:
    game = session.game
    if obs.phase is not Phase.DECISION:
        text = Text("Positions are committed in the decision phase, after negotiation. ", style="bold")
        text.append("Your positions now: ")
        text.append(positions_text(game, obs.role, obs.positions[obs.role]) or "none")
        return text
    text = Text(f"Decision, turn {obs.turn}. ", style="bold")
    if obs.my_commit is not None:
        text.append("You have committed: ")
        text.append(positions_text(game, obs.role, obs.my_commit))
        text.append(". ")
    elif my_move:
        text.append("Choose a position in each area with ← →, Tab to the next area, then commit with c. "
                    "Decisions you leave alone keep their current position. ")
    waiting = [game.role_name(r) for r in game.roles if r not in obs.committed]
    text.append(f"Committed: {len(obs.committed)} of {len(game.roles)}", style="dim")
    if waiting and obs.my_commit is not None:
        text.append(f" (waiting for {', '.join(waiting)})", style="dim")
    return text


def _fixed(session: Session, obs: Observation) -> Text:
    game = session.game
    open_ids = {d.id for d, _ in obs.choices}
    text = Text()
    if obs.phase is not Phase.DECISION:
        return text
    for dec in game.decisions[obs.role]:
        if dec.id in open_ids:
            continue
        held = dec.option(obs.positions[obs.role][dec.id]).name
        why = "fixed for good" if (obs.role, dec.id) in obs.locked else "not open this turn"
        text.append(f"  {dec.name}: {held} ({why})\n", style="dim")
    return text
