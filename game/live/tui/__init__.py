"""The seat's screens of a live game (Textual): the join screen, a role's game screen, the facilitator's.

Only ``wargame join`` (at a terminal, over SSH, or per browser connection under ``wargame serve``)
imports this package. A role's seat is the hot-seat game screen of :mod:`game.ui`, fixed to that
role, over a :class:`~game.live.session.LiveSession` that it refreshes a few times a second.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.live.session import LiveSession


def run_seat(
    session: LiveSession | None,
    *,
    code: str | None = None,
    role: str | None = None,
    live_dir: Path | None = None,
    via: str = "terminal",
) -> int:
    """Run a seat's app until its player leaves: straight into ``session``, or the join screen first."""
    from game.live.tui.app import SeatApp

    app = SeatApp(session, code=code, role=role, live_dir=live_dir, via=via)
    try:
        app.run()
    finally:
        if app.session is not None:
            app.session.leave()
    return app.return_code or 0
