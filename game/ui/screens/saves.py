"""Saved games: the Load list, and the name asked for by Save as.

Reading a save replays its whole log to check it, so loading runs in a worker thread; a save that
cannot be read is listed with what is wrong with it and cannot be opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from game.saves import SaveInfo, saves_dir
from game.ui.saving import describe, list_saves
from game.ui.widgets.keybar import KeyBar


class LoadScreen(Screen[None]):
    """Every saved game, newest first; Enter opens one where it stood (or, for ``replay``, in the viewer)."""

    CSS_PATH = "game.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back", id="load.back")]

    def __init__(self, directory: Path | None = None, replay: bool = False) -> None:
        super().__init__()
        self.directory = directory
        self.replay = replay
        self._saves: list[SaveInfo] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="load"):
            what = "Replay a saved game" if self.replay else "Saved games"
            yield Static(f"{what} ({saves_dir(self.directory)})", classes="dialog-title")
            yield LoadingIndicator(id="load-busy")
            yield OptionList(id="load-list")
            yield Static(id="load-problem", classes="error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#load-list").display = False
        self._list()

    @work(thread=True, exclusive=True, group="saves")
    def _list(self) -> None:
        saves = list_saves(self.directory)
        self.app.call_from_thread(self._show, saves)

    def _show(self, saves: list[SaveInfo]) -> None:
        self._saves = saves
        self.query_one("#load-busy").display = False
        listing = self.query_one("#load-list", OptionList)
        listing.display = True
        for info in saves:
            label = Text(info.name, style="bold" if info.data else "dim")
            label.append(f"\n  {describe(info)}", style="dim" if info.data else "red")
            listing.add_option(Option(label, id=str(info.path), disabled=info.data is None))
        if not saves:
            listing.add_option(Option(Text("No saved games yet: a game is saved at each new phase.", style="dim"),
                                      disabled=True))
        elif saves[0].data is not None:
            listing.highlighted = 0
        listing.focus()

    @on(OptionList.OptionSelected, "#load-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        self.query_one("#load-busy").display = True
        if self.replay:
            self._open_replay(Path(event.option.id))
        else:
            self.app.open_save(Path(event.option.id), on_error=self._problem)  # type: ignore[attr-defined]

    @work(thread=True, exclusive=True, group="saves", exit_on_error=False)
    def _open_replay(self, path: Path) -> None:
        from game.saves import SaveError, open_replay
        from game.ui.screens.replay import open_with_care

        try:
            replay = open_replay(path)
        except SaveError as exc:
            self.app.call_from_thread(self._problem, str(exc))
            return
        name = next((info.name for info in self._saves if info.path == path), path.stem)

        def show() -> None:
            self.query_one("#load-busy").display = False
            open_with_care(self.app, replay, name)

        self.app.call_from_thread(show)

    def _problem(self, message: str) -> None:
        self.query_one("#load-busy").display = False
        self.query_one("#load-problem", Static).update(message)

    def action_back(self) -> None:
        """Back to the main menu."""
        self.dismiss(None)


class SaveAsScreen(ModalScreen[str | None]):
    """Ask for the name to save the game under."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="save_as.cancel")]

    def __init__(self, suggestion: str) -> None:
        super().__init__()
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Save the game as", classes="dialog-title")
            yield Input(self.suggestion, placeholder="a name, e.g. seminar group 2", id="save-name")
            yield Static("Later autosaves go to this name too.", classes="muted")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", compact=True, action="screen.cancel")
                yield Button("Save (Enter)", variant="primary", compact=True, action="screen.save")
        yield KeyBar()

    @on(Input.Submitted)
    def action_save(self) -> None:
        """Close with the name typed."""
        name = self.query_one(Input).value.strip()
        if name:
            self.dismiss(name)

    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)
