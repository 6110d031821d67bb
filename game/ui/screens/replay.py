"""The replay viewer: step through a saved game, action by action or turn by turn, for a debrief.

Nothing is hidden in a replay: every event is shown (the all-seeing view, ``role=None``), and at
each step every role's positions, including those committed but not yet revealed at the time.
From any step a new game can go on with the same seats (a branch, saved in a file of its own), and
the after-action report of the whole game can be written beside the save. Opening the replay of an
unfinished game that several people play at one terminal asks first (:func:`open_with_care`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from game.engine import Phase
from game.report.source import ReportSource
from game.saves import Replay
from game.saves.verify import describe_action
from game.session import Session
from game.text import SourceCatalog
from game.ui.reports import default_name, default_paths
from game.ui.screens.dialogs import ReportingScreen
from game.ui.widgets.board import Board, TrackExplainer, TrackHighlighted, TrackTable, TrustMatrix
from game.ui.widgets.keybar import KeyBar
from game.ui.widgets.styled import event_block, heading, indented

WIDE = 150


def secrets_warning(replay: Replay) -> str | None:
    """Why opening ``replay`` needs a yes first, or None: a game still being played by several people at one
    terminal, whose every secret (private talks, committed positions, briefs) the viewer would show the
    person at the keyboard."""
    people = [role for role, seat in replay.log.seats.items() if seat.human]
    if len(people) < 2 or replay.states[-1].over:
        return None
    names = ", ".join(replay.game.role_name(role) for role in people)
    return (f"This game is not finished, and {len(people)} people play it at one terminal ({names}). Its replay "
            "shows every seat's secrets: private talks, positions committed but not yet revealed, and the "
            "briefs. Open it only as the game's facilitator, away from the players.")


def open_with_care(app: App[Any], replay: Replay, name: str) -> None:
    """Open the viewer on ``replay``, after a yes when :func:`secrets_warning` has a reason (a no leaves
    the screen beneath as it was)."""
    from game.ui.screens.dialogs import ConfirmScreen

    warning = secrets_warning(replay)
    if warning is None:
        app.push_screen(ReplayScreen(replay, name))
        return

    def answered(yes: bool | None) -> None:
        if yes:
            app.push_screen(ReplayScreen(replay, name))

    app.push_screen(ConfirmScreen("Show every seat's secrets?", warning, "Open the replay"), callback=answered)


class ReplayScreen(ReportingScreen):
    """A saved game, one position at a time."""

    REPORT_HELP = "The after-action report of the whole game, as Markdown or HTML"

    CSS_PATH = "game.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "step(1)", "Next", id="replay.next", priority=True),
        Binding("left", "step(-1)", "Back", id="replay.back", priority=True),
        Binding("]", "turn(1)", "Next turn", id="replay.next_turn"),
        Binding("[", "turn(-1)", "Turn back", id="replay.turn_back"),
        Binding("home", "goto(0)", "Start", show=False, id="replay.start"),
        Binding("end", "goto(-1)", "End", show=False, id="replay.end"),
        Binding("1", "board(True)", "Board", id="replay.board"),
        Binding("2", "board(False)", "Step", id="replay.step"),
        Binding("b", "branch", "Play on from here", id="replay.branch"),
        Binding("r", "report", "Report", id="replay.report"),
        Binding("escape", "back", "Back", id="replay.leave"),
    ]

    def __init__(self, replay: Replay, name: str) -> None:
        super().__init__()
        self.replay = replay
        self.name_shown = name
        self.position = len(replay)
        self.sources: SourceCatalog = replay.sources
        self._board = False
        self._explained = next(iter(replay.game.tracks))

    def compose(self) -> ComposeResult:
        yield Static(id="replay-status")
        with Horizontal(id="replay-body"):
            yield Board(id="board")
            with VerticalScroll(id="replay-step"):
                yield Static(id="replay-events")
                yield Static(id="replay-positions")
        yield KeyBar()

    def on_mount(self) -> None:
        self.show()

    def on_resize(self) -> None:
        self._arrange()

    def _arrange(self) -> None:
        wide = self.has_class("-wide")
        self.query_one(Board).display = wide or self._board
        self.query_one("#replay-step").display = wide or not self._board
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The board and step keys only on a narrow screen, and only the one for the view not shown (the
        other would do nothing, and with both the key bar no longer fits 80 columns)."""
        if action == "board":
            return not self.has_class("-wide") and parameters[0] != self._board
        return True

    def session_at(self, position: int) -> Session:
        """The game as it stood at ``position``, for the board's widgets (every event up to it)."""
        log = self.replay.log
        return Session(self.replay.game, log.seed, dict(log.seats), self.replay.state(position),
                       list(log.actions[:position]), self.replay.events_until(position))

    def show(self) -> None:
        """Draw the position."""
        replay, position = self.replay, self.position
        game, state = replay.game, replay.state(position)
        session = self.session_at(position)
        rules = game.scenario.turns[state.turn - 1]
        status = Text(" REPLAY ", style="reverse bold")
        status.append(f" {self.name_shown} - {game.scenario.title}", style="bold")
        status.append(f"  step {position} of {len(replay)}; turn {state.turn}: {rules.label}, {state.phase.value}\n")
        if position:
            said = describe_action(session, replay.action(position))
            status.append(said[:1].upper() + said[1:], style="italic")
        else:
            status.append("Before the first card is drawn.", style="italic")
        self.query_one("#replay-status", Static).update(status)
        self.query_one(TrackTable).show(session, None)
        self.query_one(TrustMatrix).show(session, None)
        self.query_one(TrackExplainer).show(session, None, self._explained, self.sources)
        events = [event_block(game, e, self.sources) for e in replay.events_at(position) if e.kind != "turn_resolved"]
        self.query_one("#replay-events", Static).update(
            Group(heading("What happened at this step"), *(events or [Text("Nothing yet.", style="dim")])))
        self.query_one("#replay-positions", Static).update(positions_table(session))
        self._arrange()

    def on_track_highlighted(self, message: TrackHighlighted) -> None:
        self._explained = message.key
        self.query_one(TrackExplainer).show(self.session_at(self.position), None, message.key, self.sources)

    def action_step(self, step: int) -> None:
        """One action forward or back."""
        self.position = max(0, min(len(self.replay), self.position + step))
        self.show()

    def action_turn(self, step: int) -> None:
        """To the start of the next turn, or of this one (again: the one before)."""
        replay = self.replay
        starts = [replay.turn_start(t) for t in replay.turns()]
        if step > 0:
            later = [p for p in starts if p > self.position]
            self.position = later[0] if later else len(replay)
        else:
            earlier = [p for p in starts if p < self.position]
            self.position = earlier[-1] if earlier else 0
        self.show()

    def action_goto(self, position: int) -> None:
        """The first (0) or the last (-1) position."""
        self.position = len(self.replay) if position < 0 else position
        self.show()

    def action_board(self, board: bool) -> None:
        """On a narrow screen: the board, or this step's events and positions."""
        self._board = board
        self._arrange()

    def action_branch(self) -> None:
        """A new game from this position, same seed, saved in a file of its own: the same seats, or people
        in every seat when only bots played (to try another course at the table)."""
        from game.session import Seat
        from game.ui.saving import GameSaver

        log = self.replay.log
        seats = dict(log.seats)
        if not any(seat.human for seat in seats.values()):
            seats = {role: Seat(role) for role in seats}
        session, file = self.replay.branch(self.position, seats, getattr(self.app, "saves_dir", None))
        self.app.open_game(log.loaded, session, GameSaver(file))  # type: ignore[attr-defined]

    def report_request(self) -> tuple[ReportSource, dict[str, Path], str] | None:
        """The whole saved game, whatever step is shown, to be written beside the save."""
        replay = self.replay
        if not len(replay):
            self.notify("The game has not started yet: there is nothing to report.", title="No report",
                        severity="warning")
            return None
        log = replay.log
        paths = default_paths(log.path, getattr(self.app, "saves_dir", None), default_name(log.game, log.seed))
        over = replay.state(len(replay)).over
        shown = "" if self.position == len(replay) else f" (not only up to step {self.position}, shown now)"
        note = (f"The whole saved game, all {len(replay)} steps{shown}, as 'wargame report' writes it"
                f"{'' if over else '; the game is not finished, so the report ends where it stands'}.")
        return ReportSource.of_log(log, log.actions[: len(replay)]), paths, note

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(None)


def positions_table(session: Session) -> RenderableType:
    """Every role's positions at this point; those committed but not yet revealed are marked."""
    game, state = session.game, session.state
    table = Table.grid(padding=(0, 2))
    for _ in range(3):
        table.add_column()
    for role in game.roles:
        committed = state.committed.get(role) if state.phase is Phase.DECISION else None
        for i, dec in enumerate(game.decisions[role]):
            held = dec.option(state.positions[role][dec.id]).name
            if committed is not None and committed[dec.id] != state.positions[role][dec.id]:
                held += f" -> {dec.option(committed[dec.id]).name} (committed, not yet revealed)"
            elif committed is not None:
                held += " (committed)"
            table.add_row(Text(game.role_name(role) if i == 0 else "", style="bold"), dec.name, held)
    return Group(Text(""), heading("Positions"), indented(table, 2))
