"""The log of a game's events, wrapped to the width it is given.

Textual's RichLog renders every entry at least ``min_width`` columns wide, 78 unless told otherwise.
A log beside the roles table, or in a tab of an 80-column terminal with its scroll bar, has less
than that, so the end of each long line (a proposal's terms, say) was cut off behind a horizontal
scroll bar. This log wraps its entries to the width it has.
"""

from __future__ import annotations

from textual.widgets import RichLog

NARROWEST = 20
"""Below this width entries are cut off rather than wrapped a word or two a line."""


class EventLog(RichLog):
    """A game's events, newest last, each wrapped to the log's width."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, wrap=True, markup=False, auto_scroll=True, min_width=NARROWEST)
