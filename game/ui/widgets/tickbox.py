"""A checkbox whose mark is a tick or a blank, so its state reads without colour."""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    """Textual's checkbox shows an X in both states and tells them apart by colour alone; this one does not."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # noqa: N802 - overrides Textual's class constant
        return "✓" if self.value else " "
