"""A new game: pick a scenario (its situation, aims, roles and turns shown), who plays each seat, and a seed."""

from __future__ import annotations

import secrets
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Label, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from game.bots import BOTS, DEFAULT_BOT
from game.session import HUMAN, Session, parse_seats
from game.ui.library import Entry
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.tickbox import TickBox

SEAT_KINDS: tuple[str, ...] = (HUMAN, *(f"bot:{name}" for name in BOTS))
MAX_SEED = 2**63 - 1


def seat_label(kind: str) -> str:
    """``Human`` or ``Bot (greedy)``."""
    return "Human" if kind == HUMAN else f"Bot ({kind.removeprefix('bot:')})"


def scenario_text(entry: Entry) -> Text:
    """Everything a player wants to know before choosing a scenario."""
    if entry.loaded is None:
        return Text(f"This scenario cannot be loaded:\n{entry.problem}\n\nRun 'wargame validate {entry.path}'.")
    s = entry.loaded.scenario
    text = Text(s.title, style="bold")
    text.append(f"\n{s.period} - {len(s.turns)} turns, {len(s.roles)} roles\n\n", style="dim")
    text.append(s.situation.strip() + "\n")
    text.append("\nTeaching aims\n", style="bold")
    for aim in s.teaching_aims:
        text.append(f"  - {aim}\n")
    text.append("\nRoles\n", style="bold")
    for role in s.roles:
        text.append(f"  {role.name}", style="bold")
        text.append(f" ({role.kind}): {role.public.strip()}\n")
    text.append("\nTurns\n", style="bold")
    for i, turn in enumerate(s.turns, start=1):
        talk = "" if turn.negotiation else " - no negotiation"
        text.append(f"  {i}. {turn.label} ({turn.date}){talk}\n")
    return text


