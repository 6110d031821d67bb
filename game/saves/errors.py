"""The one error type of saved games: its message names the file and says what is wrong."""

from __future__ import annotations

from pathlib import Path


class SaveError(Exception):
    """A save or record that cannot be read, trusted or written.

    ``str(error)`` is one readable line (``saves/x.json: turn 3 ...``), fit for a dialog or for
    ``wargame: error:`` on the command line; ``reason`` is the same without the file name.
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class SaveConflict(SaveError):
    """Writing would replace a different game, or a version of this game that moved on elsewhere.

    Nothing was written. A front end offers "save under another name", or saves again with
    ``overwrite=True`` once the player confirms.
    """
