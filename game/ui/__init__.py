"""The terminal game: a Textual app over :class:`game.session.Session`.

Only ``wargame play`` imports this package (Textual is slow to import and no other command
needs it). The app holds no game facts of its own: every screen shows one seat's observation
(``session.view(role)``) and sends actions through ``session.submit``. A game is wholly
described by (scenario, seed, seats, actions), so a saved game reopens with
``Session.resume`` (:mod:`game.saves` does it) and :meth:`game.ui.app.WargameApp.open_game`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.saves import Replay, SavedGame
    from game.scenario.loader import LoadedScenario
    from game.session import Session
    from game.ui.app import WargameApp


def run(loaded: LoadedScenario | None = None, session: Session | None = None, saves_dir: Path | None = None) -> int:
    """Run the app until the player quits: at the main menu, or straight into ``session``."""
    from game.ui.app import WargameApp

    app = WargameApp(loaded, session, saves_dir=saves_dir)
    app.run()
    return app.return_code or 0


def run_replay(replay: Replay, saves_dir: Path | None = None) -> int:
    """Open the replay viewer on ``replay`` (``wargame replay FILE``); leaving it shows the main menu.

    Games branched from the viewer, and games started from the menu after it, are saved in ``saves_dir``.
    """
    app = replay_app(replay, saves_dir)
    app.run()
    return app.return_code or 0


def replay_app(replay: Replay, saves_dir: Path | None = None) -> WargameApp:
    """The app :func:`run_replay` runs: the viewer on ``replay`` over the main menu, saving in ``saves_dir``."""
    from game.ui.app import WargameApp
    from game.ui.screens.replay import open_with_care

    class ReplayApp(WargameApp):
        def open_first(self) -> None:
            open_with_care(self, replay, replay.log.path.stem)  # refused: the main menu beneath

    return ReplayApp(saves_dir=saves_dir)


def run_saved(saved: SavedGame, saves_dir: Path | None = None) -> int:
    """Resume a loaded save where it stood - its screen and seat - and go on saving to its file."""
    app = saved_app(saved, saves_dir)
    app.run()
    return app.return_code or 0


def saved_app(saved: SavedGame, saves_dir: Path | None = None) -> WargameApp:
    """The app :func:`run_saved` runs: the game of ``saved`` over the main menu, saving in ``saves_dir``."""
    from game.ui.app import WargameApp

    class ResumeApp(WargameApp):
        def open_first(self) -> None:
            self.resume_game(saved)

    return ResumeApp(saves_dir=saves_dir)
