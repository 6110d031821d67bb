"""The game screen's footer: the keys that work now, in a line of text (two when one is not enough).

Textual's own Footer builds a widget per key and rebuilds them all whenever the bindings change,
which on the game screen happens after nearly every move; on a 2-core machine that alone cost
about as much as the rest of a move's redraw. This bar is one widget: it redraws only when the
keys shown change, and a click on a key runs its action, as the Footer's does.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

Shown = tuple[tuple[str, str, str], ...]
"""(key as shown, description, action) of each key on the bar."""

Label = tuple[int, str, str]
"""(index in the keys shown, key, description as written on the bar)."""

MOST_ROWS = 2
"""The bar's height at most: keys that do not fit in two rows are cut off (the help lists every key)."""


class KeyBar(Widget):
    """A footer of the bindings active now (those whose ``check_action`` allows them), and the palette's key."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    KeyBar > .keybar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .keybar--description {
        color: $footer-description-foreground;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"keybar--key", "keybar--description"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Shown = ()
        self._targets: list[tuple[int, int, int, Binding, DOMNode]] = []
        """(row, first column, column after, binding, node) of each key drawn, for clicks."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self._bindings_changed, self.screen)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if not self.is_attached or screen is not self.screen:
            return
        shown: list[tuple[str, str, str]] = []
        targets = []
        actions = set()
        for node, binding, enabled, _ in screen.active_bindings.values():
            if binding.show and enabled and (binding.action, id(node)) not in actions:  # f1,? : one entry
                actions.add((binding.action, id(node)))
                shown.append((self.app.get_key_display(binding), binding.description, binding.action))
                targets.append((binding, node))
        palette = screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if self.app.ENABLE_COMMAND_PALETTE and palette is not None:
            shown.append((self.app.get_key_display(palette.binding), "palette", palette.binding.action))
            targets.append((palette.binding, palette.node))
        if tuple(shown) != self._shown:
            self._shown = tuple(shown)
            self._pending_targets = targets
            self._fit_height()
            self.refresh()

    def on_resize(self) -> None:
        self._fit_height()

    def _fit_height(self) -> None:
        """One row, or two when the keys do not fit in one even with short descriptions."""
        rows = len(self._layout()[0])
        if self.styles.height is None or self.styles.height.value != rows:
            self.styles.height = rows

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keybar--key")
        description_style = self.get_component_rich_style("keybar--description")
        text = Text(no_wrap=True, overflow="ellipsis")
        self._targets = []
        targets = getattr(self, "_pending_targets", [])
        lines, compact = self._layout()
        for row, labels in enumerate(lines):
            if row:
                text.append("\n")
            line_start = len(text)
            for index, key, description in labels:
                if index >= len(targets):
                    break
                binding, node = targets[index]
                start = len(text) - line_start
                text.append(f" {key} ", style=key_style)
                text.append(description if compact else f"{description} ", style=description_style)
                self._targets.append((row, start, len(text) - line_start, binding, node))
        return text

    def _layout(self) -> tuple[list[list[Label]], bool]:
        """The keys and their descriptions, row by row, and whether they are compacted. In order of
        preference: everything in one row; compacted in one row (the palette's key goes, as the help lists
        it; each description is cut to its first word, unless an earlier one began with the same word:
        "Next" and "Next turn" stay apart; the keys stand closer together); in full on two rows;
        compacted on two rows."""
        labels = [(index, key, description) for index, (key, description, _) in enumerate(self._shown)]
        width = self.size.width
        if not width:
            return [labels], False
        short = _compacted(labels)
        for rows, candidates, compact in ((1, labels, False), (1, short, True),
                                          (MOST_ROWS, labels, False), (MOST_ROWS, short, True)):
            lines = _rows(candidates, compact, width)
            if len(lines) <= rows:
                return lines, compact
        return lines[:MOST_ROWS], True

    async def on_click(self, event: events.Click) -> None:
        for row, start, end, binding, node in self._targets:
            if row == event.y and start <= event.x < end:
                await self.app.run_action(binding.action, node)
                return


def _compacted(labels: list[Label]) -> list[Label]:
    """``labels`` without the palette's key, each description cut to its first word (unless an earlier
    one began with the same word)."""
    seen: set[str] = set()
    short = []
    for index, key, description in labels:
        if description == "palette":
            continue
        first = description.split(maxsplit=1)[0] if description else description
        short.append((index, key, description if first in seen else first))
        seen.add(first)
    return short


def _rows(labels: list[Label], compact: bool, width: int) -> list[list[Label]]:
    """``labels`` filled into rows of ``width`` columns, in order (a label wider than a row gets one)."""
    rows: list[list[Label]] = [[]]
    used = 0
    for label in labels:
        _, key, description = label
        size = len(key) + 2 + len(description) + (0 if compact else 1)
        if rows[-1] and used + size > width:
            rows.append([])
            used = 0
        rows[-1].append(label)
        used += size
    return rows
