"""The facilitator's seat: the whole table and the moves that steer a seminar game.

:class:`FacilitatorMoves` holds the moves every facilitator's screen offers - pause and resume,
notes, a countdown and closing the negotiation, revealing a committed role, moving a track by
hand, injecting a card of the deck or an event of one's own. Each is a facilitator action that
the engine checks and the record keeps, so a replay shows and reproduces it.

:class:`FacilitatorDesk` is that seat in a game played at one terminal: the facilitator opens it
over the table (F2), sees every track, every role's secret positions and every event, steers,
and hands the screen back behind the curtain. The live game's facilitator screen
(:mod:`game.live.tui.facilitator`) builds on the same moves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game.engine import (
    CHANCE,
    Action,
    CloseNegotiation,
    Countdown,
    GameState,
    IllegalAction,
    Inject,
    Note,
    Pause,
    Phase,
    Resume,
    Reveal,
)
from game.engine.describe import positions_text
from game.session import Session
from game.text import SourceCatalog
from game.ui.facilitation import clock, custom_event, parse_adjustment, parse_seconds
from game.ui.screens import in_stack
from game.ui.screens.dialogs import HandoverScreen
from game.ui.widgets.board import Board, TrackExplainer, TrackHighlighted, TrackTable, TrustMatrix
from game.ui.widgets.eventlog import EventLog
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.form import enter_binding, enter_in_form
from game.ui.widgets.panels import BriefPanel
from game.ui.widgets.styled import event_block

QUIET_EVENTS = frozenset({"negotiation_done", "committed", "turn_resolved"})
POLL = 0.25
"""Seconds between looks for moves made beneath the desk (bots go on playing while it is open)."""


class FacilitatorMoves(Screen[None]):
    """A screen from which the facilitator steers the game.

    Subclasses say how a move is played (:meth:`play_move`) and which role is selected
    (:meth:`selected_role`). A countdown is timed by the screen that closes the negotiation when it
    runs out (each keeps a :class:`~game.ui.facilitation.NegotiationClock`).
    """

    DEFAULT_CLASSES = "facilitator-screen"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "pause", "Pause/resume", id="facilitator.pause"),
        Binding("n", "note", "Note", id="facilitator.note"),
        Binding("t", "countdown", "Countdown", id="facilitator.countdown"),
        Binding("k", "close_talks", "Close talks", id="facilitator.close"),
        Binding("r", "reveal", "Reveal", id="facilitator.reveal"),
        Binding("a", "adjust", "Adjust track", id="facilitator.adjust"),
        Binding("i", "inject", "Inject card", id="facilitator.inject"),
        Binding("c", "custom_event", "Custom event", id="facilitator.event"),
    ]
    MOVES: ClassVar[frozenset[str]] = frozenset(
        {"pause", "note", "countdown", "close_talks", "reveal", "adjust", "inject", "custom_event"}
    )

    session: Session
    sources: SourceCatalog
    _explained: str
    """The track the explainer under the board shows."""
    _logged: int = 0
    """How many of the session's events the log has taken in."""

    # -- drawing the table (a Board and an EventLog in the subclass's layout) ---------------------------

    def draw_table(self) -> None:
        """The board of every track, as nobody's seat sees it, and the events not yet logged (secret ones too)."""
        session = self.session
        self.query_one(TrackTable).show(session, None)
        self.query_one(TrustMatrix).show(session, None)
        self.query_one(TrackExplainer).show(session, None, self._explained, self.sources)
        self._log_events()

    def _log_events(self) -> None:
        """Write the events the log has not taken in yet (secret ones too)."""
        session = self.session
        log = self.query_one(EventLog)
        for event in session.events[self._logged:]:
            if event.kind in QUIET_EVENTS:
                continue
            if event.kind == "card":
                log.write("")
            log.write(event_block(session.game, event, self.sources))
        self._logged = len(session.events)

    def on_resize(self) -> None:
        # The log keeps its lines wrapped at the width they were written at: rewrite it once laid out anew.
        self.call_after_refresh(self._rewrite_log)

    def _rewrite_log(self) -> None:
        if not in_stack(self):  # left before the layout came round to it
            return
        self.query_one(EventLog).clear()
        self._logged = 0
        self._log_events()

    @on(TrackHighlighted)
    def _track_highlighted(self, message: TrackHighlighted) -> None:
        self._explained = message.key
        self.query_one(TrackExplainer).show(self.session, None, message.key, self.sources)

    # -- for subclasses ------------------------------------------------------------------------------

    def play_move(self, action: Action) -> bool:
        """Play a facilitator action; False (and the reason said) when it is refused."""
        raise NotImplementedError

    def selected_role(self) -> str | None:
        """The role under the cursor, for Reveal."""
        raise NotImplementedError

    # -- the moves -----------------------------------------------------------------------------------

    def _ask(self, title: str, placeholder: str, then: Callable[[str], object], *, required: bool = False) -> None:
        def answered(text: str | None) -> None:
            if text is not None and (text.strip() or not required):
                then(text.strip())

        self.app.push_screen(EntryScreen(title, placeholder), callback=answered)

    def _parsed(self, make: Callable[[], Action]) -> None:
        try:
            action = make()
        except ValueError as exc:
            self.notify(str(exc), title="Not done", severity="warning")
            return
        self.play_move(action)

    def action_pause(self) -> None:
        """Pause the game (nobody but the facilitator moves), or resume it."""
        if self.session.state.paused:
            self.play_move(Resume())
        else:
            self._ask("Pause the game", "reason (optional), Enter to pause",
                      lambda reason: self.play_move(Pause(reason)))

    def action_note(self) -> None:
        """A note on this turn, for the debrief (the roles do not see it)."""
        self._ask("Note on this turn", "what to remember for the debrief", lambda text: self.play_move(Note(text)),
                  required=True)

    def action_close_talks(self) -> None:
        """End the negotiation now: unanswered proposals expire."""
        self._ask("Close the negotiation", "reason (optional), Enter to close",
                  lambda reason: self.play_move(CloseNegotiation(reason)))

    def action_reveal(self) -> None:
        """Make the selected role's committed positions public before resolution."""
        role = self.selected_role()
        if role is None or role not in self.session.game.roles:
            self.notify("Select a role that has committed, then press r.", title="Reveal", severity="warning")
            return
        self.play_move(Reveal(role))

    def action_countdown(self) -> None:
        """Give the negotiation a time limit, shown to every seat; when it runs out the negotiation closes."""
        def start(text: str) -> None:
            try:
                seconds = parse_seconds(text)
            except ValueError as exc:
                self.notify(str(exc), title="Not done", severity="warning")
                return
            self.play_move(Countdown(seconds))

        self._ask("Time limit for this negotiation", "minutes, like 5 or 2:30, or seconds like 90s (0 clears it)",
                  start, required=True)

    def action_adjust(self) -> None:
        """Move a track by hand, with a reason (the roles see the change and the reason)."""
        tracks = ", ".join(self.session.game.tracks)
        self._ask("Adjust a track: TRACK +N or -N, then the reason",
                  f"e.g. confidence -1 a press leak (tracks: {tracks})",
                  lambda text: self._parsed(lambda: parse_adjustment(text)), required=True)

    def action_inject(self) -> None:
        """Play an event card of the deck now, with a reason."""
        game, state = self.session.game, self.session.state
        cards = [(card.id, card.title) for card in game.cards.values() if card.id not in state.drawn]
        if not cards:
            self.notify("Every card of the deck has been played; inject an event of your own (c).",
                        title="Inject a card", severity="warning")
            return

        def chosen(action: Inject | None) -> None:
            if action is not None:
                self.play_move(action)

        self.app.push_screen(InjectCardScreen(cards), callback=chosen)

    def action_custom_event(self) -> None:
        """Play an event of the facilitator's own: a title, a text, moves of tracks and a reason."""
        def written(action: Inject | None) -> None:
            if action is not None:
                self.play_move(action)

        self.app.push_screen(CustomEventScreen(tuple(self.session.game.tracks)), callback=written)

    def facilitator_check(self, action: str) -> bool | None:
        """Whether the facilitator's move ``action`` is open now (None: not a facilitator move)."""
        if action not in self.MOVES:
            return None
        state = self.session.state
        if action in ("close_talks", "countdown"):
            return state.phase is Phase.NEGOTIATION and not state.over
        if action == "reveal":
            return state.phase is Phase.DECISION and bool(state.committed)
        if action == "note":
            return True
        return not state.over

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys show only when they can do something now."""
        allowed = self.facilitator_check(action)
        return True if allowed is None else allowed

    def facilitator_commands(self) -> list[SystemCommand]:
        """The facilitator's moves open now, for the command palette."""
        labels = {
            "pause": ("Resume the game" if self.session.state.paused else "Pause the game",
                      "Nobody but the facilitator moves while the game is paused"),
            "note": ("Write a note on this turn", "For the debrief; the roles do not see it"),
            "countdown": ("Set a countdown", "A time limit for this negotiation, shown to every seat"),
            "close_talks": ("Close the negotiation", "Unanswered proposals expire; the decision phase begins"),
            "reveal": ("Reveal a role's positions", "The selected role's committed positions, made public"),
            "adjust": ("Adjust a track", "Move a track by hand, with a reason"),
            "inject": ("Inject an event card", "Play a card of the deck now"),
            "custom_event": ("Inject an event of your own", "A title, a text, track moves and a reason"),
        }
        return [SystemCommand(title, help_text, lambda a=action: self.run_action(a))
                for action, (title, help_text) in labels.items() if self.facilitator_check(action)]


