"""A role's seat: the hot-seat game screen fixed to one role, kept current from the shared record.

It is :class:`game.ui.screens.game.GameScreen` with three differences: the screen never changes
hands (no curtain: this terminal is the role's alone); nobody here plays the card draws or the
bots (the host does); and a timer takes in the other seats' moves a few times a second and says
the seat is still here. Moves go through the same ``session.submit``, which the live session
checks against the whole game's record.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import ClassVar

from textual.app import CSSPathType
from textual.binding import Binding, BindingType
from textual.widgets import Button

from game.live.errors import LiveError
from game.live.session import LiveSession
from game.live.tui.app import css_beside
from game.scenario.loader import LoadedScenario
from game.ui.screens.end import EndScreen
from game.ui.screens.game import GameScreen

POLL = 0.1
"""Seconds between looks at the record: others' moves show within this (plus the redraw)."""
HOST_CHECK = 10.0
"""Seconds between checks that the host is running when the game waits for it."""


class SeatScreen(GameScreen):
    """The game seen and played from one role's seat of a live game."""

    CSS_PATH: ClassVar[CSSPathType | None] = css_beside(GameScreen, GameScreen.CSS_PATH)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Leave seat", id="game.leave"),
    ]

    def __init__(self, loaded: LoadedScenario, session: LiveSession) -> None:
        super().__init__(loaded, session)
        self.live: LiveSession = session
        self.role = session.seat
        self.watching = False
        self._handed = session.seat  # no curtain: the screen is this role's alone
        self.closes_countdown = False  # the facilitator's screen closes the talks when the time is up
        self._released = False
        self._host_checked = float("-inf")
        self._bot: str | None = None
        self.on_shown: Callable[[int], None] | None = None
        """Called with the number of actions shown, each time others' moves have been drawn (for measuring)."""

    async def on_mount(self) -> None:
        # Textual calls GameScreen's on_mount too, after this one: it opens the first tab and calls advance().
        self.set_interval(POLL, self.poll, name="live-poll")

    async def poll(self) -> None:
        """Take in the other seats' moves, redraw if there were any, and beat the heart."""
        session = self.live
        try:
            changed = session.refresh()
            held = session.beat()
        except LiveError as exc:
            self.notify(str(exc), title="The game's record", severity="error", timeout=10)
            return
        if not held and not self._released:
            self._released = True
            self.notify("This screen no longer holds the seat (the facilitator released it, or it was joined "
                        "elsewhere). Leave and join again with the PIN to play on.", title="Seat released",
                        severity="warning", timeout=60)
        self._check_host()
        if changed:
            self._check_bot()
            await self.advance()
            if self.on_shown is not None:
                self.on_shown(len(session.actions))

    def _check_bot(self) -> None:
        """Say so, once each time, when the facilitator hands this seat to a bot."""
        bot = self.live.seats[self.role].bot
        if bot is not None and bot != self._bot:
            self.notify(f"The facilitator handed {self.live.game.role_name(self.role)} to the {bot} bot: you are "
                        "watching. To play again, leave (Esc) and join again with your PIN.", title="Seat handed over",
                        severity="warning", timeout=30)
        self._bot = bot

    def _check_host(self) -> None:
        """Once every few seconds: say so when the game waits for a host that is not running."""
        now = time.monotonic()
        if now < self._host_checked + HOST_CHECK:
            return
        self._host_checked = now
        if self.live.waiting_for_host():
            self.notify(f"The game waits for its host, which is not running: the organiser starts it again with "
                        f"'wargame host --resume {self.live.code}'.", title="No host", severity="warning",
                        timeout=HOST_CHECK)

    async def advance(self) -> None:
        """After any move, this seat's or another's: redraw, and open the tab with the news when it is this
        seat's move; the end when the game is over.

        Card draws and bots' moves are the host's; other people's moves arrive through :meth:`poll`.
        """
        if self.session.state.over:
            self._show_end()
            return
        await self.refresh_view()
        if self.session.to_act() == self.role:
            self._land()

    def _show_end(self) -> None:
        self.give_way_to(SeatEndScreen(self.loaded, self.session))

    def action_leave(self) -> None:
        """Leave the seat, after a confirmation; the game goes on and the seat may be joined again."""
        from game.ui.screens.dialogs import ConfirmScreen

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.exit(0)

        code = self.live.code
        self.app.push_screen(
            ConfirmScreen("Leave your seat?", f"The game goes on without this screen. To come back: wargame join "
                          f"{code} --role {self.role}, with your PIN.", "Leave"),
            callback=confirmed,
        )


class SeatEndScreen(EndScreen, inherit_bindings=False):
    """The end of a live game from a seat: scores and the record; the only way on is to close."""

    CSS_PATH: ClassVar[CSSPathType | None] = css_beside(EndScreen, EndScreen.CSS_PATH)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "quit", "Close", id="end.quit"),
    ]

    def on_mount(self) -> None:
        # A seat has no new game or menu: only the way out shows.
        for button in self.query(".buttons Button").results(Button):
            if "quit" not in str(button.action):
                button.display = False
