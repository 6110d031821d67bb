"""Saved games: the Load and Replays lists, and the name asked for by Save as.

Each save is listed as a person tells games apart: its name, its scenario, where it stands, who plays it
and when it was saved. Listing reads only the saves' headers (and compiles each scenario version once),
in a worker thread; how a finished game came out needs a replay, so another worker fills it in once the
list is shown. Reading a save replays its whole log to check it, so loading runs in a worker thread too;
a save that cannot be read is listed with what is wrong with it and cannot be opened.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text
from textual import on, work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from game.saves import SaveInfo, ScenarioFacts, saves_dir
from game.ui.saving import (
    finished_outcome,
    game_names,
    know_scenario,
    list_saves,
    players,
    save_label,
    saved_when,
    scenario_facts,
    standing,
)
from game.ui.widgets.keybar import KeyBar

OUTCOMES_FIRST = 0.1
"""Seconds before the first outcomes found are shown in the list; twice as long before each next batch."""


def save_row(info: SaveInfo, facts: ScenarioFacts | None, outcome: str | None = None,
             names: Mapping[str, str] | None = None) -> RenderableType:
    """One save in the list, in two lines that fit 80 columns: its name (see :func:`save_label` for ``names``),
    scenario and when it was saved, then where the game stands and who plays it; for a save that cannot be
    read, its file's name, then what is wrong with it."""
    if info.data is None:  # the reason is worth a third line, now and then, more than an ellipsis
        label = Text(save_label(info, names), style="dim")
        label.append(" - cannot be read", style="red")
        label.append(f"\n  {info.error}", style="red")
        return label
    first = SaveHeading(save_label(info, names), info.data.scenario.title, saved_when(info))
    second = Text(f"  {standing(info, facts, outcome)} - {players(info, facts)}", style="dim", no_wrap=True,
                  overflow="ellipsis")
    return Group(first, second)


class SaveHeading:
    """The first line of a save in the list: its name and its scenario's title on the left, when it was saved on
    the right. When they do not all fit, a long name is cut first (to no fewer than 24 characters), then the title."""

    SHORTEST_NAME = 24

    def __init__(self, name: str, title: str, when: str) -> None:
        self.name, self.title, self.when = name, title, when

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        when = Text(f"  {self.when}", style="dim")
        title = Text(f" - {self.title}")
        name = Text(self.name, style="bold")
        room = width - when.cell_len - title.cell_len
        if name.cell_len > room:
            name.truncate(max(room, self.SHORTEST_NAME), overflow="ellipsis")
        left = Text.assemble(name, title)
        left.truncate(max(width - when.cell_len, 0), overflow="ellipsis", pad=True)
        line = Text.assemble(left, when, no_wrap=True, overflow="ellipsis")
        line.truncate(width)
        yield line


class LoadScreen(Screen[None]):
    """Every saved game, newest first; Enter opens one where it stood (or, for ``replay``, in the viewer)."""

    CSS_PATH = "game.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        # A priority binding, so that the footer shows how to open a game (the list's own Enter does not show).
        Binding("enter", "open", "Open", id="load.open", priority=True),
        Binding("escape", "back", "Back", id="load.back"),
    ]

    def __init__(self, directory: Path | None = None, replay: bool = False) -> None:
        super().__init__()
        self.directory = directory
        self.replay = replay
        self._saves: list[SaveInfo] = []
        self._facts: dict[Path, ScenarioFacts | None] = {}
        self._names: dict[str, str] = {}

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
        if any(info.data is not None for info in saves):
            for entry in self.app.library.entries():  # type: ignore[attr-defined]  # loaded for New game anyway
                if entry.loaded is not None:
                    know_scenario(entry.loaded)  # saves of these very versions need no compiling
        facts = {info.path: scenario_facts(info) for info in saves}
        self.app.call_from_thread(self._show, saves, facts)

    def _show(self, saves: list[SaveInfo], facts: dict[Path, ScenarioFacts | None]) -> None:
        self._saves, self._facts, self._names = saves, facts, game_names(saves)
        self.query_one("#load-busy").display = False
        listing = self.query_one("#load-list", OptionList)
        listing.display = True
        for info in saves:
            listing.add_option(Option(save_row(info, facts[info.path], names=self._names), id=str(info.path),
                                      disabled=info.data is None))
        if not saves:
            listing.add_option(Option(Text("No saved games yet: a game is saved at each new phase.", style="dim"),
                                      disabled=True))
        elif saves[0].data is not None:
            listing.highlighted = 0
        listing.focus()
        self._find_outcomes([info for info in saves if info.data is not None and info.data.progress.over])

    @work(thread=True, exclusive=True, group="outcomes")
    def _find_outcomes(self, finished: list[SaveInfo]) -> None:
        """How each finished game came out, which only replaying it tells: from the top of the list down, once
        it is shown, in batches ever further apart (each change of a row lays the whole list out again)."""
        worker = get_current_worker()
        found: list[tuple[SaveInfo, str]] = []
        sent, wait = time.monotonic(), OUTCOMES_FIRST
        for info in finished:
            if worker.is_cancelled:
                return
            outcome = finished_outcome(info)
            if outcome is not None:
                found.append((info, outcome))
            if found and time.monotonic() - sent > wait and not worker.is_cancelled:
                self.app.call_from_thread(self._outcomes_found, found)
                found, sent, wait = [], time.monotonic(), wait * 2
        if found and not worker.is_cancelled:
            self.app.call_from_thread(self._outcomes_found, found)

    def _outcomes_found(self, found: list[tuple[SaveInfo, str]]) -> None:
        if not self.is_attached:  # left while the outcomes were being found
            return
        listing = self.query_one("#load-list", OptionList)
        for info, outcome in found:
            listing.replace_option_prompt(str(info.path), save_row(info, self._facts.get(info.path), outcome,
                                                                   self._names))

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
        name = next((save_label(info, self._names) for info in self._saves if info.path == path), path.stem)

        def show() -> None:
            self.query_one("#load-busy").display = False
            open_with_care(self.app, replay, name)

        self.app.call_from_thread(show)

    def _problem(self, message: str) -> None:
        self.query_one("#load-busy").display = False
        self.query_one("#load-problem", Static).update(message)

    def action_open(self) -> None:
        """Open the highlighted game."""
        listing = self.query_one("#load-list", OptionList)
        if listing.display:
            listing.action_select()

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
