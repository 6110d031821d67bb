"""The main menu: the first screen. It imports nothing but Textual, so it appears quickly."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

TAGLINE = "NATO, Russia and the host nations negotiate transparency, data-sharing and basing"
NOTE = "Every option, event and effect cites the public record of 2007-2012"

# (id, label, hint when unavailable). Continue, Load and Replays wait for saved games.
ITEMS: tuple[tuple[str, str, str | None], ...] = (
    ("new", "New game", None),
    ("continue", "Continue", "no saved games yet"),
    ("load", "Load", "no saved games yet"),
    ("replays", "Replays", "no replays yet"),
    ("rules", "Rules and keys", None),
    ("quit", "Quit", None),
)


class MainMenu(Screen[None]):
    """New game, Continue, Load, Replays, Rules, Quit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "choose('new')", "New game", id="menu.new"),
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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

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
        else:
            hint = dict((i, h) for i, _, h in ITEMS).get(item)
            if hint:
                self.notify(hint.capitalize() + ".", title=item.capitalize())

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The menu's items for the command palette."""
        yield SystemCommand("New game", "Choose a scenario, the seats and a seed", lambda: self.action_choose("new"))


def _options() -> Iterable[Option]:
    width = max(len(label) for _, label, _ in ITEMS) + 3
    for item, label, hint in ITEMS:
        if hint is None:
            yield Option(Text(label), id=item)
        else:
            yield Option(Text.assemble(label.ljust(width), (hint, "italic")), id=item, disabled=True)
