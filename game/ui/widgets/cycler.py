"""A one-line chooser: ``‹ Briefings ›``; left and right (or a click) step through the options.

Used for positions, where the panel below lists every option with its effects, so a drop-down
would only repeat it. One key per step and no overlay keeps it quick at 80x24.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class OptionCycler(Widget, can_focus=True):
    """Choose one of ``options`` (``(label, value)`` pairs) with the left and right keys."""

    DEFAULT_CSS = """
    OptionCycler {
        height: 1;
        width: 1fr;
        padding: 0 1;
        background: $boost;
    }
    OptionCycler:focus {
        background: $primary 40%;
        text-style: bold;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Previous option", show=False),
        Binding("right", "step(1)", "Next option", show=False),
    ]

    index: reactive[int] = reactive(0)

    class Changed(Message):
        """The chosen option changed."""

        def __init__(self, cycler: OptionCycler, value: str) -> None:
            super().__init__()
            self.cycler = cycler
            self.value = value

        @property
        def control(self) -> OptionCycler:
            return self.cycler

    def __init__(self, options: list[tuple[str, str]], value: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = options
        values = [v for _, v in options]
        self.set_reactive(OptionCycler.index, values.index(value) if value in values else 0)

    @property
    def value(self) -> str:
        """The chosen option's value."""
        return self.options[self.index][1]

    @value.setter
    def value(self, value: str) -> None:
        self.index = [v for _, v in self.options].index(value)

    def set_options(self, options: list[tuple[str, str]], value: str | None = None) -> None:
        """New options; the chosen one is ``value`` (default: the first)."""
        if options == self.options and value in (None, self.value):
            return
        self.options = options
        values = [v for _, v in options]
        index = values.index(value) if value in values else 0
        if index == self.index:
            self.refresh()
            self.post_message(self.Changed(self, self.value))
        self.index = index

    def render(self) -> Text:
        label, _ = self.options[self.index]
        first, last = self.index == 0, self.index == len(self.options) - 1
        count = f"  {self.index + 1}/{len(self.options)}"
        room = self.content_size.width - len(count) - 4
        if 0 < room < len(label):  # shorten the label, never the arrows or the count
            label = label[: max(1, room - 1)] + "…"
        text = Text("‹ ", style="dim" if first else "bold")
        text.append(label)
        text.append(" ›", style="dim" if last else "bold")
        text.append(count, style="dim")
        return text

    def action_step(self, step: int) -> None:
        """Move ``step`` options along (stops at either end)."""
        self.index = max(0, min(len(self.options) - 1, self.index + step))

    def watch_index(self) -> None:
        self.post_message(self.Changed(self, self.value))

    def on_click(self, event: events.Click) -> None:
        self.focus()
        self.action_step(-1 if event.x < 2 else 1)
