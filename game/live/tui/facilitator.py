"""The facilitator's seat: the whole table, every seat's presence, and the facilitator's moves.

The facilitator sees everything (every track, every event, secret ones included) and controls
the game through facilitator actions, which the engine checks and the record keeps like any
other move (pause and resume, notes, a countdown and closing the negotiation, revealing a
committed role, moving a track by hand, injecting an event card), and the
seats through :class:`~game.live.session.Control` (hand a seat to a bot and back, let a second
screen join it, release it). Nothing here is shown to the roles' seats.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Footer, Input, RichLog, Static

from game.bots import BOTS, DEFAULT_BOT
from game.engine import (
    CHANCE,
    Action,
    Adjust,
    CloseNegotiation,
    Countdown,
    GameState,
    Inject,
    Note,
    Pause,
    Phase,
    Resume,
    Reveal,
)
from game.live.errors import LiveError
from game.live.session import LiveSession, SeatStatus
from game.live.tui.app import css_beside
from game.text import SourceCatalog
from game.ui.screens.game import GameScreen
from game.ui.widgets.board import Board, TrackExplainer, TrackHighlighted, TrackTable, TrustMatrix
from game.ui.widgets.styled import event_block

POLL = 0.1
PRESENCE_EVERY = 1.0
"""Seconds between redraws of the seats' presence (a silent screen shows as gone without any commit)."""
QUIET_EVENTS = frozenset({"negotiation_done", "committed", "turn_resolved"})


