"""The end of the game: outcome band, score table, every track over the turns, and what really happened."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Sparkline, Static

from game.engine import outcome, scores
from game.engine.describe import signed
from game.scenario.loader import LoadedScenario
from game.session import Session
from game.ui.tracks import series
from game.ui.widgets.styled import heading


class EndScreen(Screen[None]):
    """Scores, outcome band, charts and the historical record, once the last turn is resolved."""

    CSS_PATH = "game.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_game", "New game", id="end.new"),
        Binding("m,escape", "menu", "Main menu", id="end.menu"),
        Binding("q", "quit", "Quit", id="end.quit"),
    ]

    def __init__(self, loaded: LoadedScenario, session: Session) -> None:
        super().__init__()
        self.loaded = loaded
        self.session = session

    def compose(self) -> ComposeResult:
        game, state = self.session.game, self.session.state
        band = outcome(game, state)
        with VerticalScroll(id="end"):
            title = Text(f"Game over - {band.title}", style="bold")
            title.append(f"\n{band.description.strip()}")
            title.append(f"\n{game.scenario.title}, seed {self.session.seed}", style="dim")
            yield Static(title, id="end-title")
            yield Static(heading("Scores"), classes="end-heading")
            yield DataTable(id="scores", cursor_type="row", zebra_stripes=True)
            yield Static(heading("Every track, turn by turn"), classes="end-heading")
            for key, track in game.tracks.items():
                points = series(game, state, key)
                label = Text(f"{track.name}", style="bold")
                label.append(f"  {' → '.join(map(str, points))}", style="")
                label.append(f"  ({track.min}..{track.max}, {signed(points[-1] - points[0])} since the start)",
                             style="dim")
                yield Static(label, classes="chart-label")
                yield Sparkline([float(p) for p in points], classes="chart")
            history = [t for t in game.scenario.turns if t.history]
            if history:
                yield Static(heading("What happened in reality"), classes="end-heading")
                reality = Text()
                for turn in history:
                    reality.append(f"{turn.label} ({turn.date})\n", style="bold")
                    reality.append((turn.history or "").strip() + "\n\n")
                yield Static(reality, id="reality")
            with Horizontal(classes="buttons"):
                yield Button("New game (n)", action="screen.new_game", variant="primary")
                yield Button("Main menu (m)", action="screen.menu")
                yield Button("Quit (q)", action="screen.quit")
        yield Footer()

    def on_mount(self) -> None:
        game, state = self.session.game, self.session.state
        table = self.query_one("#scores", DataTable)
        table.add_columns("Role", "Seat", "Score", "How it was made")
        for score in sorted(scores(game, state), key=lambda s: -s.total):
            terms = "; ".join(f"{line.label}: {signed(line.points)}" for line in score.lines if line.points)
            seat = self.session.seats[score.role].spec()
            table.add_row(game.role_name(score.role), seat, Text(f"{score.total:g}", style="bold"), terms or "-")
        table.focus()

    def action_new_game(self) -> None:
        """Set up another game."""
        self.app.show_menu()  # type: ignore[attr-defined]
        self.app.new_game()  # type: ignore[attr-defined]

    def action_menu(self) -> None:
        """Back to the main menu."""
        self.app.show_menu()  # type: ignore[attr-defined]

    def action_quit(self) -> None:
        """Leave the app."""
        self.app.exit(0)
