"""The proposal composer: addressees, commitments offered and asked for, a note, how long it binds.

The engine judges the proposal: on Send the draft becomes a Propose (or Counter) action, and if
the engine refuses it its reason is shown here and nothing is sent. A term that binds nothing
(one every option keeps, such as "at most" the last option) is refused at Add, and the builder
says so as soon as it shows one. A counter-proposal starts from the terms of the proposal it
counters, seen from the counterer's side, and says which of them a counter cannot carry.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game.engine import Action, Commitment
from game.engine.describe import commitment_text
from game.session import Session
from game.ui.negotiation import OPS, Draft, binds_nothing, objection
from game.ui.widgets.cycler import OptionCycler
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.tickbox import TickBox
from game.ui.widgets.wrap import WrapRow


class ProposalScreen(ModalScreen[Action | None]):
    """Compose a proposal (or a counter-proposal); it closes with the action to send, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="proposal.cancel"),
        Binding("ctrl+s", "send", "Send", id="proposal.send"),
        Binding("delete", "remove", "Remove term", id="proposal.remove"),
    ]

    def __init__(self, session: Session, draft: Draft) -> None:
        super().__init__()
        self.session = session
        self.draft = draft
        self._warned = False
        """Whether the problem line says that the builder's term binds nothing."""

    # -- layout --------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        game, draft = self.session.game, self.draft
        others = [r for r in game.roles if r != draft.proposer]
        with Vertical(classes="dialog", id="composer"):
            with VerticalScroll(id="composer-body"):
                if draft.counter_of is None:
                    yield Static(f"New proposal from {game.role_name(draft.proposer)}", classes="dialog-title")
                    with Horizontal(id="addressees"):
                        yield Label("To:", classes="field-label")
                        with WrapRow(id="addressee-boxes"):
                            for role in others:
                                yield TickBox(game.role_name(role), role in draft.to, id=f"to-{role}", compact=True)
                else:
                    to = game.role_name(draft.to[0])
                    yield Static(f"Counter-proposal to #{draft.counter_of}, sent to {to}", classes="dialog-title")
                    if draft.from_countered:
                        yield Static(self._countered_text(), id="countered", classes="muted")
                yield Static("Add terms one by one (← → change, Tab moves on, Enter on Add). Your own decisions "
                             "are offers; the others' are requests.", classes="muted")
                choices = self._decision_choices()
                with Horizontal(classes="builder-row"):
                    yield Label("Decision", classes="field-label")
                    yield OptionCycler(choices, choices[0][1], id="term-decision")
                with Horizontal(classes="builder-row"):
                    yield Label("How", classes="field-label")
                    yield OptionCycler([(words, op) for op, words in OPS.items()], "eq", id="term-op")
                with Horizontal(classes="builder-row"):
                    yield Label("Option", classes="field-label")
                    yield OptionCycler(self._option_choices(choices[0][1]), "", id="term-option")
                    yield Button("Add", id="term-add", compact=True, variant="primary")
                yield Static("Terms (Delete removes the highlighted one)", classes="field-label")
                yield OptionList(id="terms")
                with Horizontal(id="extras"):
                    yield Label("Note:", classes="field-label")
                    yield Input(draft.note, placeholder="optional, for the other side", id="note", compact=True,
                                max_length=game.scenario.negotiation.max_note_chars)
                    yield Label("Binds:", classes="field-label")
                    longest = game.scenario.negotiation.max_agreement_turns
                    yield OptionCycler([(f"{n} turn{'s' if n > 1 else ''}", str(n)) for n in range(1, longest + 1)],
                                       str(draft.turns), id="turns")
            with Vertical(id="composer-tail"):  # docked: the message and the buttons stay in sight
                yield Static(id="problem", classes="error")
                with Horizontal(classes="buttons"):
                    yield Button("Cancel", id="cancel", compact=True, action="screen.cancel")
                    yield Button("Send (ctrl+s)", id="send", variant="primary", compact=True, action="screen.send")
        yield KeyBar()

    def _countered_text(self) -> Text:
        """Where a counter's terms came from, and which of them it could not keep."""
        game, draft = self.session.game, self.draft
        text = Text(f"Starts from #{draft.counter_of}'s terms, from your side: what it asked of you is "
                    f"your offer, what {game.role_name(draft.to[0])} offered is your request.")
        if draft.left_out:
            text.append(f"\nLeft out (a counter goes to {game.role_name(draft.to[0])} alone): ")
            text.append("; ".join(commitment_text(game, c) for c in draft.left_out))
        return text

    def on_mount(self) -> None:
        self._show_terms()
        first = self.query("Checkbox").first() if self.draft.counter_of is None else self.query_one("#term-decision")
        first.focus()

    def _option_choices(self, decision: str) -> list[tuple[str, str]]:
        role, dec = decision.split(".")
        return [(o.name, o.id) for o in self.session.game.decision(role, dec).options]

    def _decision_choices(self) -> list[tuple[str, str]]:
        """``role.decision`` pairs a term may name: the proposer's own, then each addressee's."""
        game, draft = self.session.game, self.draft
        out: list[tuple[str, str]] = []
        for role in (draft.proposer, *draft.to):
            who = f"{game.role_name(role)}{' (you)' if role == draft.proposer else ''}"
            out.extend((f"{who}: {dec.name}", f"{role}.{dec.id}") for dec in game.decisions[role])
        return out

    # -- editing -------------------------------------------------------------------------------

    @on(Checkbox.Changed)
    def _addressees_changed(self, event: Checkbox.Changed) -> None:
        role = (event.checkbox.id or "").removeprefix("to-")
        if event.value and role not in self.draft.to:
            self.draft.to.append(role)
        elif not event.value and role in self.draft.to:
            self.draft.to.remove(role)
            self.draft.requests = [c for c in self.draft.requests if c.role != role]
        order = self.session.game.roles
        self.draft.to.sort(key=order.index)
        decision = self.query_one("#term-decision", OptionCycler)
        decision.set_options(self._decision_choices(), decision.value)
        self._show_terms()

    @on(OptionCycler.Changed, "#term-decision")
    def _decision_chosen(self, event: OptionCycler.Changed) -> None:
        event.stop()
        self.query_one("#term-option", OptionCycler).set_options(self._option_choices(event.value))
        self._warn_if_idle()

    @on(OptionCycler.Changed, "#term-op")
    @on(OptionCycler.Changed, "#term-option")
    def _term_changed(self, event: OptionCycler.Changed) -> None:
        event.stop()
        self._warn_if_idle()

    def _builder_term(self) -> Commitment:
        """The term the builder shows."""
        role, dec = self.query_one("#term-decision", OptionCycler).value.split(".")
        option = self.query_one("#term-option", OptionCycler).value
        return Commitment(role, dec, option, self.query_one("#term-op", OptionCycler).value)  # type: ignore[arg-type]

    def _idle_text(self, term: Commitment) -> str | None:
        """``at most Accelerate binds nothing: every option already meets it``, or None when the term binds."""
        game = self.session.game
        why = binds_nothing(game, term)
        if why is None:
            return None
        return f"{OPS[term.op]} {game.decision(term.role, term.decision).option(term.option).name} binds nothing: {why}"

    def _warn_if_idle(self) -> None:
        """Say at once when the builder shows a term that binds nothing; take the warning back when it binds."""
        text = self._idle_text(self._builder_term())
        if text is not None:
            self._problem(text)
            self._warned = True
        elif self._warned:
            self._problem("")

    @on(Button.Pressed, "#term-add")
    def _add_term(self) -> None:
        """Add the term in the builder, then reset the builder. A term on a decision the draft already
        has a term for replaces it, and the problem line names the term it replaced. A term that binds
        nothing is not added: the problem line says why, and the builder keeps it."""
        term = self._builder_term()
        idle = self._idle_text(term)
        if idle is not None:
            self._problem(f"Not added: {idle}")
            self._warned = True
            return
        decision = self.query_one("#term-decision", OptionCycler)
        op = self.query_one("#term-op", OptionCycler)
        role, dec = term.role, term.decision
        side = self.draft.offers if role == self.draft.proposer else self.draft.requests
        at = next((i for i, c in enumerate(side) if (c.role, c.decision) == (role, dec)), None)
        game = self.session.game
        if at is None:
            side.append(term)
            self._problem("")
        else:  # one term per decision: the new one takes the old one's place in the list
            replaced, side[at] = side[at], term
            if replaced == term:
                self._problem(f"Already a term: {commitment_text(game, term)}", notice=True)
            else:
                self._problem(f"Replaced: {commitment_text(game, replaced)} (one term per decision)", notice=True)
        self._show_terms()
        decision.index = 0
        op.value = "eq"
        self.set_focus(decision)

    def action_remove(self) -> None:
        """Remove the highlighted term."""
        terms = self.query_one("#terms", OptionList)
        if terms.highlighted is None or not terms.option_count:
            return
        index = terms.highlighted
        if index < len(self.draft.offers):
            del self.draft.offers[index]
        else:
            del self.draft.requests[index - len(self.draft.offers)]
        self._show_terms()

    def _show_terms(self) -> None:
        terms = self.query_one("#terms", OptionList)
        terms.clear_options()
        for line in self.draft.lines(self.session):
            terms.add_option(Option(Text(line)))
        if not terms.option_count:
            terms.add_option(Option(Text("no terms yet", style="dim"), disabled=True))

    def _problem(self, text: str, notice: bool = False) -> None:
        """Show ``text`` on the message line: a problem, or (``notice``) news that is not one."""
        line = self.query_one("#problem", Static)
        line.update(text)
        line.set_class(notice, "-notice")
        self._warned = False

    # -- sending -------------------------------------------------------------------------------

    def action_send(self) -> None:
        """Send the proposal; if the engine would refuse it, or one of its terms binds nothing, say why
        and keep the draft."""
        self.draft.note = self.query_one("#note", Input).value
        self.draft.turns = int(self.query_one("#turns", OptionCycler).value)
        game = self.session.game
        for term in (*self.draft.offers, *self.draft.requests):
            why = binds_nothing(game, term)
            if why is not None:
                self._problem(f"Not sent: {commitment_text(game, term)} binds nothing: {why}")
                return
        action = self.draft.action()
        problem = objection(self.session, action)
        if problem:
            self._problem(f"Not sent: {problem}")
            return
        self.dismiss(action)

    def action_cancel(self) -> None:
        """Close without sending."""
        self.dismiss(None)