class FacilitatorDesk(FacilitatorMoves):
    """The facilitator's view of a game at one terminal: everything, and the moves that steer it."""

    CSS_PATH = "facilitator.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "brief", "Brief", id="facilitator.brief", show=False),
        Binding("v", "board", "Board/roles", id="facilitator.board"),
        Binding("escape,f2", "leave", "Back to the table", id="facilitator.leave"),
    ]

    def __init__(self, session: Session, sources: SourceCatalog) -> None:
        super().__init__()
        self.session = session
        self.sources = sources
        self._drawn = -1
        self._explained = next(iter(session.game.tracks))

    def compose(self) -> ComposeResult:
        yield Static(id="desk-status")
        with Horizontal(id="body"):
            yield Board(id="board")
            with Vertical(id="facilitator-side"):
                yield Static("Roles  [dim](Enter: the role's brief; r reveals the selected role)[/]",
                             classes="board-title")
                yield DataTable(id="roles", cursor_type="row", zebra_stripes=True)
                yield Static("Everything that happened (secret moves and notes too)", classes="board-title")
                yield EventLog(id="log")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#roles", DataTable)
        table.add_columns("Role", "Played by", "This turn", "Positions (secret until revealed)")
        self.redraw()
        table.focus()
        self.set_interval(POLL, self._poll, name="desk-poll")

    def _poll(self) -> None:
        if len(self.session.actions) != self._drawn:
            self.redraw()

    def redraw(self) -> None:
        """Everything from the session: status, board, roles, log."""
        session = self.session
        self._drawn = len(session.actions)
        self.query_one("#desk-status", Static).update(self._status_text())
        self.draw_table()
        self._fill_roles()
        self.refresh_bindings()

    def _status_text(self) -> Text:
        session = self.session
        game, state = session.game, session.state
        text = Text(" FACILITATOR ", style="reverse bold")
        text.append(f" Turn {state.turn}/{game.turns}, {state.phase.value} - {game.scenario.title}\n", style="bold")
        actor = session.to_act()
        if state.over:
            text.append("The game is over: notes may still be added (n); leave the desk (Esc) for the results.")
        elif state.paused:
            text.append("Paused: nobody else moves until you resume (p).", style="bold")
        elif actor == CHANCE:
            text.append("The event card is drawn next.", style="italic")
        elif actor is not None:
            who = "a person" if session.seats[actor].human else f"the {session.seats[actor].bot} bot"
            text.append(f"{game.role_name(actor)} ({who}) is to play.", style="italic")
        if state.countdown and state.phase is Phase.NEGOTIATION:
            text.append(f"  A countdown of {clock(state.countdown)} runs on this negotiation.", style="bold")
        return text

    def _fill_roles(self) -> None:
        session, table = self.session, self.query_one("#roles", DataTable)
        game, state, actor = session.game, session.state, session.to_act()
        row = table.cursor_row
        table.clear()
        for role in game.roles:
            seat = session.seats[role]
            table.add_row(game.role_name(role), "a person" if seat.human else f"{seat.bot} bot",
                          turn_status(state, role, actor), _positions(session, role), key=role)
        table.move_cursor(row=min(max(row, 0), len(game.roles) - 1))

    @on(DataTable.RowSelected, "#roles")
    def _role_selected(self) -> None:
        self.action_brief()

    # -- FacilitatorMoves ----------------------------------------------------------------------------

    def play_move(self, action: Action) -> bool:
        try:
            self.session.submit(action)
        except IllegalAction as exc:
            self.notify(str(exc), title="Not done", severity="warning")
            return False
        self.redraw()
        return True

    def selected_role(self) -> str | None:
        table = self.query_one("#roles", DataTable)
        roles = self.session.game.roles
        return roles[table.cursor_row] if 0 <= table.cursor_row < len(roles) else None

    # -- the desk's own keys -------------------------------------------------------------------------

    def action_brief(self) -> None:
        """The selected role's private brief."""
        role = self.selected_role()
        if role is not None:
            self.app.push_screen(RoleBriefScreen(self.session, role, self.sources))

    def action_board(self) -> None:
        """On a narrow screen: the board of tracks, or the roles and the log."""
        self.toggle_class("-show-board")

    def action_leave(self) -> None:
        """Back to the table: the screen goes behind the curtain for the seat whose move it is."""
        self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "board":
            return self.has_class("-narrow")
        return super().check_action(action, parameters)

    def palette_commands(self) -> list[SystemCommand]:
        """The facilitator's moves open now, and the way back."""
        return [*self.facilitator_commands(),
                SystemCommand("Back to the table", "Close the facilitator's desk", self.action_leave)]


