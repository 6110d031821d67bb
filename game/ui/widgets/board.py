"""The board: every track with its value, bounds, last change and trend; trust between pairs;
and the explanation of the track under the cursor (its history and the causes of its changes).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from game.engine import Game
from game.session import Session
from game.text import SourceCatalog, arrow
from game.ui.tracks import Moved, changes_seen, last_changes, meter, series, spark_text
from game.ui.widgets.chart import TrackChart
from game.ui.widgets.styled import change_block, citation_text, delta_style, delta_text

RECENT = 6
"""How many recent changes the explanation of a track lists."""


class TrackHighlighted(Message):
    """The cursor is on a track (in the track table or the trust matrix)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


class TrackChosen(Message):
    """The player asked for the full explanation of a track (Enter or a click)."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


def trust_keys(game: Game) -> set[str]:
    """The tracks shown in the trust matrix rather than in the track table."""
    return set(game.trust_pairs.values())


Cell = Text | str


class CellTable(DataTable[Cell]):
    """A table whose rows are rewritten in place, cell by cell, and only where a cell has changed
    (each cell updated costs a redraw of the table)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._shown: dict[tuple[str, str], Cell] = {}

    def put_row(self, row: str, cells: dict[str, Cell], height: int = 1) -> None:
        """Add the row ``row`` (``height`` lines high), or update the cells of it that differ from what is shown."""
        if row not in self.rows:
            self.add_row(*cells.values(), key=row, height=height)
            self._shown.update({(row, column): cell for column, cell in cells.items()})
            return
        for column, cell in cells.items():
            if self._shown.get((row, column)) != cell:
                self.update_cell(row, column, cell, update_width=True)
                self._shown[(row, column)] = cell


class TrackTable(CellTable):
    """Every track but the trust between pairs: name, value, range, last change, trend."""

    COLUMNS = ("Track", "Now", "Range", "Last", "Trend")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    def on_mount(self) -> None:
        for name in self.COLUMNS:
            self.add_column(name, key=name)

    def show(self, session: Session, role: str | None) -> None:
        """Show the tracks as ``role`` knows them now."""
        game, state = session.game, session.state
        latest = last_changes(session, role)
        hidden = trust_keys(game)
        for key, track in game.tracks.items():
            if key in hidden:
                continue
            moved = latest.get(key)
            value = state.tracks[key]
            # "(lower is better)" goes on a line of its own: beside the longest names it would push the
            # table past an 80-column terminal.
            cells: dict[str, Cell] = {
                "Track": track.name if track.higher_is_better else Text.assemble(
                    track.name, ("\n(lower is better)", "dim")),
                "Now": Text(f"{value:>2}", style="bold"),
                "Range": Text(meter(value, track.min, track.max), style="cyan"),
                "Last": _last(game, moved),
                "Trend": spark_text(series(game, state, key), track.min, track.max),
            }
            self.put_row(key, cells, height=1 if track.higher_is_better else 2)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(TrackHighlighted(event.row_key.value))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(TrackChosen(event.row_key.value))


def _last(game: Game, moved: Moved | None) -> Text:
    if moved is None:
        return Text("-", style="dim")
    text = delta_text(game, moved.change.track, moved.change.delta)
    text.append(f" T{moved.turn}", style="dim")
    return text


class TrustMatrix(CellTable):
    """Trust between each pair of roles that keeps a trust track, as a matrix (· where there is none)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(cursor_type="cell", **kwargs)
        self._cells: dict[tuple[str, str], str] = {}

    def show(self, session: Session, role: str | None) -> None:
        """Show trust between the pairs as ``role`` knows it now."""
        game, state = session.game, session.state
        roles = [r for r in game.roles if any(r in pair for pair in game.trust_pairs)]
        if not self.columns:
            self.add_column("", key="row")
            for r in roles:
                self.add_column(_short(game.role_name(r)), key=r)
        latest = last_changes(session, role)
        for row in roles:
            cells: list[Cell] = [Text(game.role_name(row), style="bold")]
            for col in roles:
                key = game.trust_pairs.get(frozenset((row, col)))
                if key is None:
                    cells.append(Text("·", style="dim", justify="center"))
                    continue
                self._cells[(row, col)] = key
                cell = Text(f"{state.tracks[key]}", justify="center")
                moved = latest.get(key)
                if moved is not None and moved.change.delta:
                    cell.append(" " + arrow(moved.change.delta), style=delta_style(game, key, moved.change.delta))
                cells.append(cell)
            self.put_row(row, dict(zip(["row", *roles], cells)))

    def _key_at(self, row: str | None, col: str | None) -> str | None:
        return self._cells.get((row or "", col or ""))

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        event.stop()
        key = self._key_at(event.cell_key.row_key.value, event.cell_key.column_key.value)
        if key is not None:
            self.post_message(TrackHighlighted(key))

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        key = self._key_at(event.cell_key.row_key.value, event.cell_key.column_key.value)
        if key is not None:
            self.post_message(TrackChosen(key))


def _short(name: str, width: int = 6) -> str:
    return name if len(name) <= width else name[: width - 1] + "."


class TrackExplainer(VerticalScroll):
    """One track explained: what it measures, its source, its history and its recent changes.

    On the board it has a fixed height, so that moving the cursor repaints it without a new layout.
    """

    def compose(self) -> ComposeResult:
        yield Static(id="explain-head")
        yield TrackChart(id="explain-chart")
        yield Static(id="explain-body")

    def show(self, session: Session, role: str | None, key: str, sources: SourceCatalog, recent: int = RECENT) -> None:
        """Explain track ``key`` with what ``role`` has seen of it."""
        game, state = session.game, session.state
        track = game.tracks[key]
        metric = next(m for m in game.scenario.metrics if m.id == track.metric)
        value = state.tracks[key]
        head = Text(track.name, style="bold")
        head.append(f"  {value} on {track.min}..{track.max}", style="bold")
        head.append(f"  (started at {track.start}; {'higher' if track.higher_is_better else 'lower'} is better)",
                    style="dim")
        head.append("\n" + metric.description.strip())
        if metric.sources:
            head.append("\n")
            head.append_text(citation_text(metric.sources[0], sources))
        self.query_one("#explain-head", Static).update(head)
        points = series(game, state, key)
        self.query_one("#explain-chart", TrackChart).show(points, track.min, track.max)
        parts: list[RenderableType] = [Text(f"At the start, after each turn, now; drawn on {track.min}..{track.max}.",
                                            style="dim")]
        seen = list(changes_seen(session, role, key))
        if not seen:
            parts.append(Text("No change yet."))
        else:
            parts.append(Text(f"Recent changes ({min(recent, len(seen))} of {len(seen)}):", style="bold"))
        for moved in seen[:recent]:
            turn = Text(f"T{moved.turn} ", style=delta_style(game, key, moved.change.delta) or "dim")
            parts.append(change_block(game, moved.change, sources, left=0, prefix=turn))
        body = Group(*parts)
        self.query_one("#explain-body", Static).update(body)


class Board(VerticalScroll):
    """The dashboard: the track table, the trust matrix and the explanation of the highlighted track."""

    def compose(self) -> ComposeResult:
        yield Static("Tracks  [dim](Enter on a row: where its numbers came from)[/]", classes="board-title")
        yield TrackTable(id="tracks")
        yield Static("Trust between pairs", classes="board-title", id="trust-title")
        yield TrustMatrix(id="trust")
        yield TrackExplainer(id="explainer")
