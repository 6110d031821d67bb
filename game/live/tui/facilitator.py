"""The facilitator's seat: the whole table, every seat's presence, and the facilitator's moves.

The facilitator sees everything (every track, every event, secret ones included) and controls
the game through facilitator actions, which the engine checks and the record keeps like any
other move (pause and resume, notes, a countdown and closing the negotiation, revealing a
committed role, moving a track by hand, injecting a card of the deck or an event of one's own;
see :class:`~game.ui.screens.facilitator.FacilitatorMoves`), and the
seats through :class:`~game.live.session.Control` (hand a seat to a bot and back, let a second
screen join it, release it). Nothing here is shown to the roles' seats.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from game.bots import BOTS, DEFAULT_BOT
from game.engine import CHANCE, Action, CloseNegotiation, GameState, Phase
from game.live.errors import LiveError
from game.live.session import LiveSession, SeatStatus
from game.live.tui.app import css_beside
from game.text import SourceCatalog
from game.ui.facilitation import NegotiationClock
from game.ui.screens.facilitator import FacilitatorDesk, FacilitatorMoves, turn_status
from game.ui.screens.game import TICK
from game.ui.widgets.board import Board
from game.ui.widgets.eventlog import EventLog
from game.ui.widgets.keybar import KeyBar

POLL = 0.1
PRESENCE_EVERY = 1.0
"""Seconds between redraws of the seats' presence (a silent screen shows as gone without any commit)."""


class FacilitatorScreen(FacilitatorMoves):
    """The table as the facilitator runs it."""

    CSS_PATH: ClassVar[CSSPathType | None] = css_beside(FacilitatorDesk, ["game.tcss", FacilitatorDesk.CSS_PATH])
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "board", "Board/seats", id="facilitator.board"),
        Binding("b", "to_bot", "Seat to bot", id="facilitator.bot"),
        Binding("h", "to_people", "Seat to people", id="facilitator.people"),
        Binding("s", "share", "Share seat", id="facilitator.share"),
        Binding("x", "release", "Release seat", id="facilitator.release"),
        Binding("e", "export", "Export", id="facilitator.export"),
        Binding("escape", "leave", "Leave", id="facilitator.leave"),
    ]
    session: LiveSession

    def __init__(self, session: LiveSession) -> None:
        super().__init__()
        self.session = session
        self.sources: SourceCatalog = {entry.id: entry for entry in session.live.loaded.sources}
        self._explained = next(iter(session.game.tracks))
        self._statuses: list[SeatStatus] = []
        self._shown: tuple[object, ...] = ()
        self._clock = NegotiationClock()
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
                yield EventLog(id="log")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#seats", DataTable)
        table.add_columns("Seat", "Played by", "Screen", "This turn")
        self.redraw()
        table.focus()
        self.set_interval(POLL, self.poll, name="live-poll")
        self.set_interval(PRESENCE_EVERY, self.show_seats, name="presence")
        self.set_interval(TICK, self._time_the_talks, name="countdown")

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
        self.draw_table()
        self.show_seats()
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
        left = self._clock.left(time.time())
        if left and not state.over:
            text.append(f"  Countdown: {left} left", style="bold")
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
            turn = turn_status(state, status.seat, actor) if status.seat in session.game.roles else ""
            table.add_row(status.name, played, screen, turn, key=status.seat)
        if self._statuses:
            table.move_cursor(row=min(row, len(self._statuses) - 1))

    # -- moves --------------------------------------------------------------------------------------

    def _selected(self) -> str | None:
        table = self.query_one("#seats", DataTable)
        if not self._statuses or table.cursor_row < 0:
            return None
        return self._statuses[min(table.cursor_row, len(self._statuses) - 1)].seat

    def play_move(self, action: Action) -> bool:
        try:
            self.session.submit(action)
        except (LiveError, ValueError) as exc:
            self.notify(str(exc), title="Not done", severity="warning")
            return False
        self.redraw()
        return True

    def selected_role(self) -> str | None:
        return self._selected()

    def _time_the_talks(self) -> None:
        """Time a countdown by the clock the seats keep (stopped while paused); when it runs out, close the
        negotiation - this screen does it for the whole table."""
        session = self.session
        now, state = time.time(), session.state
        self._clock.follow(state, session.actions, now, session.recorded_at())
        self._clock.tick(state.paused, now)
        if self._clock.run_out(state.paused, now) and state.phase is Phase.NEGOTIATION:
            self.play_move(CloseNegotiation("time is up"))

    def _control(self, what: Callable[[], object], done: str) -> None:
        try:
            what()
        except (LiveError, sqlite3.Error) as exc:
            self.notify(str(exc), title="Not done", severity="warning")
            return
        self.notify(done)
        self.show_seats()

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
        if action == "board":
            return self.has_class("-narrow")
        return super().check_action(action, parameters)
