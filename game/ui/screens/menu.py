"""The main menu: the first screen. It imports nothing but Textual, so it appears quickly."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from game.ui.widgets.keybar import KeyBar

TAGLINE = "NATO, Russia and the host nations negotiate transparency, data-sharing and basing"
NOTE = "Every option, event and effect cites the public record of 2007-2012"

# (id, label, hint while unavailable). Continue and Load wait until the saves have been looked at.
ITEMS: tuple[tuple[str, str, str | None], ...] = (
    ("new", "New game", None),
    ("continue", "Continue", "..."),
    ("load", "Load", "..."),
    ("replays", "Replays", "..."),
    ("rules", "Rules and keys", None),
    ("quit", "Quit", None),
)
WIDTH = max(len(label) for _, label, _ in ITEMS) + 3
HINT_WIDTH = 36
"""The longest hint beside an item that keeps to one line of the menu."""


class MainMenu(Screen[None]):
    """New game, Continue, Load, Replays, Rules, Quit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "choose('new')", "New game", id="menu.new"),
        Binding("c", "choose('continue')", "Continue", id="menu.continue"),
        Binding("l", "choose('load')", "Load", id="menu.load"),
        Binding("p", "choose('replays')", "Replays", id="menu.replays"),
        Binding("r", "choose('rules')", "Rules", id="menu.rules"),
        Binding("q", "choose('quit')", "Quit", id="menu.quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="menu-body"):
            yield Static(self.app.title.upper(), id="menu-title")
            yield Static(TAGLINE, id="menu-tagline")
            with Center():
                yield OptionList(*_options(), id="menu-items")
            yield Static(NOTE, id="menu-note")
        yield KeyBar()

    def __init__(self) -> None:
        super().__init__()
        self._latest: object | None = None  # the SaveInfo that Continue resumes
        self.saves_shown = False
        """Whether Continue, Load and Replays show what is in the saves folder yet."""

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        """Shown (at start, or back from a game that has been saved since): look at the saves again,
        once the menu is on the terminal (reading them takes a thread that would delay the first frame)."""
        self.set_timer(0.3, self._look_for_saves)

    def _look_for_saves(self) -> None:
        self.run_worker(self._find_saves, thread=True, exclusive=True, group="menu-saves", exit_on_error=False)

    def _find_saves(self) -> None:
        """Off the main thread: the latest unfinished game, and whether there are saves at all."""
        from game.ui.saving import continue_hint, latest_autosave, list_saves

        directory = getattr(self.app, "saves_dir", None)
        saves = [info for info in list_saves(directory) if info.data is not None]
        latest = latest_autosave(directory)
        hint = continue_hint(latest, saves, HINT_WIDTH) if latest is not None else None
        self.app.call_from_thread(self._show_saves, latest, hint, len(saves))

    def _show_saves(self, latest: object | None, hint: str | None, count: int) -> None:
        self._latest = latest
        self.saves_shown = True
        items = self.query_one(OptionList)
        saved = f"{count} saved game{'s' if count != 1 else ''}" if count else "no saved games"
        for item, label, available, note in (
            ("continue", "Continue", latest is not None, hint or "no game to go on with"),
            ("load", "Load", count > 0, saved),
            ("replays", "Replays", count > 0, "step through a saved game" if count else "no saved games"),
        ):
            items.replace_option_prompt(item, Text.assemble(label.ljust(WIDTH), (note, "italic" if available else "dim")))
            if available:
                items.enable_option(item)
            else:
                items.disable_option(item)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Continue and Load only once there is something to go on with."""
        if action == "choose" and parameters and parameters[0] in ("continue", "load", "replays"):
            option = self.query_one(OptionList).get_option(str(parameters[0]))
            return not option.disabled
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.action_choose(event.option.id)

    def action_choose(self, item: str) -> None:
        """Do what the menu item ``item`` says."""
        if item == "new":
            self.app.new_game()  # type: ignore[attr-defined]
        elif item == "rules":
            self.app.action_help("rules")  # type: ignore[attr-defined]
        elif item == "quit":
            self.app.exit(0)
        elif item in ("load", "replays"):
            self.app.load_game(replay=item == "replays")  # type: ignore[attr-defined]
        elif item == "continue" and self._latest is not None:
            self.notify("Loading the game...", timeout=2)
            self.app.open_save(self._latest.path)  # type: ignore[attr-defined]

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The menu's items for the command palette."""
        yield SystemCommand("New game", "Choose a scenario, the seats and a seed", lambda: self.action_choose("new"))


def _options() -> Iterable[Option]:
    for item, label, hint in ITEMS:
        if hint is None:
            yield Option(Text(label), id=item)
        else:
            yield Option(Text.assemble(label.ljust(WIDTH), (hint, "dim")), id=item, disabled=True)
