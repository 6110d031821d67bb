"""Where saves live: the saves folder and the variable that moves it.

Kept apart from :mod:`game.saves.store` so that a command can check the folder before the game
starts without importing the save format (pydantic and the engine), which would delay the first
screen.
"""

from __future__ import annotations

import os
from pathlib import Path

from game.scenario.catalog import REPO_ROOT

ENV_VAR = "WARGAME_SAVES_DIR"
"""The environment variable that moves the saves folder (``--saves-dir`` overrides it)."""

DEFAULT_SAVES_DIR = REPO_ROOT / "saves"
"""The project's ``saves/`` folder."""


def saves_dir(explicit: Path | str | None = None) -> Path:
    """The saves folder: ``explicit`` (from ``--saves-dir``), else ``$WARGAME_SAVES_DIR``, else ``saves/``."""
    if explicit is not None and str(explicit):
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env).expanduser() if env else DEFAULT_SAVES_DIR
