"""The join screen: the game's code, the seat and its PIN; refusals are shown on the screen, never crash it.

It is the first screen of ``wargame join`` without a code, of every SSH login with the
ForceCommand set-up, and of every browser connection under ``wargame serve`` (which has no login
of its own: the PIN is the only key). After a wrong PIN the form waits a second before it
accepts another try, and a seat locks for a minute after several in a row.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from game.live.errors import LiveError, WrongPin
from game.ui.widgets.form import enter_binding
from game.ui.widgets.keybar import KeyBar

WRONG_PIN_PAUSE = 1.0
"""Seconds the form waits after a wrong PIN before it takes another."""


class JoinScreen(Screen[None]):
    """Code, seat, PIN, and Join."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.quit", "Quit", id="join.quit"),  # (ctrl+q too, as everywhere)
        enter_binding("join"),
    ]

    def __init__(self, code: str | None, role: str | None, live_dir: Path | None, via: str) -> None:
        super().__init__()
        self.code, self.role, self.live_dir, self.via = code or "", role or "", live_dir, via

    def compose(self) -> ComposeResult:
        with Vertical(id="join-body"):
            yield Static("MISSILE DEFENCE IN EUROPE - join a live game", id="join-title")
            with Center():
                with Vertical(id="join-form"):
                    yield Label("Game code (the host shows it)")
                    yield Input(self.code, placeholder="K7QM2X", id="join-code", max_length=12, compact=True)
                    yield Label("Your seat (a role, or facilitator)")
                    yield Input(self.role, placeholder="russia", id="join-seat", max_length=48, compact=True)
                    yield Static("", id="join-seats", classes="muted")
                    yield Label("PIN of the seat (6 digits)")
                    yield Input(placeholder="••••••", id="join-pin", password=True, max_length=12,
                                compact=True)
                    yield Static("", id="join-error", classes="error")
                    with Horizontal(classes="buttons"):
                        yield Button("Join", id="join-go", variant="primary")
        yield KeyBar()

    def on_mount(self) -> None:
        for widget_id in ("#join-code", "#join-seat", "#join-pin"):
            field = self.query_one(widget_id, Input)
            if not field.value:
                field.focus()
                break
        self._show_seats(self.code)

    @on(Input.Changed, "#join-code")
    def _code_changed(self, event: Input.Changed) -> None:
        self._show_seats(event.value)

    def _show_seats(self, code: str) -> None:
        """Under the seat field: the seats of the game whose code is typed (codes are not secret)."""
        from game.live import LiveGame

        hint = ""
        if code.strip():
            try:
                live = LiveGame.open(code, self.live_dir)
            except LiveError:
                hint = ""
            else:
                hint = "Seats: " + ", ".join(f"{live.seat_name(s)} ({s})" for s in live.seat_ids)
                live.close()
        self.query_one("#join-seats", Static).update(hint)

    async def action_form_enter(self) -> None:
        """Enter: on to the first empty field (at once, so a code, seat and PIN typed ahead each land in
        their own field); from the PIN, or when all are filled, join."""
        order = ["join-code", "join-seat", "join-pin"]
        focused = self.focused
        if isinstance(focused, Button):
            focused.press()
            return
        empty = next((i for i in order if not self.query_one(f"#{i}", Input).value.strip()), None)
        if empty is not None and (focused is None or focused.id != "join-pin"):
            self.query_one(f"#{empty}", Input).focus()
            return
        await self.join()

    @on(Button.Pressed, "#join-go")
    async def _pressed(self) -> None:
        await self.join()

    async def join(self) -> None:
        """Try to join with what is typed; on success the seat's screen replaces this one."""
        from game.live import LiveGame

        button = self.query_one("#join-go", Button)
        if button.disabled:
            return
        error = self.query_one("#join-error", Static)
        code = self.query_one("#join-code", Input).value
        seat = self.query_one("#join-seat", Input).value
        pin_field = self.query_one("#join-pin", Input)
        if not code.strip() or not seat.strip() or not pin_field.value.strip():
            error.update("Type the game's code, your seat and its PIN.")
            return
        button.disabled = True
        try:
            live = LiveGame.open(code, self.live_dir)
            try:
                session = live.join(seat, pin_field.value, self.via)
            except BaseException:
                live.close()
                raise
        except (LiveError, sqlite3.Error) as exc:
            said = str(exc) if isinstance(exc, LiveError) else f"the game's record could not be used: {exc}"
            error.update(Text(said))
            pin_field.value = ""
            pin_field.focus()
            if isinstance(exc, WrongPin):
                await asyncio.sleep(WRONG_PIN_PAUSE)
            button.disabled = False
            return
        self.app.open_seat(session)  # type: ignore[attr-defined]
