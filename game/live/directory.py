"""Where live games are kept: one database per game, named by its code, in the live folder.

The folder is ``--live-dir DIR`` if given, else ``$WARGAME_LIVE_DIR``, else ``live/`` inside the
saves folder (``saves/live/`` by default). Every process of a game - the host, the seats joined by
terminal, SSH or browser - must see the same folder, so they all run on the host machine.
"""

from __future__ import annotations

import os
from pathlib import Path

from game.live.codes import read_code
from game.live.store import SUFFIX

ENV_VAR = "WARGAME_LIVE_DIR"


def live_dir(explicit: Path | str | None = None) -> Path:
    """The live games' folder: ``explicit``, else ``$WARGAME_LIVE_DIR``, else ``<saves folder>/live``."""
    if explicit is not None and str(explicit):
        return Path(explicit).expanduser()
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env).expanduser()
    from game.saves import saves_dir

    return saves_dir() / "live"


def game_path(code: str, directory: Path | str | None = None) -> Path:
    """The database of the game ``code`` (as typed: it is normalised and checked first)."""
    return live_dir(directory) / f"{read_code(code)}{SUFFIX}"


def list_games(directory: Path | str | None = None) -> list[Path]:
    """The live games' databases in the folder, newest first."""
    folder = live_dir(directory)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"*{SUFFIX}") if p.is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)
