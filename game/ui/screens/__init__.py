"""The screens of the terminal game: menu, new game, the game itself, dialogs, end, help, saves, replay."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen


def in_stack(screen: Screen[Any]) -> bool:
    """Whether ``screen`` is still in the app's stack (perhaps under a dialog). A screen that gave way to
    another (the end screen) is out of it at once, but stays attached while its widgets are removed one
    by one: a redraw queued before then must not look for them."""
    return screen.is_attached and screen in screen.app.screen_stack
