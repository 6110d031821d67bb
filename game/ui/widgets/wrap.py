"""A row of widgets that wraps onto more lines when its width runs out.

Textual has no wrapping layout: a horizontal row cuts what does not fit, a grid has as many
columns as its styles say, and ``ItemGrid`` gives every column the same width, which takes a line
more than needed when one name is much longer than the others. This grid works out its column
count from its width and its children's own widths.
"""

from __future__ import annotations

from textual import events
from textual.containers import Grid


class WrapRow(Grid):
    """Its children left to right, in as many columns as fit its width; the rest go on to the next lines.

    Each column is as wide as its widest child. Space the children with the grid's gutter, not with
    margins (a grid cell does not grow for its child's margin).
    """

    DEFAULT_CSS = """
    WrapRow {
        height: auto;
        grid-columns: auto;
        grid-rows: auto;
        grid-gutter: 0 2;
    }
    """

    def on_resize(self, event: events.Resize) -> None:
        self.fit_columns()

    def fit_columns(self) -> None:
        """Set the column count to the most columns that fit side by side."""
        children = [child for child in self.children if child.display]
        if not children:
            return
        container, viewport = self.content_size, self.app.size
        widths = [child.get_content_width(container, viewport) + child.styles.gutter.width for child in children]
        gap = self.styles.grid_gutter_vertical  # Textual's "vertical" gutter is the one between columns

        def fits(columns: int) -> bool:
            return sum(max(widths[i::columns]) for i in range(columns)) + gap * (columns - 1) <= container.width

        columns = next((n for n in range(len(widths), 1, -1) if fits(n)), 1)
        if self.styles.grid_size_columns != columns:
            self.styles.grid_size_columns = columns
