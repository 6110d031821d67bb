"""The end of the game: outcome band, score table, every track over the turns, and what really happened;
and the after-action report, written from here as Markdown or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Static

from game.engine import outcome, scores
from game.engine.describe import signed
from game.report.source import ReportSource
from game.scenario.loader import LoadedScenario
from game.session import Session
from game.text import arrow
from game.ui.reports import default_name, default_paths
from game.ui.screens.dialogs import ReportingScreen
from game.ui.tracks import series
from game.ui.widgets.chart import TrackChart
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.styled import heading


class EndScreen(ReportingScreen):
    """Scores, outcome band, charts and the historical record, once the last turn is resolved."""

    CSS_PATH: ClassVar[CSSPathType | None] = "game.tcss"
    AUTO_FOCUS = "#end"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_game", "New game", id="end.new"),
        Binding("r", "report", "Report", id="end.report"),
        Binding("m,escape", "menu", "Main menu", id="end.menu"),
        Binding("q", "quit", "Quit", id="end.quit"),
    ]

    def __init__(self, loaded: LoadedScenario, session: Session, save: Path | None = None) -> None:
        """The end of ``session``; its report goes beside ``save`` (the game's file, if it is saved), else
        into the saves folder."""
        super().__init__()
        self.loaded = loaded
        self.session = session
        self.save = save

    def compose(self) -> ComposeResult:
        game, state = self.session.game, self.session.state
        band = outcome(game, state)
        with VerticalScroll(id="end"):
            title = Text(f"Game over - {band.title}", style="bold")
            title.append(f"\n{band.description.strip()}")
            title.append(f"\n{game.scenario.title}, seed {self.session.seed}", style="dim")
            yield Static(title, id="end-title")
            yield Static(heading("Scores"), classes="end-heading")
            yield self._score_table()
            yield Static(self._breakdown(), id="score-lines")
            yield Static(heading("Every track, turn by turn"), classes="end-heading")
            yield Static(Text("Each column is the track's value: at the start, then after each turn, "
                              "drawn on the track's own scale.", style="dim"))
            with Grid(id="charts"):
                for key, track in game.tracks.items():
                    points = series(game, state, key)
                    label = Text(track.name, style="bold")
                    label.append(f"  {track.min}..{track.max}", style="dim")
                    gained = points[-1] - points[0]
                    label.append(f"\n{signed(gained)} {arrow(gained)} since the start")
                    if not track.higher_is_better:
                        label.append(" (lower is better)", style="dim")
                    with Vertical(classes="chart-cell"):
                        yield Static(label, classes="chart-label")
                        yield TrackChart(points, track.min, track.max, classes="chart")
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
                if self.offers_report():
                    yield Button("Report (r)", action="screen.report", id="end-report")
                yield Button("Main menu (m)", action="screen.menu")
                yield Button("Quit (q)", action="screen.quit")
        yield KeyBar()

    def _score_table(self) -> DataTable[str | Text]:
        """Every role's score, the best first, and who played it: filled before the screen is mounted, so
        a screen closed as it opens (the app quit that moment) has nothing left to look for."""
        game, state = self.session.game, self.session.state
        table: DataTable[str | Text] = DataTable(id="scores", cursor_type="row", zebra_stripes=True)
        table.add_columns("Role", "Played by", "Score")
        for score in sorted(scores(game, state), key=lambda s: -s.total):
            seat = self.session.seats[score.role]
            played = "a person" if seat.human else f"bot ({seat.bot})"
            table.add_row(game.role_name(score.role), played, Text(f"{score.total:g}", style="bold", justify="right"))
        return table

    def _breakdown(self) -> Group:
        """How each score was made: its weighted tracks, objectives met and red lines crossed."""
        game, state = self.session.game, self.session.state
        parts: list[RenderableType] = []
        for score in scores(game, state):
            parts.append(Text(f"\n{game.role_name(score.role)} {score.total:g}", style="bold"))
            table = Table.grid(padding=(0, 2))
            table.add_column(justify="right", width=6)
            table.add_column()
            for line in score.lines:
                if line.points:
                    table.add_row(signed(line.points), line.label)
            if not table.row_count:
                table.add_row("", Text("no points either way", style="dim"))
            parts.append(Padding(table, (0, 0, 0, 2)))
        return Group(*parts)

    def report_request(self) -> tuple[ReportSource, dict[str, Path], str]:
        """The whole game, to be written beside its save (or in the saves folder)."""
        game, seed = self.session.game, self.session.seed
        paths = default_paths(self.save, getattr(self.app, "saves_dir", None), default_name(game, seed))
        note = ("The whole game for the debrief, as 'wargame report' writes it: every turn, proposal and "
                "position, the scores, the charts and the facilitator's notes.")
        return ReportSource.of_session(self.loaded, self.session), paths, note

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
