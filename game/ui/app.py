"""The Textual application: screens, app-wide keys, themes and the command palette.

Start-up is kept close to a bare Textual app: this module and the main menu import only
Textual itself. The engine, the scenarios and the game screens are imported in a worker
thread once the first screen is up, or when first needed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, CSSPathType, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES, Theme

from game.ui.terminal import on_hang_up, terminal_gone, watches_terminal

if TYPE_CHECKING:
    from game.saves import SavedGame
    from game.scenario.loader import LoadedScenario
    from game.session import Session
    from game.ui.library import Library
    from game.ui.saving import GameSaver

WARM_UP_AFTER = 0.3
"""Seconds after start-up before the game layers are imported and the scenarios loaded in a thread."""
TERMINAL_CHECK = 2.0
"""Seconds between looks at whether the terminal is still there."""
DARK = "textual-dark"
LIGHT = "wargame-light"


def light_theme() -> Theme:
    """Textual's light theme with darker accents. Its orange (#ffa62b) on its grey reads at about 1.5:1,
    too faint for the headings it colours when a seminar projects the game, and its footer keys
    (#0178D4) at 2.9:1; this brown reads at 4.9:1 and the footer keys, in the theme's dark blue, at
    6.4:1 (4.5:1 is the usual floor for text)."""
    base = BUILTIN_THEMES["textual-light"]
    return dataclasses.replace(base, name=LIGHT, accent="#944A00", warning="#944A00",
                               variables={**base.variables, "footer-key-foreground": "#004578"})


class WargameApp(App[int]):
    """The missile-defence wargame in the terminal."""

    TITLE = "Missile Defence in Europe"
    SUB_TITLE = "a negotiation wargame"
    CSS_PATH: ClassVar[CSSPathType | None] = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1,question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+t", "toggle_theme", "Light/dark theme", id="app.theme", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, show=False),
    ]

    def __init__(
        self, loaded: LoadedScenario | None = None, session: Session | None = None, *, saves_dir: Path | None = None,
    ) -> None:
        """Open at the main menu, or straight into ``session``; games are saved in ``saves_dir`` (default:
        ``$WARGAME_SAVES_DIR``, else ``saves/``)."""
        super().__init__()
        self._start = (loaded, session) if loaded is not None and session is not None else None
        self._library: Library | None = None
        self.saves_dir = saves_dir
        self.register_theme(light_theme())
        self.theme = DARK

    # -- screens -------------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """The main menu; an empty screen when a game given on the command line opens at once."""
        if self._start is not None:
            return Screen()
        from game.ui.screens.menu import MainMenu

        return MainMenu()

    def on_mount(self, event: events.Mount) -> None:
        self.open_first()
        # Not at once: a thread importing modules holds the interpreter, and the first frame would
        # reach the terminal later.
        self.set_timer(WARM_UP_AFTER, self._load_library)

    def open_first(self) -> None:
        """Open what the app starts on over the main menu: the game it was given, if any. Subclasses
        open something else here (a save to resume, a replay); Textual runs this class's ``on_mount``
        for them as well, so they must not define their own."""
        if self._start is not None:
            # Pushed rather than made the default screen, which is mounted without its screen's CSS.
            self.open_game(*self._start)

    @work(thread=True, exclusive=True, group="library", exit_on_error=False)
    def _load_library(self) -> None:
        """Import the game layers and load the scenarios off the main thread, after the first frame."""
        import game.ui.screens.game  # noqa: F401 - imported for its side effect of warming the import cache
        import game.ui.screens.new_game  # noqa: F401

        self.library.entries()

    @property
    def library(self) -> Library:
        """The scenarios a new game may be played on (loaded on first use)."""
        if self._library is None:
            from game.ui.library import Library

            self._library = Library()
            if self._start is not None:
                self._library.add(self._start[0])
        return self._library

    def _pop_to_home(self) -> None:
        """Close screens down to the main menu (or to the bottom screen when there is no menu)."""
        while len(self.screen_stack) > 1 and not _is_menu(self.screen):
            self.pop_screen()

    def show_menu(self) -> None:
        """Back to the main menu, closing every other screen."""
        from game.ui.screens.menu import MainMenu

        self._pop_to_home()
        if not _is_menu(self.screen):
            self.push_screen(MainMenu())

    def new_game(self) -> None:
        """The new-game screen: scenario, seats and seed."""
        from game.ui.screens.new_game import NewGameScreen

        self.push_screen(NewGameScreen())

    def open_game(
        self, loaded: LoadedScenario, session: Session, saver: GameSaver | None = None, shown: str | None = None,
        tab: str | None = None,
    ) -> None:
        """Play ``session`` in place of every screen but the menu, autosaving it with ``saver`` (default: a
        new save file); a resumed game opens on the seat ``shown`` (if it is that seat's screen) and ``tab``."""
        from game.ui.saving import GameSaver
        from game.ui.screens.game import GameScreen

        self._pop_to_home()
        saver = saver or GameSaver.new(loaded, self.saves_dir)
        self.push_screen(GameScreen(loaded, session, saver=saver, shown=shown, tab=tab))

    def resume_game(self, saved: SavedGame) -> None:
        """Go on with a loaded save, in its own file."""
        from game.ui.saving import GameSaver

        view = saved.view
        tab = view.screen.removeprefix("game.") if view.screen and view.screen.startswith("game.") else None
        self.open_game(saved.loaded, saved.session, GameSaver(saved.file), view.role, tab)

    @work(thread=True, exclusive=True, group="open-save", exit_on_error=False)
    def open_save(self, path: Path, on_error: Callable[[str], None] | None = None) -> None:
        """Read, replay and resume the save at ``path``, off the main thread; a save that cannot be read
        is reported (to ``on_error``, else as a notification) and left as it is."""
        from game.saves import SaveError, load_save

        try:
            saved = load_save(path)
        except SaveError as exc:
            report = on_error or (lambda message: self.notify(message, title="Cannot load", severity="error"))
            self.call_from_thread(report, str(exc))
            return
        self.call_from_thread(self.resume_game, saved)

    def load_game(self, replay: bool = False) -> None:
        """The list of saved games: to go on with one, or (``replay``) to step through it."""
        from game.ui.screens.saves import LoadScreen

        self.push_screen(LoadScreen(self.saves_dir, replay))

    # -- app-wide actions ----------------------------------------------------------------------

    def on_ready(self) -> None:
        if not self.is_headless and watches_terminal():
            self.set_interval(TERMINAL_CHECK, self._check_terminal, name="terminal")
        if not self.is_headless:
            on_hang_up(self._quit_soon)

    def _quit_soon(self) -> None:
        """Quit as Ctrl+Q does, saving the game, when the process is told to end: its terminal window or
        connection was closed (SIGHUP), or it was asked to stop (SIGTERM)."""
        self.call_later(self.action_quit)

    async def _check_terminal(self) -> None:
        """Quit (saving the game) once the terminal has gone: its window or connection was closed."""
        if terminal_gone():
            await self.action_quit()

    def action_help(self, tab: str = "keys") -> None:
        """Every key (or the rules), over the current screen."""
        from game.ui.screens.help import HelpScreen, group_of

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(tab, about=group_of(self.screen)))

    async def action_quit(self) -> None:
        """Quit, saving the game in progress first so that Continue resumes it at the last move."""
        from game.ui.saving import SaveError
        from game.ui.screens.game import GameScreen

        for screen in self.screen_stack:
            if isinstance(screen, GameScreen) and not screen.session.state.over:
                try:
                    screen.save_now()
                except SaveError:
                    pass  # the autosave of the phase stands; quitting must not fail
        self.exit(0)

    def action_toggle_theme(self) -> None:
        """Switch between the light and the dark theme."""
        self.theme = LIGHT if self.theme == DARK else DARK

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's commands, then the moves and views the current screen offers now."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "The rules and every key", self.action_help)
        yield SystemCommand("Light or dark theme", "Switch between the light and the dark theme",
                            self.action_toggle_theme)
        offered = getattr(screen, "palette_commands", None)
        if offered is not None:
            yield from offered()


def _is_menu(screen: Screen[Any]) -> bool:
    from game.ui.screens.menu import MainMenu

    return isinstance(screen, MainMenu)