def turn_status(state: GameState, role: str, actor: str | None) -> str:
    """What ``role`` is doing this turn, for the facilitator: to play, deciding, committed, done talking."""
    if state.over:
        return ""
    if role == actor:
        return "to play"
    if state.phase is Phase.DECISION:
        return "committed" if role in state.committed else "deciding"
    if state.phase is Phase.NEGOTIATION and role in state.done:
        return "done talking"
    return ""


def _positions(session: Session, role: str) -> str:
    """The role's committed positions this turn (secret unless revealed), else those it holds."""
    game, state = session.game, session.state
    held = state.committed.get(role)
    if held is None:
        return ""
    return positions_text(game, role, held) + (" (revealed)" if role in state.revealed else "")


class FacilitatorCurtain(HandoverScreen):
    """The hot-seat curtain of a game with a facilitator, who may open the desk from it (F2)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "facilitator", "Facilitator", id="handover.facilitator"),
    ]

    def __init__(self, role_name: str, open_desk: Callable[[], None]) -> None:
        super().__init__(role_name)
        self.open_desk = open_desk

    def action_facilitator(self) -> None:
        """The facilitator's desk, over the curtain."""
        self.open_desk()


class RoleBriefScreen(ModalScreen[None]):
    """One role's private brief, as its seat sees it, for the facilitator."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "close", "Close", id="brief.close")]

    def __init__(self, session: Session, role: str, sources: SourceCatalog) -> None:
        super().__init__()
        self.session, self.role, self.sources = session, role, sources

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="role-brief"):
            yield BriefPanel(id="brief")
            with Horizontal(classes="buttons"):
                yield Button("Close", id="brief-close", variant="primary", action="screen.close")
        yield KeyBar()  # the dialog's own keys, not the desk's beneath it

    def on_mount(self) -> None:
        self.query_one(BriefPanel).show(self.session, self.role, self.sources)

    def action_close(self) -> None:
        """Back to the desk."""
        self.dismiss(None)


class EntryScreen(ModalScreen[str | None]):
    """One line of text (Enter), or nothing (Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="entry.cancel")]

    def __init__(self, title: str, placeholder: str) -> None:
        super().__init__()
        self.title_text, self.placeholder = title, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Input(placeholder=self.placeholder, id="entry-input", max_length=500)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="entry-cancel", action="screen.cancel")
                yield Button("OK", id="entry-ok", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#entry-ok")
    def _ok(self) -> None:
        self.dismiss(self.query_one(Input).value)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


class InjectCardScreen(ModalScreen[Inject | None]):
    """A card of the deck not yet played, and the reason it is played now."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="inject.cancel")]

    def __init__(self, cards: Sequence[tuple[str, str]]) -> None:
        """``cards``: (id, title) of each card that may be injected."""
        super().__init__()
        self.cards = list(cards)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="inject-dialog"):
            yield Static("Inject an event card", classes="dialog-title")
            yield OptionList(*(Option(title, id=card) for card, title in self.cards), id="inject-cards")
            yield Input(placeholder="the reason, for the record (optional)", id="inject-reason", max_length=500)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="inject-cancel", action="screen.cancel")
                yield Button("Play the card", id="inject-ok", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _card_chosen(self) -> None:
        self.query_one("#inject-reason", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#inject-ok")
    def _ok(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if highlighted is None:
            return
        card = self.cards[highlighted][0]
        self.dismiss(Inject(card=card, reason=self.query_one("#inject-reason", Input).value.strip()))

    def action_cancel(self) -> None:
        """Close without playing a card."""
        self.dismiss(None)


class CustomEventScreen(ModalScreen[Inject | None]):
    """An event of the facilitator's own: title, text, the tracks it moves and the reason."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="event.cancel"),
                                             enter_binding("event")]
    FIELDS = ("event-title", "event-text", "event-effects", "event-reason")

    def __init__(self, tracks: Sequence[str]) -> None:
        super().__init__()
        self.tracks = tuple(tracks)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="event-dialog"):
            yield Static("An event of your own", classes="dialog-title")
            yield Label("Title (the headline every seat sees)")
            yield Input(placeholder="e.g. Leaked memo on radar coverage", id="event-title", max_length=200,
                        compact=True)
            yield Label("What happened (optional)")
            yield Input(placeholder="one or two sentences", id="event-text", max_length=1000, compact=True)
            yield Label("Effects: TRACK +N or -N, separated by commas (optional)")
            yield Input(placeholder="e.g. confidence -1, cooperation +1", id="event-effects", max_length=500,
                        compact=True)
            yield Static(Text("Tracks: " + ", ".join(self.tracks), style="dim"), id="event-tracks")
            yield Label("Reason, for the record (optional)")
            yield Input(placeholder="why the facilitator plays it", id="event-reason", max_length=500, compact=True)
            yield Static(id="event-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="event-cancel", action="screen.cancel", compact=True)
                yield Button("Play the event", id="event-ok", variant="primary", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#event-title", Input).focus()

    def action_form_enter(self) -> None:
        """Enter: on to the next field (at once, so typing ahead lands in it); in the last one, play the event."""
        if enter_in_form(self, self.FIELDS):
            self._ok()

    @on(Button.Pressed, "#event-ok")
    def _ok(self) -> None:
        value = {name: self.query_one(f"#event-{name}", Input).value for name in ("title", "text", "effects", "reason")}
        try:
            action = custom_event(value["title"], value["text"], value["effects"], value["reason"], self.tracks)
        except ValueError as exc:
            self.query_one("#event-error", Static).update(str(exc))
            return
        self.dismiss(action)

    def action_cancel(self) -> None:
        """Close without playing anything."""
        self.dismiss(None)

