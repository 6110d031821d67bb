"""The negotiation panel: this turn's proposals (an inbox to accept, reject or counter), the moves
open now, and the agreements in force. The buttons run the game screen's actions.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from game.engine import Phase
from game.engine.describe import commitment_text, role_names
from game.engine.state import Agreement, Proposal
from game.session import Session
from game.ui.negotiation import Moves, proposal_status, proposal_title


class TalksPanel(VerticalScroll):
    """Proposals of this turn, what may be done about them, and agreements in force."""

    BUTTONS = (
        ("propose", "New proposal (n)"),
        ("accept", "Accept (a)"),
        ("reject", "Reject (x)"),
        ("counter", "Counter (o)"),
        ("finish", "Finish (f)"),
    )

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._session: Session | None = None
        self._role = ""
        self._moves: Moves | None = None
        self._proposals: dict[int, Proposal] = {}
        self._answering = False

    def compose(self) -> ComposeResult:
        yield Static(id="talks-head")
        yield OptionList(id="inbox")
        yield Static(id="proposal-detail")
        with Horizontal(id="talks-buttons"):
            for name, label in self.BUTTONS:
                yield Button(label, id=f"do-{name}", compact=True, action=f"screen.{name}")
        yield Static(id="agreements")

    @property
    def selected(self) -> int | None:
        """The id of the proposal under the inbox cursor."""
        inbox = self.query_one("#inbox", OptionList)
        if inbox.highlighted is None or inbox.option_count == 0:
            return None
        option_id = inbox.get_option_at_index(inbox.highlighted).id
        return int(option_id) if option_id is not None else None

    def select(self, proposal: int) -> None:
        """Put the inbox cursor on proposal ``proposal``."""
        ids = list(self._proposals)
        if proposal in ids:
            self.query_one("#inbox", OptionList).highlighted = ids.index(proposal)

    def show(self, session: Session, role: str, moves: Moves) -> None:
        """Show the negotiation as ``role`` sees it, with the moves open to it."""
        game, obs = session.game, session.view(role)
        self._session, self._role, self._moves = session, role, moves
        self._proposals = {p.id: p for p in obs.proposals}
        head = Text()
        rules = game.scenario.turns[obs.turn - 1]
        if obs.phase is Phase.NEGOTIATION:
            limit = game.scenario.negotiation.max_proposals
            head.append(f"Negotiation, turn {obs.turn}. ", style="bold")
            left = obs.proposals_left if role not in obs.done else 0
            head.append(f"Proposals left: {left} of {limit}. ")
            if role in obs.done:
                head.append("You have finished proposing (you still answer what is sent to you). ")
            head.append(_whose_move(session, moves))
        elif obs.phase is Phase.DECISION:
            head.append("Negotiation is closed for this turn: commit your positions (Decide, 4).", style="bold")
        elif not rules.negotiation:
            head.append("No negotiation this turn.", style="bold")
        else:
            head.append("No negotiation under way.", style="bold")
        self.query_one("#talks-head", Static).update(head)

        inbox = self.query_one("#inbox", OptionList)
        keep = self.selected
        inbox.clear_options()
        for p in obs.proposals:
            waiting = role in p.awaiting()
            line = Text("● " if waiting else "  ", style="bold yellow")
            line.append(proposal_title(session, p), style="bold" if waiting else "")
            line.append(f" - {proposal_status(session, p)}", style="dim")
            inbox.add_option(Option(line, id=str(p.id)))
        inbox.display = bool(obs.proposals)
        if obs.proposals:
            # Stay where the cursor was, unless a proposal now waits for an answer elsewhere.
            ids = [p.id for p in obs.proposals]
            answerable = [p.id for p in obs.proposals if role in p.awaiting()]
            if keep is not None and keep in ids and (keep in answerable or not answerable):
                inbox.highlighted = ids.index(keep)
            else:
                inbox.highlighted = ids.index(answerable[0]) if answerable else len(ids) - 1
        self._show_detail(session, role)

        self._enable_buttons()
        self.query_one("#talks-buttons").display = obs.phase is Phase.NEGOTIATION
        self.query_one("#agreements", Static).update(_agreements(session, obs.agreements, obs.turn))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_detail(self._session, self._role)
        answering = self.can("accept")
        self._enable_buttons()
        if answering != self._answering:  # the footer's keys change only when answering does
            self._answering = answering
            self.screen.refresh_bindings()

    def can(self, move: str) -> bool:
        """Whether ``move`` (propose, accept, reject, counter, finish) is open now, given the inbox cursor."""
        moves = self._moves
        if moves is None:
            return False
        answering = self.selected is not None and self.selected in {p.id for p in moves.to_answer}
        return {
            "propose": moves.propose,
            "accept": answering,
            "reject": answering,
            "counter": answering and moves.counter,
            "finish": moves.finish,
        }.get(move, False)

    def _enable_buttons(self) -> None:
        """Only the moves open now have a button (a dimmed button would say it by colour alone)."""
        for name, _ in self.BUTTONS:
            self.query_one(f"#do-{name}", Button).display = self.can(name)

    def _show_detail(self, session: Session | None, role: str) -> None:
        if session is None:
            return
        detail = self.query_one("#proposal-detail", Static)
        proposal = self._proposals.get(self.selected) if self.selected is not None else None
        if proposal is None:
            detail.update(Text("No proposals this turn yet.", style="dim")
                          if session.state.phase is Phase.NEGOTIATION else "")
            return
        detail.update(proposal_text(session, proposal))


def proposal_text(session: Session, proposal: Proposal) -> Text:
    """A proposal in full: who to whom, each commitment on its line, the note, its status."""
    game = session.game
    text = Text(proposal_title(session, proposal) + "\n", style="bold")
    for c in proposal.offers:
        text.append("  offers  ", style="green")
        text.append(commitment_text(game, c) + "\n")
    for c in proposal.requests:
        text.append("  asks    ", style="yellow")
        text.append(commitment_text(game, c) + "\n")
    if proposal.note:
        text.append(f'  note: "{proposal.note}"\n', style="italic")
    span = "this turn" if proposal.turns == 1 else f"{proposal.turns} turns"
    text.append(f"  binds {span} if accepted - {proposal_status(session, proposal)}\n", style="dim")
    return text


def _whose_move(session: Session, moves: Moves) -> str:
    if moves.my_move:
        return "Your move."
    actor = session.to_act()
    if actor is None:
        return "Paused." if not session.state.over else ""
    if actor == "chance":
        return ""
    return f"Waiting for {session.game.role_name(actor)}."


def _agreements(session: Session, agreements: tuple[Agreement, ...], turn: int) -> Text:
    game = session.game
    text = Text("Agreements in force\n", style="bold")
    current = [a for a in agreements if a.until_turn >= turn]
    if not current:
        text.append("  none\n", style="dim")
    for a in current:
        span = f"turn {a.from_turn}" if a.from_turn == a.until_turn else f"turns {a.from_turn}-{a.until_turn}"
        text.append(f"  #{a.id} {role_names(game, a.parties)}, {span}\n")
        for c in a.commitments:
            text.append(f"      {commitment_text(game, c)}\n")
    return text
