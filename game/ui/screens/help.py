"""Help: every key binding (read from the screens themselves) and the rulebook, rules.md."""

from __future__ import annotations

from typing import ClassVar

from rich.markdown import Markdown as RichMarkdown
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from game.scenario.catalog import REPO_ROOT
from game.ui.widgets.keybar import KeyBar

RULES_FILE = REPO_ROOT / "rules.md"


def key_groups() -> list[tuple[str, list[Binding]]]:
    """Each screen's bindings, read from the classes so the list can never go stale."""
    return [(name, [b for b in _bindings(_own_bindings(cls)) if b.description]) for name, cls in _screens()]


def group_of(screen: object) -> str | None:
    """The name :func:`key_groups` gives the keys of ``screen`` (None for a screen it does not list)."""
    screens = _screens()
    exact = [name for name, cls in screens if type(screen) is cls]
    return exact[0] if exact else next((name for name, cls in screens if isinstance(screen, cls)), None)


def _screens() -> list[tuple[str, type]]:
    """Every screen with keys of its own, by the name the key list gives it."""
    from game.ui.app import WargameApp
    from game.ui.screens.dialogs import ConfirmScreen, ExplainScreen, HandoverScreen
    from game.ui.screens.end import EndScreen
    from game.ui.screens.facilitator import FacilitatorDesk
    from game.ui.screens.game import GameScreen
    from game.ui.screens.menu import MainMenu
    from game.ui.screens.new_game import NewGameScreen
    from game.ui.screens.proposal import ProposalScreen
    from game.ui.screens.replay import ReplayScreen
    from game.ui.screens.saves import LoadScreen, SaveAsScreen

    return [
        ("Everywhere", WargameApp), ("Main menu", MainMenu), ("New game", NewGameScreen),
        ("Game", GameScreen), ("Facilitator's desk", FacilitatorDesk), ("Proposal", ProposalScreen), ("Hand-over", HandoverScreen),
        ("Question", ConfirmScreen), ("Track explained", ExplainScreen), ("Save as", SaveAsScreen),
        ("End of game", EndScreen), ("Saved games", LoadScreen), ("Replay", ReplayScreen), ("Help", HelpScreen),
    ]


def _own_bindings(cls: type) -> list[BindingType]:
    """The bindings a screen of this game declares, its game base classes' first (Textual's are left out)."""
    return [binding for klass in reversed(cls.__mro__) if klass.__module__.startswith("game.")
            for binding in klass.__dict__.get("BINDINGS", [])]


def _bindings(raw: list[BindingType]) -> list[Binding]:
    out = []
    for item in raw:
        out.append(item if isinstance(item, Binding) else Binding(*item))
    return out


def key_name(binding: Binding) -> str:
    """``f1 / ?``: the keys of a binding as a person would type them."""
    names = {"question_mark": "?", "equals_sign": "=", "plus": "+", "minus": "-", "escape": "Esc",
             "enter": "Enter", "space": "Space", "delete": "Delete", "left": "←", "right": "→",
             "home": "Home", "end": "End"}
    return " / ".join(names.get(k.strip(), k.strip()) for k in binding.key.split(","))


def rules_text() -> str:
    """The rulebook's Markdown (or a note that it is missing from this copy)."""
    try:
        return RULES_FILE.read_text(encoding="utf-8")
    except OSError:
        return f"# Rules\n\nThe rulebook ({RULES_FILE.name}) is not installed with this copy of the game."


class HelpScreen(Screen[None]):
    """The keys of every screen, and the rules (rendered when first shown: the rulebook is long).

    Opened over a screen (``about``), the key list opens at that screen's keys.
    """

    CSS_PATH = "game.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", id="help.close"),
        Binding("k", "show('keys')", "Keys", id="help.keys"),
        Binding("r", "show('rules')", "Rules", id="help.rules"),
    ]

    def __init__(self, initial: str = "keys", about: str | None = None) -> None:
        super().__init__()
        self.initial = initial
        self.about = about
        """The group of keys to open at (see :func:`group_of`)."""
        self._rules_shown = False

    def compose(self) -> ComposeResult:
        with TabbedContent(id="help-tabs"):
            with TabPane("Keys", id="keys"):
                yield Static("Every key, by screen. The footer always shows the keys that work now; "
                             "ctrl+p opens the command palette with the moves open now.", classes="muted")
                yield DataTable(id="keys-table", cursor_type="row", zebra_stripes=True)
            with TabPane("Rules", id="rules"), VerticalScroll(id="rules-scroll"):
                yield Static(id="rules-text")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#keys-table", DataTable)
        table.add_columns("Screen", "Key", "What it does")
        first_of_about: int | None = None
        for group, bindings in key_groups():
            if group == self.about and bindings:
                first_of_about = table.row_count
            for binding in bindings:
                table.add_row(group, key_name(binding), binding.description)
        table.focus()
        if first_of_about is not None:
            table.move_cursor(row=first_of_about, scroll=False)
            # Its keys at the top of the list, once the table knows its height.
            self.call_after_refresh(table.scroll_to, y=first_of_about, animate=False)
        if self.initial == "rules":
            self.action_show("rules")

    def action_show(self, tab: str) -> None:
        """Show the Keys or the Rules tab."""
        self.query_one(TabbedContent).active = tab

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "rules" and not self._rules_shown:
            self._rules_shown = True
            self.query_one("#rules-text", Static).update(RichMarkdown(rules_text()))
            self.query_one("#rules-scroll").focus()

    def action_close(self) -> None:
        """Back to where you were."""
        self.dismiss(None)
