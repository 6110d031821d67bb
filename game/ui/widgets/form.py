"""Forms of several fields on one screen: Enter moves on to the next field as the key arrives.

An :class:`~textual.widgets.Input` answers Enter by posting a message, and keys typed ahead of
it (a paste, a burst over a slow link, a script) are handed to the field that still has the
focus before the message is read. A screen that binds Enter with :data:`ENTER` and calls
:func:`enter_in_form` from its action moves the focus at once, so every key lands in the field
it was typed for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button, Input


def enter_binding(screen_id: str) -> Binding:
    """The screen's Enter: checked before the focused field sees the key (a priority binding)."""
    return Binding("enter", "form_enter", "Next", show=False, priority=True, id=f"{screen_id}.enter")


def enter_in_form(screen: Screen[Any], fields: Sequence[str]) -> bool:
    """Enter in a form whose fields are the inputs ``fields`` (ids, in order): press a focused button,
    or move from a field to the next; True when Enter was pressed in the last field (submit then)."""
    focused = screen.focused
    if isinstance(focused, Button):
        focused.press()
        return False
    if not isinstance(focused, Input) or focused.id is None or focused.id not in fields:
        return False
    at = list(fields).index(focused.id)
    if at == len(fields) - 1:
        return True
    screen.query_one(f"#{fields[at + 1]}", Input).focus()
    return False
