"""A small column chart of one track over the turns, drawn on the track's own scale.

Unlike a sparkline, which stretches whatever range the data covers over its full height, the
bars here are measured against the track's bounds, so a rise from 4 to 5 on a 0..10 track looks
like one step in ten. Each bar has its value printed under it.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

BARS = " ▁▂▃▄▅▆▇█"


def column_chart(values: list[int], low: int, high: int, rows: int = 2, width: int = 4) -> Text:
    """``rows`` lines of bars, one ``width``-wide column per value, and a line with the values."""
    span = max(1, high - low)
    steps = rows * (len(BARS) - 1)
    levels = [round((min(high, max(low, v)) - low) * steps / span) for v in values]
    lines = []
    for row in reversed(range(rows)):
        cells = []
        for level in levels:
            fill = min(len(BARS) - 1, max(0, level - row * (len(BARS) - 1)))
            cells.append((BARS[fill] * (width - 1)).ljust(width))
        lines.append("".join(cells).rstrip())
    text = Text("\n".join(lines) + "\n", style="cyan")
    text.append("".join(str(v).center(width - 1).ljust(width) for v in values).rstrip(), style="bold")
    return text


class TrackChart(Widget):
    """A track's values (start, then after each turn) as columns on the track's scale."""

    DEFAULT_CSS = """
    TrackChart {
        height: 3;
    }
    """

    def __init__(
        self, values: list[int] | None = None, low: int = 0, high: int = 1, *, id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.values, self.low, self.high = values or [], low, high

    def show(self, values: list[int], low: int, high: int) -> None:
        """Draw ``values`` on the scale ``low``..``high`` instead."""
        self.values, self.low, self.high = values, low, high
        self.refresh()

    def render(self) -> Text:
        return column_chart(self.values, self.low, self.high)