class FacilitatorScreen(Screen[None]):
    """The table as the facilitator runs it."""

    CSS_PATH: ClassVar = css_beside(GameScreen, GameScreen.CSS_PATH)
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]] | None] = [(0, "-narrow"), (150, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "board", "Board/seats", id="facilitator.board"),
        Binding("p", "pause", "Pause/resume", id="facilitator.pause"),
        Binding("n", "note", "Note", id="facilitator.note"),
        Binding("k", "close_talks", "Close talks", id="facilitator.close"),
        Binding("r", "reveal", "Reveal", id="facilitator.reveal"),
        Binding("t", "countdown", "Countdown", id="facilitator.countdown"),
        Binding("a", "adjust", "Adjust track", id="facilitator.adjust"),
        Binding("i", "inject", "Inject card", id="facilitator.inject"),
        Binding("b", "to_bot", "Seat to bot", id="facilitator.bot"),
        Binding("h", "to_people", "Seat to people", id="facilitator.people"),
        Binding("s", "share", "Share seat", id="facilitator.share"),
        Binding("x", "release", "Release seat", id="facilitator.release"),
        Binding("e", "export", "Export", id="facilitator.export"),
        Binding("escape", "leave", "Leave", id="facilitator.leave"),
    ]

    def __init__(self, session: LiveSession) -> None:
        super().__init__()
        self.session = session
        self.sources: SourceCatalog = {entry.id: entry for entry in session.live.loaded.sources}
        self._logged = 0
        self._explained = next(iter(session.game.tracks))
        self._statuses: list[SeatStatus] = []
        self._shown: tuple[object, ...] = ()
        self.on_shown: Callable[[int], None] | None = None
        """Called with the number of actions shown, each time others' moves have been drawn (for measuring)."""

    def compose(self) -> ComposeResult:
        yield Static(id="status")
        with Horizontal(id="body"):
            yield Board(id="board")
            with Vertical(id="facilitator-side"):
                yield Static("Seats  [dim](select one for b, h, s, x, r)[/]", classes="board-title")
                yield DataTable(id="seats", cursor_type="row", zebra_stripes=True)
                yield Static("Everything that happened (secret moves too)", classes="board-title")
                yield RichLog(id="log", wrap=True, markup=False, auto_scroll=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#seats", DataTable)
        table.add_columns("Seat", "Played by", "Screen", "This turn")
        self.redraw()
        table.focus()
        self.set_interval(POLL, self.poll, name="live-poll")
        self.set_interval(PRESENCE_EVERY, self.show_seats, name="presence")

    # -- keeping up -----------------------------------------------------------------------------

    def poll(self) -> None:
        session = self.session
        try:
            changed = session.refresh()
            session.beat()
        except LiveError as exc:
            self.notify(str(exc), severity="error")
            return
        if changed:
            self.redraw()
            if self.on_shown is not None:
                self.on_shown(len(session.actions))

    def redraw(self) -> None:
        """Everything from the session: status, board, seats, log."""
        session = self.session
        self.query_one(TrackTable).show(session, None)
        self.query_one(TrustMatrix).show(session, None)
        self.query_one(TrackExplainer).show(session, None, self._explained, self.sources)
        self.show_seats()
        log = self.query_one(RichLog)
        for event in session.events[self._logged:]:
            if event.kind in QUIET_EVENTS:
                continue
            if event.kind == "card":
                log.write("")
            log.write(event_block(session.game, event, self.sources))
        self._logged = len(session.events)
        self.refresh_bindings()

    def _status_text(self) -> Text:
        session = self.session
        game, state = session.game, session.state
        text = Text(f" {state.phase.value.upper()} ", style="reverse bold")
        text.append(f" Turn {state.turn}/{game.turns} - {game.scenario.title} - live game {session.code}\n",
                    style="bold")
        actor = session.to_act()
        if state.over:
            text.append("The game is over.")
        elif state.paused:
            text.append("Paused by you: nobody else moves until you resume (p).", style="bold")
        elif session.waiting_for_host():
            text.append(f"Waiting for the host, which is not running: wargame host --resume {session.code}",
                        style="bold")
        elif actor == CHANCE:
            text.append("The host draws the event card...", style="italic")
        elif actor is not None:
            absent = session.waiting_for(self._statuses or None)
            text.append(f"{game.role_name(actor)} to play", style="bold")
            if absent:
                text.append(" - its screen is not open: wait, or hand the seat to a bot (b)", style="italic")
        return text

    def show_seats(self) -> None:
        """The seats' table: who plays each, whether a screen is open on it, what it has done this turn."""
        session = self.session
        try:
            self._statuses = session.presence()
        except LiveError:
            return
        state, actor = session.state, session.to_act()
        shown = (tuple((s.seat, s.kind, s.screens, s.shared, s.locked, s.last_seen is None) for s in self._statuses),
                 len(session.actions), actor)
        if shown != self._shown:  # redrawn only when something in it changed (not at every heartbeat)
            self._shown = shown
            self._fill_seats(state, actor)
        self.query_one("#status", Static).update(self._status_text())

    def _fill_seats(self, state: GameState, actor: str | None) -> None:
        session = self.session
        table = self.query_one("#seats", DataTable)
        row = table.cursor_row
        table.clear()
        for status in self._statuses:
            played = "people" if status.bot is None else f"{status.bot} bot"
            if status.seat == self.session.seat:
                played = "you"
            screen = ", ".join(status.screens) if status.screens else ("gone" if status.last_seen else "absent")
            if status.shared:
                screen += " (shared)"
            turn = ""
            if status.seat in session.game.roles:
                if status.seat == actor:
                    turn = "to play"
                elif state.phase is Phase.DECISION:
                    turn = "committed" if status.seat in state.committed else "deciding"
                elif state.phase is Phase.NEGOTIATION and status.seat in state.done:
                    turn = "done talking"
            table.add_row(status.name, played, screen, turn, key=status.seat)
        if self._statuses:
            table.move_cursor(row=min(row, len(self._statuses) - 1))

    @on(TrackHighlighted)
    def _track_highlighted(self, message: TrackHighlighted) -> None:
        self._explained = message.key
        self.query_one(TrackExplainer).show(self.session, None, message.key, self.sources)

    # -- moves --------------------------------------------------------------------------------------

    def _selected(self) -> str | None:
        table = self.query_one("#seats", DataTable)
        if not self._statuses or table.cursor_row < 0:
            return None
        return self._statuses[min(table.cursor_row, len(self._statuses) - 1)].seat

    def _play(self, action: Action) -> None:
        try:
            self.session.submit(action)
        except (LiveError, ValueError) as exc:
            self.notify(str(exc), title="Not done", severity="warning")
            return
        self.redraw()

    def _control(self, what: Callable[[], object], done: str) -> None:
        try:
            what()
        except (LiveError, sqlite3.Error) as exc:
            self.notify(str(exc), title="Not done", severity="warning")
            return
        self.notify(done)
        self.show_seats()

    def _ask(self, title: str, placeholder: str, then: Callable[[str], None], *, required: bool = False) -> None:
        def answered(text: str | None) -> None:
            if text is not None and (text.strip() or not required):
                then(text.strip())

        self.app.push_screen(EntryScreen(title, placeholder), callback=answered)

    def action_pause(self) -> None:
        """Pause the game (nobody but you moves), or resume it."""
        if self.session.state.paused:
            self._play(Resume())
        else:
            self._ask("Pause the game", "reason (optional), Enter to pause", lambda reason: self._play(Pause(reason)))

    def action_note(self) -> None:
        """A note on this turn, for the debrief (the roles do not see it)."""
        self._ask("Note on this turn", "what to remember for the debrief", lambda text: self._play(Note(text)),
                  required=True)

    def action_close_talks(self) -> None:
        """End the negotiation now: unanswered proposals expire."""
        self._ask("Close the negotiation", "reason (optional), Enter to close",
                  lambda reason: self._play(CloseNegotiation(reason)))

    def action_reveal(self) -> None:
        """Make the selected role's committed positions public before resolution."""
        seat = self._selected()
        if seat in self.session.game.roles:
            self._play(Reveal(seat))

    def action_countdown(self) -> None:
        """Give the negotiation a time limit; when it runs out, this screen closes the negotiation."""
        def start(text: str) -> None:
            try:
                seconds = parse_seconds(text)
            except ValueError as exc:
                self.notify(str(exc), title="Not done", severity="warning")
                return
            turn = self.session.state.turn
            self._play(Countdown(seconds))
            if seconds and self.session.state.countdown == seconds:
                self.set_timer(seconds, lambda: self._time_up(turn), name="countdown")

        self._ask("Time limit for this negotiation", "minutes, like 5 or 2:30 (0 clears it)", start, required=True)

    def _time_up(self, turn: int) -> None:
        state = self.session.state
        if state.turn == turn and state.phase is Phase.NEGOTIATION and state.countdown:
            self._play(CloseNegotiation("time is up"))

    def action_adjust(self) -> None:
        """Move a track by hand, with a reason (the roles see the change and the reason)."""
        tracks = ", ".join(self.session.game.tracks)
        self._ask("Adjust a track: TRACK +N or -N, then the reason", f"e.g. mutual_confidence -1 a press leak "
                  f"(tracks: {tracks})", lambda text: self._parsed(lambda: parse_adjustment(text)), required=True)

    def action_inject(self) -> None:
        """Play an event card of the deck now, with a reason."""
        state = self.session.state
        cards = ", ".join(c for c in self.session.game.cards if c not in state.drawn)
        self._ask("Inject an event card: CARD, then the reason", f"cards not drawn yet: {cards}",
                  lambda text: self._parsed(lambda: parse_injection(text)), required=True)

    def _parsed(self, make: Callable[[], Action]) -> None:
        try:
            action = make()
        except ValueError as exc:
            self.notify(str(exc), title="Not done", severity="warning")
            return
        self._play(action)

    def action_to_bot(self) -> None:
        """Let a bot play the selected seat while its people are away."""
        seat = self._selected()
        if seat is None:
            return
        kinds = ", ".join(BOTS)
        self._ask(f"Hand {self.session.live.seat_name(seat)} to a bot", f"which bot ({kinds}); Enter: {DEFAULT_BOT}",
                  lambda kind: self._control(lambda: self.session.control().hand_to_bot(seat, kind or DEFAULT_BOT),
                                             f"{self.session.live.seat_name(seat)} is played by a bot"))

    def action_to_people(self) -> None:
        """Give the selected seat back to its people (the game waits for them)."""
        seat = self._selected()
        if seat is not None:
            self._control(lambda: self.session.control().hand_to_people(seat),
                          f"{self.session.live.seat_name(seat)} is played by its people")

    def action_share(self) -> None:
        """Allow a second screen on the selected seat, or stop allowing it."""
        seat = self._selected()
        status = next((s for s in self._statuses if s.seat == seat), None)
        if status is not None:
            self._control(lambda: self.session.control().share(status.seat, not status.shared),
                          f"{status.name} may be open on {'one screen' if status.shared else 'several screens'}")

    def action_release(self) -> None:
        """Free the selected seat: its screens lose it and must join again."""
        seat = self._selected()
        if seat is not None and seat != self.session.seat:
            self._control(lambda: self.session.control().release(seat),
                          f"{self.session.live.seat_name(seat)} released")

    def action_export(self) -> None:
        """Write the game as it stands as an ordinary save file."""
        try:
            path = self.session.export()
        except LiveError as exc:
            self.notify(str(exc), title="Not saved", severity="error")
            return
        self.notify(f"Saved as {path}", title="Exported")

    def action_leave(self) -> None:
        """Leave the facilitator's seat (the game goes on; join again with the PIN)."""
        self.app.exit(0)

    def action_board(self) -> None:
        """On a narrow screen: the board of tracks, or the seats and the log."""
        self.toggle_class("-show-board")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys show only when they can do something now."""
        state = self.session.state
        if action == "board":
            return self.has_class("-narrow")
        if action in ("close_talks", "countdown"):
            return state.phase is Phase.NEGOTIATION and not state.over
        if action in ("adjust", "inject"):
            return not state.over
        if action == "reveal":
            return state.phase is Phase.DECISION and bool(state.committed)
        if action == "pause":
            return not state.over
        return True


def parse_seconds(text: str) -> int:
    """``5`` (minutes), ``2:30`` (minutes and seconds) or ``90s``: a countdown in seconds."""
    text = text.strip().lower()
    try:
        if text.endswith("s"):
            return int(text[:-1])
        if ":" in text:
            minutes, seconds = text.split(":", 1)
            return int(minutes) * 60 + int(seconds)
        return round(float(text) * 60)
    except ValueError:
        raise ValueError(f"{text!r} is not a time: give minutes (5), minutes:seconds (2:30) or seconds (90s)") from None


def parse_adjustment(text: str) -> Adjust:
    """``mutual_confidence -1 a press leak`` -> an :class:`Adjust` (the engine checks the track and the reason)."""
    parts = text.split(maxsplit=2)
    if len(parts) < 3:
        raise ValueError("give the track, the change and the reason: mutual_confidence -1 a press leak")
    try:
        delta = int(parts[1])
    except ValueError:
        raise ValueError(f"{parts[1]!r} is not a whole number like +1 or -2") from None
    return Adjust(parts[0], delta, parts[2])


def parse_injection(text: str) -> Inject:
    """``card_id the reason`` -> an :class:`Inject` of that deck card."""
    parts = text.split(maxsplit=1)
    if not parts:
        raise ValueError("give the card and the reason")
    return Inject(card=parts[0], reason=parts[1] if len(parts) > 1 else "")


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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#entry-ok")
    def _ok(self) -> None:
        self.dismiss(self.query_one(Input).value)

    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)
