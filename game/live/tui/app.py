"""The seat's app: the wargame's Textual app with the join screen in place of the main menu.

A seat plays one game: there is no menu, no new game and no hand-over. Leaving the seat (or
the end of the game, once its player has read the scores) closes the app; the game goes on
on the host, and the seat may be joined again with its PIN.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any, ClassVar

from textual import events
from textual.app import CSSPathType
from textual.screen import Screen

from game.engine import FACILITATOR
from game.live.session import LiveSession
from game.ui.app import WargameApp


def css_beside(cls: type, names: str | PurePath | Sequence[str | PurePath] | None) -> list[str | PurePath]:
    """``names`` (a class's relative ``CSS_PATH``) as absolute paths beside the module of ``cls``.

    A subclass in another package keeps its base class's style sheets this way (Textual reads a
    relative ``CSS_PATH`` beside the module of the class that is instantiated).
    """
    if names is None:
        return []
    folder = Path(inspect.getfile(cls)).parent
    return [str(folder / name) for name in ([names] if isinstance(names, (str, PurePath)) else names)]


class SeatApp(WargameApp):
    """One seat of a live game, joined from this terminal or browser."""

    SUB_TITLE = "live game"
    CSS_PATH: ClassVar[CSSPathType | None] = [
        *css_beside(WargameApp, WargameApp.CSS_PATH), str(Path(__file__).with_name("live.tcss")),
    ]

    def __init__(
        self,
        session: LiveSession | None = None,
        *,
        code: str | None = None,
        role: str | None = None,
        live_dir: Path | None = None,
        via: str = "terminal",
    ) -> None:
        super().__init__()
        self.session = session
        self.code, self.role, self.live_dir, self.via = code, role, live_dir, via

    def get_default_screen(self) -> Screen[Any]:
        """The join screen, or an empty screen under the seat's screen when the seat was joined already."""
        if self.session is not None:
            return Screen()
        from game.live.tui.join import JoinScreen

        return JoinScreen(self.code, self.role, self.live_dir, self.via)

    def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # not the wargame app's start-up: no menu, no scenario library to load
        if self.session is not None:
            self.open_seat(self.session)

    def open_seat(self, session: LiveSession) -> None:
        """Show the seat just joined: the facilitator's screen, or the game screen fixed to the role."""
        self.session = session
        self.sub_title = f"live game {session.code} - {session.live.seat_name(session.seat)}"
        if session.seat == FACILITATOR:
            from game.live.tui.facilitator import FacilitatorScreen

            self.push_screen(FacilitatorScreen(session))
        else:
            from game.live.tui.seat import SeatScreen

            self.push_screen(SeatScreen(session.live.loaded, session))

    # A seat has no menu and no other game: both mean closing the seat.

    def show_menu(self) -> None:
        """Leave the seat (the game goes on; the seat may be joined again)."""
        self.exit(0)

    def new_game(self) -> None:
        """A seat plays one game: leave it."""
        self.exit(0)
