"""Small screens over the game: the hot-seat curtain, a yes/no question, a track explained."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from game.session import Session
from game.text import SourceCatalog
from game.ui.widgets.board import TrackExplainer
from game.ui.widgets.keybar import KeyBar

EXPLAIN_RECENT = 30


class HandoverScreen(Screen[None]):
    """The hot-seat curtain: an opaque screen that hides the last seat's table until the next player is ready.

    It is a full screen, not a dialog, so nothing of the game screen beneath shows through.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "ready", "I am at the keyboard", id="handover.ready", priority=True),
    ]

    def __init__(self, role_name: str) -> None:
        super().__init__()
        self.role_name = role_name

    def compose(self) -> ComposeResult:
        with Vertical(id="curtain"):
            yield Static(f"Pass to {self.role_name}", id="curtain-title")
            yield Static(
                f"The screen is hidden so that nobody sees another seat's brief or positions.\n"
                f"{self.role_name}: press Enter when you are at the keyboard.",
                id="curtain-text",
            )
            with Center():
                yield Button(f"I am {self.role_name} - show my seat", id="curtain-ready", variant="primary",
                             action="screen.ready")
        yield KeyBar()

    def action_ready(self) -> None:
        """The next player is at the keyboard."""
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A question with a yes (the ``yes`` label) and a Cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "Cancel", id="confirm.cancel"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    ]

    def __init__(self, title: str, text: str, yes: str) -> None:
        super().__init__()
        self.title_text, self.text, self.yes = title, text, yes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.text)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="no", action="screen.answer(False)")
                yield Button(f"{self.yes} (y)", id="yes", variant="primary", action="screen.answer(True)")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def action_answer(self, yes: bool) -> None:
        """Close with the answer."""
        self.dismiss(yes)


class ExplainScreen(ModalScreen[None]):
    """Where a track's number came from: its history and every change with cause and source."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter,q", "close", "Close", id="explain.close")]

    def __init__(self, session: Session, role: str | None, key: str, sources: SourceCatalog) -> None:
        super().__init__()
        self.session, self.role, self.key, self.sources = session, role, key, sources

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="explain-dialog"):
            yield TrackExplainer()
            yield Static(Text("Escape to close", style="dim"))
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(TrackExplainer).show(self.session, self.role, self.key, self.sources, recent=EXPLAIN_RECENT)
        self.query_one("#explain-dialog").focus()

    def action_close(self) -> None:
        """Back to the game."""
        self.dismiss(None)