class SeatTable(DataTable[str]):
    """Who plays each role; Enter, Space or a click changes the seat (human, then each bot)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "cycle", "Human/bot", id="seats.cycle"),
        Binding("h", "set('human')", "Human", id="seats.human"),
        Binding("b", "set('bot')", "Bot", id="seats.bot"),
    ]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", **kwargs)  # type: ignore[arg-type]
        self.seats: dict[str, str] = {}

    def fill(self, entry: Entry) -> None:
        """One row per role of the scenario; the first role human, the others the default bot."""
        self.clear(columns=True)
        self.add_column("Role")
        # As wide as the longest choice: a column sized to the first choices shown cuts a longer one.
        self.add_column("Seat", width=max(len(seat_label(kind)) for kind in SEAT_KINDS))
        self.seats = {}
        if entry.loaded is None:
            return
        for i, role in enumerate(entry.loaded.scenario.roles):
            kind = HUMAN if i == 0 else f"bot:{DEFAULT_BOT}"
            self.seats[role.id] = kind
            self.add_row(role.name, seat_label(kind), key=role.id)

    class SeatChanged(Message):
        """A seat was given to a human or to another bot."""

    def current_role(self) -> str | None:
        """The role under the cursor."""
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def _put(self, role: str, kind: str) -> None:
        self.seats[role] = kind
        self.update_cell(role, self.ordered_columns[1].key, seat_label(kind))
        self.post_message(self.SeatChanged())

    def action_cycle(self) -> None:
        """The next kind of seat for the role under the cursor."""
        role = self.current_role()
        if role is not None:
            self._put(role, SEAT_KINDS[(SEAT_KINDS.index(self.seats[role]) + 1) % len(SEAT_KINDS)])

    def action_set(self, kind: str) -> None:
        """Make the seat under the cursor human, or the default bot."""
        role = self.current_role()
        if role is not None:
            self._put(role, HUMAN if kind == HUMAN else f"bot:{DEFAULT_BOT}")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_cycle()

    def spec(self) -> str:
        """The seats as ``role=kind,...`` (the --seats form)."""
        return ",".join(f"{role}={kind}" for role, kind in self.seats.items())


class NewGameScreen(Screen[None]):
    """Scenario, seats and seed, then Start."""

    CSS_PATH = "game.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="new.back"),
        Binding("ctrl+s", "start", "Start", id="new.start"),
        Binding("ctrl+r", "reseed", "New seed", id="new.reseed"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._entries: list[Entry] = []

    def compose(self) -> ComposeResult:
        with Horizontal(id="setup"):
            with VerticalScroll(id="setup-left"):
                yield Static("Scenario", classes="setup-label")
                yield LoadingIndicator(id="setup-loading")
                yield OptionList(id="scenario-list")
                yield Static("Seats [dim](Enter or Space: human or bot)[/]", classes="setup-label")
                yield SeatTable(id="seats")
                yield Static(id="seat-help", classes="muted")
                yield TickBox("A facilitator steers the game", False, id="facilitator", compact=True,
                              tooltip="F2 opens the facilitator's desk: it sees everything, injects events, "
                                      "pauses, sets countdowns and writes notes for the debrief")
                with Horizontal(id="seed-row"):
                    yield Label("Seed ", classes="setup-label")
                    yield Input(str(secrets.randbelow(1_000_000)), type="integer", id="seed", compact=True,
                                tooltip="The same seed and moves give the same game")
                yield Button("Start the game (ctrl+s)", id="start", variant="primary", action="screen.start")
                yield Static(id="setup-problem", classes="error")
            with VerticalScroll(id="scenario-info"):
                yield Static(id="scenario-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#scenario-list").display = False
        self._load()

    @work(thread=True, exclusive=True, group="library")
    def _load(self) -> None:
        entries = self.app.library.entries()  # type: ignore[attr-defined]
        self.app.call_from_thread(self._show_entries, entries)

    def _show_entries(self, entries: list[Entry]) -> None:
        self._entries = entries
        self.query_one("#setup-loading").display = False
        listing = self.query_one("#scenario-list", OptionList)
        listing.display = True
        for entry in entries:
            label = Text(entry.title)
            if entry.loaded is not None:
                label.append(f"  {len(entry.loaded.scenario.turns)} turns", style="dim")
            listing.add_option(Option(label, id=entry.id))
        if entries:
            listing.highlighted = 0
        listing.focus()

    @on(OptionList.OptionHighlighted, "#scenario-list")
    def _scenario_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry = self._entries[event.option_index]
        self.query_one("#scenario-text", Static).update(scenario_text(entry))
        self.query_one(SeatTable).fill(entry)
        self.query_one("#start", Button).disabled = entry.loaded is None

    @on(DataTable.RowHighlighted, "#seats")
    @on(SeatTable.SeatChanged)
    def _seat_highlighted(self) -> None:
        table = self.query_one(SeatTable)
        role = table.current_role()
        help_text = self.query_one("#seat-help", Static)
        if role is None:
            help_text.update("")
            return
        kind = table.seats[role]
        what = "a player at this keyboard" if kind == HUMAN else BOTS[kind.removeprefix("bot:")].description
        help_text.update(f"{seat_label(kind)}: {what}")

    @on(OptionList.OptionSelected, "#scenario-list")
    def _scenario_selected(self) -> None:
        self.query_one(SeatTable).focus()

    def _entry(self) -> Entry | None:
        listing = self.query_one("#scenario-list", OptionList)
        if listing.highlighted is None or not self._entries:
            return None
        return self._entries[listing.highlighted]

    def action_reseed(self) -> None:
        """A new random seed."""
        self.query_one("#seed", Input).value = str(secrets.randbelow(1_000_000))

    def action_back(self) -> None:
        """Back to the main menu."""
        self.dismiss(None)

    def action_start(self) -> None:
        """Start the game with the scenario, seats and seed on screen."""
        entry = self._entry()
        problem = self.query_one("#setup-problem", Static)
        if entry is None or entry.loaded is None:
            problem.update("Choose a scenario that loads.")
            return
        raw = self.query_one("#seed", Input).value.strip()
        if not raw.isdigit() or int(raw) > MAX_SEED:
            problem.update(f"The seed must be a whole number from 0 to {MAX_SEED}.")
            return
        roles = entry.loaded.game.roles
        seats = parse_seats(self.query_one(SeatTable).spec(), roles)
        facilitator = self.query_one("#facilitator", TickBox).value
        session = Session.start(entry.loaded.game, int(raw), seats, facilitator=facilitator)
        self.app.open_game(entry.loaded, session)  # type: ignore[attr-defined]
